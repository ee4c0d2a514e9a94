package io.revcycle.connectors;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.revcycle.plugin.host.LoadedConnector;

/** What the connectors API answers: records, never maps. */
final class ConnectorViews {

	private ConnectorViews() {
	}

	/**
	 * An installed connector with its configuration spec.
	 *
	 * @param id its id
	 * @param name its name
	 * @param version the descriptor's version
	 * @param pluginVersion the jar's version
	 * @param sha256 the jar's checksum, as allowed
	 * @param requires the plugin API range it was built for
	 * @param category what kind of system it connects
	 * @param description what it does
	 * @param produces the event types it produces
	 * @param actions the actions it performs
	 * @param hosts the hosts it may call
	 * @param configSpec the fields of its configuration
	 */
	record Connector(String id, String name, String version, String pluginVersion, String sha256, String requires,
			String category, String description, List<String> produces, List<String> actions, List<String> hosts,
			ConfigSpec configSpec) {

		static Connector of(LoadedConnector connector) {
			return new Connector(connector.id(), connector.descriptor().name(), connector.descriptor().version(),
					connector.version(), connector.sha256(), connector.descriptor().requires(),
					String.valueOf(connector.descriptor().category()), connector.descriptor().description(),
					connector.descriptor().produces().stream().sorted().toList(),
					connector.descriptor().actions().stream().sorted().toList(),
					connector.descriptor().hosts().stream().sorted().toList(),
					new ConfigSpec(connector.spec()
						.fields()
						.stream()
						.map((f) -> new Field(f.name(), String.valueOf(f.type()), f.displayName(), f.description(),
								f.required(), f.secret(), f.defaultValue(), f.pattern(), f.options(), f.min(), f.max()))
						.toList()));
		}

	}

	/**
	 * A connector's configuration fields, so a form can be drawn for any connector.
	 *
	 * @param fields the fields, in order
	 */
	record ConfigSpec(List<Field> fields) {
	}

	/**
	 * A configuration field.
	 *
	 * @param name its name
	 * @param type its type
	 * @param displayName its label
	 * @param description what it is for
	 * @param required whether it must be given
	 * @param secret whether it is a secret (write-only)
	 * @param defaultValue its default, or null
	 * @param pattern a regular expression values match, or null
	 * @param options the values it takes, or empty
	 * @param min the least number, or null
	 * @param max the greatest number, or null
	 */
	record Field(String name, String type, String displayName, String description, boolean required, boolean secret,
			@com.fasterxml.jackson.annotation.JsonProperty("default") String defaultValue, String pattern,
			List<String> options, Long min, Long max) {
	}

	/**
	 * A tenant's connector instance, as the API shows it.
	 *
	 * @param id its id
	 * @param connectorId the connector
	 * @param name its name
	 * @param config its configuration, without secrets
	 * @param secretsSet the secret fields that have a value
	 * @param secretsProblem why the secrets cannot be read, when they cannot
	 * @param enabled whether it takes webhooks and polls
	 * @param pollEverySeconds how often it is polled, or null
	 * @param health its health
	 * @param webhookUrl where the remote system sends webhooks (a path on the gateway)
	 * @param createdAt when it was created
	 * @param updatedAt when it last changed
	 */
	record InstanceView(UUID id, String connectorId, String name, Map<String, String> config, List<String> secretsSet,
			@JsonInclude(JsonInclude.Include.NON_NULL) String secretsProblem, boolean enabled, Integer pollEverySeconds,
			Health health, String webhookUrl, Instant createdAt, Instant updatedAt) {
	}

	/**
	 * An instance's health.
	 *
	 * @param state {@code HEALTHY}, {@code UNHEALTHY} or {@code OPEN} (calls suspended)
	 * @param healthy whether it is healthy
	 * @param lastError the last failure, or null
	 * @param since when it entered this state
	 */
	record Health(String state, boolean healthy, String lastError, Instant since) {
	}

	/**
	 * The answer of a check.
	 *
	 * @param ok whether the connector reached its system
	 * @param message what it said
	 */
	record Check(boolean ok, String message) {
	}

}
