package io.revcycle.plugin.host;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigProblem;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorConfig;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.PluginApi;

import static io.revcycle.plugin.host.Stubs.checking;
import static org.assertj.core.api.Assertions.assertThat;

class LoadedConnectorTests {

	private static final ConfigSpec SPEC = ConfigSpec.of(ConfigField.string("apiKey").asRequired().asSecret(),
			ConfigField.oneOf("mode", "live", "test").withDefault("live"),
			ConfigField.string("prefix").withValidation((v) -> {
				if (v.equals("boom")) {
					throw new IllegalStateException("validator bug");
				}
				return null;
			}));

	private final LoadedConnector connector = loaded(new Factory());

	@Test
	void checksTheSpecFirstThenTheFactoryWithDefaultsApplied() {
		assertThat(this.connector.validate(Map.of("mode", "live"))).extracting(ConfigProblem::field)
			.containsExactly("apiKey");
		assertThat(this.connector.validate(Map.of("apiKey", "sk_live_1")))
			.as("the factory saw the default mode 'live' and refuses a test key there")
			.isEmpty();
		assertThat(this.connector.validate(Map.of("apiKey", "sk_test_1"))).extracting(ConfigProblem::field)
			.containsExactly("apiKey");
		assertThat(this.connector.validate(Map.of("apiKey", "sk_test_1", "mode", "test"))).isEmpty();
	}

	@Test
	void resolvesTheDefaults() {
		assertThat(this.connector.resolve(Map.of("apiKey", "sk_live_1")).values())
			.containsExactlyInAnyOrderEntriesOf(Map.of("apiKey", "sk_live_1", "mode", "live"));
	}

	@Test
	void reportsAFailingCheckOfThePluginWithoutItsMessage() {
		assertThat(this.connector.validate(Map.of("apiKey", "sk_live_1", "prefix", "boom"))).singleElement()
			.satisfies((problem) -> {
				assertThat(problem.field()).isEqualTo("*");
				assertThat(problem.message()).contains("IllegalStateException").doesNotContain("validator bug");
			});
		LoadedConnector throwing = loaded(new Factory() {

			@Override
			public List<ConfigProblem> validate(ConnectorConfig config) {
				throw new IllegalArgumentException("key " + config.require("apiKey"));
			}

		});
		assertThat(throwing.validate(Map.of("apiKey", "sk_live_1"))).singleElement()
			.satisfies((problem) -> assertThat(problem.message()).doesNotContain("sk_live_1"));
	}

	@Test
	void masksTheSubmittedSecretsInEveryProblem() {
		LoadedConnector echoing = loaded(new Factory() {

			@Override
			public List<ConfigProblem> validate(ConnectorConfig config) {
				return List.of(new ConfigProblem("apiKey", "key " + config.require("apiKey") + " is revoked"),
						new ConfigProblem("mode", "mode " + config.require("mode") + " is not for sk_live_9f"));
			}

		});
		assertThat(echoing.validate(Map.of("apiKey", "sk_live_9f", "mode", "live"))).containsExactly(
				new ConfigProblem("apiKey", "key **** is revoked"),
				new ConfigProblem("mode", "mode live is not for ****"));

		ConfigSpec echoingSpec = ConfigSpec.of(ConfigField.string("apiKey")
			.asRequired()
			.asSecret()
			.withValidation(
					(v) -> v.startsWith("sk_") ? null : "must start with sk_, not " + v.substring(0, 4) + " in " + v));
		LoadedConnector validating = new LoadedConnector("stub", "1.0.0", Path.of("stub.jar"), "0".repeat(64),
				new Factory(), new Factory().descriptor(), echoingSpec);
		assertThat(validating.validate(Map.of("apiKey", "pk_live_31")))
			.containsExactly(new ConfigProblem("apiKey", "must start with sk_, not pk_l in ****"));
	}

	private static LoadedConnector loaded(ConnectorFactory factory) {
		return new LoadedConnector("stub", "1.0.0", Path.of("stub.jar"), "0".repeat(64), factory, factory.descriptor(),
				factory.configSpec());
	}

	private static class Factory implements ConnectorFactory {

		@Override
		public ConnectorDescriptor descriptor() {
			return new ConnectorDescriptor("stub", "Stub", "1.0.0", PluginApi.REQUIRES,
					ConnectorDescriptor.Category.OTHER, "", Set.of(), Set.of(), Set.of());
		}

		@Override
		public ConfigSpec configSpec() {
			return SPEC;
		}

		@Override
		public List<ConfigProblem> validate(ConnectorConfig config) {
			boolean testKey = config.require("apiKey").startsWith("sk_test_");
			return (testKey == "test".equals(config.require("mode"))) ? List.of()
					: List.of(new ConfigProblem("apiKey", "does not fit the mode"));
		}

		@Override
		public Connector create(ConnectorContext context) {
			return checking(() -> CheckResult.ok("fine"));
		}

	}

}
