package io.revcycle.plugin.api;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A connector instance's configuration: validated against the {@link ConfigSpec}, with
 * defaults applied and secrets decrypted. {@link #toString()} shows the field names only,
 * so a configuration written to a log leaks no secret.
 *
 * @param values the values by field name; fields without a value are absent
 */
public record ConnectorConfig(Map<String, String> values) {

	public ConnectorConfig {
		values = Map.copyOf(values);
	}

	/** The value of a field, if it has one. */
	public Optional<String> get(String name) {
		return Optional.ofNullable(this.values.get(name));
	}

	/**
	 * The value of a field the specification requires (or gives a default).
	 * @throws IllegalStateException when the field has no value
	 */
	public String require(String name) {
		return get(name).orElseThrow(() -> new IllegalStateException("Configuration field '" + name + "' is not set"));
	}

	/** An {@link ConfigField.Type#INTEGER} field, or {@code otherwise}. */
	public long integer(String name, long otherwise) {
		return get(name).map(String::trim).map(Long::parseLong).orElse(otherwise);
	}

	/** A {@link ConfigField.Type#BOOLEAN} field, or {@code otherwise}. */
	public boolean bool(String name, boolean otherwise) {
		return get(name).map(String::trim).map(Boolean::parseBoolean).orElse(otherwise);
	}

	/** A {@link ConfigField.Type#LIST} field: its trimmed, non-empty items. */
	public List<String> list(String name) {
		return get(name).map((v) -> Arrays.stream(v.split(",")).map(String::trim).filter((s) -> !s.isEmpty()).toList())
			.orElse(List.of());
	}

	@Override
	public String toString() {
		return "ConnectorConfig" + this.values.keySet();
	}

}
