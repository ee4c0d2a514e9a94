package io.revcycle.connectors.testplugins;

import java.util.List;
import java.util.Set;

import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;

/**
 * A plugin written for a plugin API this host does not implement (2.x): packaged with
 * {@code Plugin-Requires: >=2.0.0}, so it must be refused.
 */
public class FutureConnectorFactory implements ConnectorFactory {

	@Override
	public ConnectorDescriptor descriptor() {
		return new ConnectorDescriptor("future", "Future", "1.0.0", ">=2.0.0", ConnectorDescriptor.Category.OTHER,
				"Needs plugin API 2", Set.of(), Set.of(), Set.of());
	}

	@Override
	public ConfigSpec configSpec() {
		return new ConfigSpec(List.of());
	}

	@Override
	public Connector create(ConnectorContext context) {
		return new Connector() {
		};
	}

}
