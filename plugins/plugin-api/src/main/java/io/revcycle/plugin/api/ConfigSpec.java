package io.revcycle.plugin.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration a connector needs, field by field.
 *
 * @param fields the fields, in the order a form shows them; names are unique
 */
public record ConfigSpec(List<ConfigField> fields) {

	public ConfigSpec {
		fields = List.copyOf(fields);
		Set<String> names = new HashSet<>();
		for (ConfigField field : fields) {
			if (!names.add(field.name())) {
				throw new IllegalArgumentException("Field '" + field.name() + "' is declared twice");
			}
			if (field.secret() && field.defaultValue() != null) {
				throw new IllegalArgumentException("Secret field '" + field.name() + "' must not have a default");
			}
		}
	}

	/** A specification of these fields. */
	public static ConfigSpec of(ConfigField... fields) {
		return new ConfigSpec(List.of(fields));
	}

	/** The field of this name. */
	public Optional<ConfigField> field(String name) {
		return this.fields.stream().filter((f) -> f.name().equals(name)).findFirst();
	}

	/**
	 * Checks a configuration: every field against its type and rules, and no field the
	 * specification does not know.
	 * @param values the values as given
	 * @return one problem per field that is wrong; empty when the configuration is valid
	 */
	public List<ConfigProblem> validate(Map<String, String> values) {
		List<ConfigProblem> problems = new ArrayList<>();
		for (String name : values.keySet()) {
			if (field(name).isEmpty()) {
				problems.add(new ConfigProblem(name, "is not a field of this connector"));
			}
		}
		for (ConfigField field : this.fields) {
			String problem = field.problemWith(values.get(field.name()));
			if (problem != null) {
				problems.add(new ConfigProblem(field.name(), problem));
			}
		}
		return problems;
	}

	/**
	 * The configuration with the defaults applied to fields given no value.
	 * @param values the values as given (already validated)
	 * @return the configuration a connector receives
	 */
	public ConnectorConfig withDefaults(Map<String, String> values) {
		Map<String, String> resolved = new LinkedHashMap<>();
		for (ConfigField field : this.fields) {
			String value = values.get(field.name());
			if (value == null || value.isBlank()) {
				value = field.defaultValue();
			}
			if (value != null) {
				resolved.put(field.name(), value);
			}
		}
		return new ConnectorConfig(resolved);
	}

}
