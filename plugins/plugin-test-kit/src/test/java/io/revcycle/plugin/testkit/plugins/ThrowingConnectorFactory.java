package io.revcycle.plugin.testkit.plugins;

import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;

/** Cannot even be created. */
public class ThrowingConnectorFactory implements ConnectorFactory {

	public ThrowingConnectorFactory() {
		throw new IllegalStateException("no configuration file found");
	}

	@Override
	public ConnectorDescriptor descriptor() {
		return Descriptors.of("throwing");
	}

	@Override
	public ConfigSpec configSpec() {
		return Descriptors.SPEC;
	}

	@Override
	public Connector create(ConnectorContext context) {
		throw new UnsupportedOperationException();
	}

}
