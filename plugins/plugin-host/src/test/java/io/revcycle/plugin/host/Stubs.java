package io.revcycle.plugin.host;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Function;

import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.PluginApi;

/** Connectors made of lambdas, loaded without a jar, for tests of the runtime. */
final class Stubs {

	static final ConfigSpec SPEC = ConfigSpec.of(ConfigField.string("apiKey").asRequired().asSecret(),
			ConfigField.string("account").withDefault("main"));

	private Stubs() {
	}

	/**
	 * What a connector's check does. A Connector itself is no functional interface since
	 * API 1.1.0 gave check() a default.
	 */
	@FunctionalInterface
	interface Check {

		CheckResult check() throws IOException;

	}

	/** A connector that only checks. */
	static Connector checking(Check check) {
		return new Connector() {

			@Override
			public CheckResult check() throws IOException {
				return check.check();
			}

		};
	}

	static LoadedConnector loaded(Function<ConnectorContext, Connector> create) {
		return loaded(Set.of("api.example.com"), Set.of("notify"), create);
	}

	static LoadedConnector loaded(Set<String> hosts, Set<String> actions,
			Function<ConnectorContext, Connector> create) {
		ConnectorDescriptor descriptor = new ConnectorDescriptor("stub", "Stub", "1.0.0", PluginApi.REQUIRES,
				ConnectorDescriptor.Category.OTHER, "A connector for tests", Set.of("note"), actions, hosts);
		ConnectorFactory factory = new ConnectorFactory() {

			@Override
			public ConnectorDescriptor descriptor() {
				return descriptor;
			}

			@Override
			public ConfigSpec configSpec() {
				return SPEC;
			}

			@Override
			public Connector create(ConnectorContext context) {
				return create.apply(context);
			}

		};
		return new LoadedConnector("stub", "1.0.0", Path.of("stub.jar"), "0".repeat(64), factory, descriptor, SPEC);
	}

}
