package io.revcycle.legacy;

import java.util.Set;

import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.PluginApi;

/**
 * A connector compiled against plugin API 1.0.0 whose {@link Connector} is a lambda: in
 * 1.0.0 {@code check()} was its only abstract method. Since 1.1.0 gave it a default the
 * source no longer compiles, but this compiled class must still link and run.
 */
public final class LegacyLambdaConnectorFactory implements ConnectorFactory {

	@Override
	public ConnectorDescriptor descriptor() {
		return new ConnectorDescriptor("legacy-lambda", "Legacy lambda", "1.0.0", PluginApi.REQUIRES,
				ConnectorDescriptor.Category.OTHER, "A lambda connector built against plugin API 1.0.0", Set.of(),
				Set.of(), Set.of());
	}

	@Override
	public ConfigSpec configSpec() {
		return ConfigSpec.of();
	}

	@Override
	public Connector create(ConnectorContext context) {
		return () -> CheckResult.ok("checked by a lambda compiled against plugin API 1.0.0 for " + context.tenant());
	}

}
