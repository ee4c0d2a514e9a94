package io.revcycle.plugin.host;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.ConnectorConfig;

/**
 * The secret values of one configuration, and what removes them from text: every value of
 * a field the specification marks secret becomes {@value #MASK}.
 */
final class Secrets {

	static final String MASK = "****";

	private static final int MAX_CAUSES = 8;

	private final List<String> values;

	private Secrets(List<String> values) {
		this.values = values;
	}

	static Secrets of(ConfigSpec spec, ConnectorConfig config) {
		List<String> values = new ArrayList<>();
		for (ConfigField field : spec.fields()) {
			if (field.secret()) {
				config.get(field.name()).filter((v) -> !v.isEmpty()).ifPresent(values::add);
			}
		}
		// longest first, so a secret that contains another is masked whole
		values.sort(Comparator.comparingInt(String::length).reversed());
		return new Secrets(List.copyOf(values));
	}

	static Secrets none() {
		return new Secrets(List.of());
	}

	/** The text with every secret value replaced; null stays null. */
	String mask(String text) {
		if (text == null) {
			return null;
		}
		String masked = text;
		for (String value : this.values) {
			masked = masked.replace(value, MASK);
		}
		return masked;
	}

	/**
	 * A copy of a throwable that is safe to log or keep: its class name and masked
	 * message, its stack trace, and its causes treated alike. The copy holds no reference
	 * to the plugin's classes, so it does not keep an unloaded plugin's class loader
	 * alive.
	 */
	Throwable sanitize(Throwable thrown) {
		return sanitize(thrown, new IdentityHashMap<>(), 0);
	}

	private Throwable sanitize(Throwable thrown, Map<Throwable, Throwable> seen, int depth) {
		if (thrown == null) {
			return null;
		}
		Throwable copy = seen.get(thrown);
		if (copy != null) {
			return copy;
		}
		copy = new PluginException(describe(thrown));
		copy.setStackTrace(thrown.getStackTrace());
		seen.put(thrown, copy);
		if (depth < MAX_CAUSES && thrown.getCause() != null && thrown.getCause() != thrown) {
			copy.initCause(sanitize(thrown.getCause(), seen, depth + 1));
		}
		return copy;
	}

	/** {@code ClassName: masked message}, as {@link Throwable#toString()} but masked. */
	String describe(Throwable thrown) {
		String message = thrown.getMessage();
		String name = thrown.getClass().getName();
		return (message != null) ? name + ": " + mask(message) : name;
	}

	/** A throwable of a plugin, copied by {@link #sanitize(Throwable)}. */
	static final class PluginException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		PluginException(String description) {
			super(description);
		}

		@Override
		public String toString() {
			// the message already starts with the original class name
			return getMessage();
		}

	}

}
