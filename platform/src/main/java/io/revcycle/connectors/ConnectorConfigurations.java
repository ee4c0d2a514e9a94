package io.revcycle.connectors;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.kernel.Conflict;
import io.revcycle.kernel.InvalidInput;
import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigProblem;
import io.revcycle.plugin.host.LoadedConnector;
import io.revcycle.secrets.SecretBox;

import org.springframework.stereotype.Component;

/**
 * The current tenant's connector instances as configuration as code reads and changes
 * them: the values of the fields the connector's spec does not mark secret. Secrets never
 * leave this feature; a change keeps the secrets stored, and an instance is validated
 * against its connector's spec exactly as the API does.
 */
@Component
public class ConnectorConfigurations {

	/** More instances than any tenant keeps; the list is read whole. */
	private static final int ALL = 10_000;

	private final Plugins plugins;

	private final Instances instances;

	private final Runtimes runtimes;

	ConnectorConfigurations(Plugins plugins, Instances instances, Runtimes runtimes) {
		this.plugins = plugins;
		this.instances = instances;
		this.runtimes = runtimes;
	}

	/**
	 * An instance without its secrets.
	 *
	 * @param id the instance
	 * @param connector the connector (plugin) id
	 * @param name the tenant's name for it
	 * @param config the values of its non-secret fields
	 * @param pollEverySeconds how often it is polled, or null for never
	 * @param enabled whether it takes webhooks, polls and actions
	 */
	public record Configured(UUID id, String connector, String name, Map<String, String> config,
			Integer pollEverySeconds, boolean enabled) {
	}

	/** Every instance of the tenant, oldest first. */
	public List<Configured> all() {
		return this.instances.page(null, null, ALL)
			.stream()
			.sorted(Comparator.comparing(Instance::createdAt).thenComparing(Instance::id))
			.map((i) -> new Configured(i.id(), i.connectorId(), i.name(), i.settings(), i.pollEverySeconds(),
					i.enabled()))
			.toList();
	}

	/**
	 * Creates an instance. A connector whose spec requires a secret cannot be created
	 * without it: create it through the API with its secrets first.
	 * @throws InvalidInput naming {@code connector} or {@code config.<field>}
	 */
	public UUID create(String connectorId, String name, Map<String, String> config, Integer pollEverySeconds,
			boolean enabled) {
		LoadedConnector connector = installed(connectorId);
		Map<String, String> values = new LinkedHashMap<>(config);
		validate(connector, values, "; a secret is never in the document: create this instance with its "
				+ "secrets through POST /api/v1/connector-instances first");
		Instance instance = this.instances.create(connector.id(), name, connector.spec(), values, pollEverySeconds);
		if (!enabled) {
			this.instances.update(instance, name, connector.spec(), values, pollEverySeconds, false);
		}
		return instance.id();
	}

	/**
	 * Changes an instance's name, non-secret values, polling and whether it is enabled;
	 * the secrets stored stay.
	 * @throws InvalidInput naming {@code config.<field>} when the values do not fit the
	 * connector's spec
	 */
	public void change(UUID id, String name, Map<String, String> config, Integer pollEverySeconds, boolean enabled) {
		Instance instance = this.instances.find(id).orElseThrow();
		LoadedConnector connector = installed(instance.connectorId());
		Map<String, String> values = new LinkedHashMap<>(config);
		List<String> secret = connector.spec()
			.fields()
			.stream()
			.filter(ConfigField::secret)
			.map(ConfigField::name)
			.toList();
		values.keySet().removeAll(secret);
		Map<String, String> stored;
		try {
			stored = this.instances.values(instance);
		}
		catch (SecretBox.Unreadable ex) {
			throw new Conflict("The stored secrets of connector instance '" + instance.name()
					+ "' cannot be opened with this platform's secrets key: set them again through the API.");
		}
		secret.stream().filter(stored::containsKey).forEach((field) -> values.put(field, stored.get(field)));
		validate(connector, values, "");
		this.instances.update(instance, name, connector.spec(), values, pollEverySeconds, enabled);
		this.runtimes.forget(id);
	}

	private LoadedConnector installed(String connectorId) {
		return this.plugins.connector(connectorId)
			.orElseThrow(() -> InvalidInput.of("connector",
					"no connector '" + connectorId + "' is installed; GET /api/v1/connectors lists them"));
	}

	private void validate(LoadedConnector connector, Map<String, String> values, String hint) {
		List<ConfigProblem> problems = this.runtimes.validate(connector, values);
		if (!problems.isEmpty()) {
			InvalidInput.Collector found = new InvalidInput.Collector();
			problems.forEach((p) -> found.add("config." + p.field(), p.message() + (secret(connector, p) ? hint : "")));
			found.throwIfAny();
		}
	}

	private static boolean secret(LoadedConnector connector, ConfigProblem problem) {
		return connector.spec()
			.fields()
			.stream()
			.anyMatch((field) -> field.secret() && field.name().equals(problem.field()));
	}

}
