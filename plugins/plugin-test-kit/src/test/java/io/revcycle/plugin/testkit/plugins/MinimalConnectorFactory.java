package io.revcycle.plugin.testkit.plugins;

import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;

/**
 * Offers nothing: no configuration, no webhooks, polls or actions, and the default check;
 * its descriptor leaves version and range to the jar.
 */
public class MinimalConnectorFactory implements ConnectorFactory {

	@Override
	public ConnectorDescriptor descriptor() {
		return ConnectorDescriptor.of("minimal", "Minimal").description("Offers nothing").build();
	}

	@Override
	public ConfigSpec configSpec() {
		return ConfigSpec.of();
	}

	@Override
	public Connector create(ConnectorContext context) {
		return new Connector() {
		};
	}

}
