package io.revcycle.plugin.host;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.revcycle.plugin.api.ActionResult;
import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigProblem;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.ConnectorConfig;
import io.revcycle.plugin.api.WebhookResult;

/**
 * The secret values of one configuration, and what removes them from text: every value of
 * a field the specification marks secret becomes {@value #MASK}, in log lines, in
 * messages of failures, and in the texts of what a connector returns.
 */
final class Secrets {

	static final String MASK = "****";

	private static final int MAX_CAUSES = 8;

	private final List<String> values;

	private Secrets(List<String> values) {
		this.values = values;
	}

	static Secrets of(ConfigSpec spec, ConnectorConfig config) {
		return of(spec, config.values());
	}

	/**
	 * The secrets of a configuration as a tenant submitted it: not validated, values may
	 * be missing or null.
	 */
	static Secrets of(ConfigSpec spec, Map<String, String> values) {
		List<String> secrets = new ArrayList<>();
		for (ConfigField field : spec.fields()) {
			String value = field.secret() ? values.get(field.name()) : null;
			if (value != null && !value.isEmpty()) {
				secrets.add(value);
			}
		}
		return sorted(secrets);
	}

	private static Secrets sorted(List<String> values) {
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
	 * A check result whose message is masked; the same result when it holds no secret.
	 */
	CheckResult mask(CheckResult result) {
		String message = mask(result.message());
		return Objects.equals(message, result.message()) ? result : new CheckResult(result.ok(), message);
	}

	/**
	 * A webhook result whose reason is masked; the same result when it holds no secret.
	 */
	WebhookResult mask(WebhookResult result) {
		String reason = mask(result.reason());
		return Objects.equals(reason, result.reason()) ? result
				: new WebhookResult(result.outcome(), result.events(), reason, result.retryAfter(), result.reply());
	}

	/**
	 * An action result whose message and the texts in its output (in nested maps and
	 * collections too) are masked; the same result when it holds no secret.
	 */
	ActionResult mask(ActionResult result) {
		String message = mask(result.message());
		Object output = maskValue(result.output());
		if (Objects.equals(message, result.message()) && output == result.output()) {
			return result;
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> masked = (Map<String, Object>) output;
		return new ActionResult(result.status(), result.externalId(), message, result.retryAfter(), masked);
	}

	/** A problem whose message is masked; the same problem when it holds no secret. */
	ConfigProblem mask(ConfigProblem problem) {
		String message = mask(problem.message());
		return Objects.equals(message, problem.message()) ? problem : new ConfigProblem(problem.field(), message);
	}

	/**
	 * A string masked, a map or collection copied with its values masked; anything else,
	 * and anything that holds no secret, as it is.
	 */
	private Object maskValue(Object value) {
		if (this.values.isEmpty()) {
			return value;
		}
		if (value instanceof String text) {
			return mask(text);
		}
		if (value instanceof Map<?, ?> map) {
			Map<Object, Object> copy = new LinkedHashMap<>();
			boolean changed = false;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				Object masked = maskValue(entry.getValue());
				changed |= masked != entry.getValue() && !Objects.equals(masked, entry.getValue());
				copy.put(entry.getKey(), masked);
			}
			return changed ? Collections.unmodifiableMap(copy) : value;
		}
		if (value instanceof Collection<?> collection) {
			Collection<Object> copy = (value instanceof Set) ? new LinkedHashSet<>() : new ArrayList<>();
			boolean changed = false;
			for (Object item : collection) {
				Object masked = maskValue(item);
				changed |= masked != item && !Objects.equals(masked, item);
				copy.add(masked);
			}
			if (!changed) {
				return value;
			}
			return (copy instanceof Set<Object> set) ? Collections.unmodifiableSet(set)
					: Collections.unmodifiableList((List<Object>) copy);
		}
		return value;
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
