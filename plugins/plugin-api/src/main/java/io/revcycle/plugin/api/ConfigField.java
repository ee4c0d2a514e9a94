package io.revcycle.plugin.api;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A field of a connector's configuration that describes itself, so the console can render
 * a form for any connector and the host can validate it before an instance is saved.
 * Built fluently: <pre>{@code
 * ConfigField.string("webhookSecret").withDisplayName("Signing secret").asRequired().asSecret()
 * 	.withPattern("whsec_[A-Za-z0-9]+").withDescription("The endpoint's signing secret, from the Stripe dashboard")
 * }</pre>
 *
 * @param name the key in the configuration (letters and digits, starting with a letter)
 * @param type the type of the value
 * @param displayName the label shown to tenants
 * @param description what the field is and where to find its value
 * @param required whether a value must be given (a default counts)
 * @param secret whether the value is a secret: encrypted at rest, never returned by the
 * API nor written to a log
 * @param defaultValue the value used when none is given, or null
 * @param pattern a regular expression the whole value must match, or null
 * @param options the allowed values of an {@link Type#ENUM} field
 * @param min the smallest value of an {@link Type#INTEGER} field, or null
 * @param max the largest value of an {@link Type#INTEGER} field, or null
 * @param validator a further check, or null
 */
public record ConfigField(String name, Type type, String displayName, String description, boolean required,
		boolean secret, String defaultValue, String pattern, List<String> options, Long min, Long max,
		Validator validator) {

	/** Value types; every value travels as a string and is checked against its type. */
	public enum Type {

		/** One line of text. */
		STRING,
		/** Several lines of text (a PEM key, a template). */
		TEXT,
		/** A whole number. */
		INTEGER,
		/** {@code true} or {@code false}. */
		BOOLEAN,
		/** An absolute http or https URL. */
		URL,
		/** An email address. */
		EMAIL,
		/** One of {@link ConfigField#options()}. */
		ENUM,
		/** A comma-separated list of strings. */
		LIST

	}

	/** A further check of a value that passed the type check. */
	@FunctionalInterface
	public interface Validator {

		/**
		 * Checks a value.
		 * @param value the value, never null or blank
		 * @return null when the value is fine, else what is wrong with it
		 */
		String check(String value);

	}

	private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]{0,63}");

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

	public ConfigField {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(type, "type");
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Field name '" + name + "' must be letters and digits");
		}
		displayName = (displayName != null) ? displayName : name;
		description = (description != null) ? description : "";
		options = (options != null) ? List.copyOf(options) : List.of();
	}

	/** A field of the given type, optional, not secret. */
	public static ConfigField of(String name, Type type) {
		return new ConfigField(name, type, null, null, false, false, null, null, null, null, null, null);
	}

	/** A one-line text field. */
	public static ConfigField string(String name) {
		return of(name, Type.STRING);
	}

	/** A whole number. */
	public static ConfigField integer(String name) {
		return of(name, Type.INTEGER);
	}

	/** A yes/no field. */
	public static ConfigField bool(String name) {
		return of(name, Type.BOOLEAN);
	}

	/** An http(s) URL. */
	public static ConfigField url(String name) {
		return of(name, Type.URL);
	}

	/** One of the options. */
	public static ConfigField oneOf(String name, String... options) {
		return of(name, Type.ENUM).withOptions(List.of(options));
	}

	public ConfigField withDisplayName(String displayName) {
		return new ConfigField(this.name, this.type, displayName, this.description, this.required, this.secret,
				this.defaultValue, this.pattern, this.options, this.min, this.max, this.validator);
	}

	public ConfigField withDescription(String description) {
		return new ConfigField(this.name, this.type, this.displayName, description, this.required, this.secret,
				this.defaultValue, this.pattern, this.options, this.min, this.max, this.validator);
	}

	public ConfigField asRequired() {
		return new ConfigField(this.name, this.type, this.displayName, this.description, true, this.secret,
				this.defaultValue, this.pattern, this.options, this.min, this.max, this.validator);
	}

	public ConfigField asSecret() {
		return new ConfigField(this.name, this.type, this.displayName, this.description, this.required, true,
				this.defaultValue, this.pattern, this.options, this.min, this.max, this.validator);
	}

	public ConfigField withDefault(String defaultValue) {
		return new ConfigField(this.name, this.type, this.displayName, this.description, this.required, this.secret,
				defaultValue, this.pattern, this.options, this.min, this.max, this.validator);
	}

	public ConfigField withPattern(String pattern) {
		return new ConfigField(this.name, this.type, this.displayName, this.description, this.required, this.secret,
				this.defaultValue, pattern, this.options, this.min, this.max, this.validator);
	}

	public ConfigField withOptions(List<String> options) {
		return new ConfigField(this.name, this.type, this.displayName, this.description, this.required, this.secret,
				this.defaultValue, this.pattern, options, this.min, this.max, this.validator);
	}

	public ConfigField withRange(Long min, Long max) {
		return new ConfigField(this.name, this.type, this.displayName, this.description, this.required, this.secret,
				this.defaultValue, this.pattern, this.options, min, max, this.validator);
	}

	public ConfigField withValidation(Validator validator) {
		return new ConfigField(this.name, this.type, this.displayName, this.description, this.required, this.secret,
				this.defaultValue, this.pattern, this.options, this.min, this.max, validator);
	}

	/**
	 * Checks a value against this field.
	 * @param value the value, or null when none was given (the default is not applied
	 * here)
	 * @return null when the value is acceptable, else a message that says what to fix (it
	 * never repeats a secret value)
	 */
	public String problemWith(String value) {
		if (value == null || value.isBlank()) {
			return (this.required && this.defaultValue == null) ? "is required" : null;
		}
		String shown = this.secret ? "the value" : "'" + value + "'";
		switch (this.type) {
			case INTEGER -> {
				long number;
				try {
					number = Long.parseLong(value.trim());
				}
				catch (NumberFormatException ex) {
					return "must be a whole number, not " + shown;
				}
				if (this.min != null && number < this.min) {
					return "must be at least " + this.min;
				}
				if (this.max != null && number > this.max) {
					return "must be at most " + this.max;
				}
			}
			case BOOLEAN -> {
				String lower = value.trim().toLowerCase(Locale.ROOT);
				if (!lower.equals("true") && !lower.equals("false")) {
					return "must be true or false";
				}
			}
			case URL -> {
				try {
					URI uri = new URI(value.trim());
					if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
						return "must be an absolute http or https URL";
					}
				}
				catch (java.net.URISyntaxException ex) {
					return "must be an absolute http or https URL";
				}
			}
			case EMAIL -> {
				if (!EMAIL.matcher(value.trim()).matches()) {
					return "must be an email address";
				}
			}
			case ENUM -> {
				if (!this.options.contains(value)) {
					return "must be one of " + this.options;
				}
			}
			default -> {
			}
		}
		if (this.pattern != null && !Pattern.compile(this.pattern).matcher(value).matches()) {
			return this.secret ? "is not in the expected format" : "must match " + this.pattern;
		}
		return (this.validator != null) ? this.validator.check(value) : null;
	}

}
