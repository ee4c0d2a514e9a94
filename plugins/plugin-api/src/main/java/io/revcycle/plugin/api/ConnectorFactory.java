package io.revcycle.plugin.api;

import java.util.List;

/**
 * The entry point of a connector plugin, like a Keycloak {@code ProviderFactory}: one
 * instance per loaded plugin, found through
 * {@code META-INF/services/io.revcycle.plugin.api.ConnectorFactory} in the plugin jar and
 * created with its public no-argument constructor.
 * <p>
 * The factory is shared by every tenant and must hold no tenant state: everything a
 * tenant configured reaches the connector through the {@link ConnectorContext} given to
 * {@link #create(ConnectorContext)}. The host may call any method from several threads at
 * once.
 */
public interface ConnectorFactory {

	/**
	 * What the connector is and may do. Called once when the plugin is loaded; the answer
	 * must not change while the plugin is loaded.
	 * @return the descriptor, never null; its version and range may be null (since
	 * 1.1.0), and the host then takes the jar's {@code Plugin-Version} and
	 * {@code Plugin-Requires}
	 */
	ConnectorDescriptor descriptor();

	/**
	 * The configuration a tenant fills in to use the connector. The host renders a form
	 * from it, validates a configuration against it before saving an instance, applies
	 * the defaults, encrypts the secret fields and never returns them.
	 * @return the specification, never null
	 */
	ConfigSpec configSpec();

	/**
	 * Checks that go beyond single fields (two fields that must agree, a key in the right
	 * format for the chosen mode). Called only after {@link #configSpec()} validation
	 * passed, with the defaults applied; must not do network I/O.
	 * @param config the configuration a tenant proposes
	 * @return the problems found, each naming a field; empty when the configuration is
	 * usable
	 */
	default List<ConfigProblem> validate(ConnectorConfig config) {
		return List.of();
	}

	/**
	 * A connector for one configured instance. Cheap: the host may create one per call or
	 * keep one per instance, and closes it when the instance's configuration changes or
	 * the plugin is unloaded.
	 * @param context the instance's configuration and the host services it may use
	 * @return the connector, never null
	 */
	Connector create(ConnectorContext context);

}
