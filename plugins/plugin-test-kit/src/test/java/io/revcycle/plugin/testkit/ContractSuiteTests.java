package io.revcycle.plugin.testkit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import io.revcycle.plugin.api.PluginApi;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.testkit.plugins.SloppyConnectorFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract suite fails a connector for each clause it breaks, and skips what it does
 * not offer.
 */
class ContractSuiteTests {

	@Test
	void failsASloppyConnectorClauseByClause() {
		Map<String, Set<String>> outcomes = run(SloppyConnectorContract.class);

		assertThat(outcomes.get("FAILED")).containsExactlyInAnyOrder("descriptorVersionIsSemantic",
				"descriptorDeclaresTheEventsItProduces", "descriptorDeclaresTheHostsItCalls",
				"everyConfigFieldIsDescribed", "checkWithBadCredentialsFailsCleanly", "signedWebhookIsAccepted",
				"redeliveredWebhookYieldsTheSameExternalIds", "tamperedWebhookIsRejected", "staleWebhookIsRejected",
				"forgedWebhooksAreRejected", "secretsNeverLeak");
		assertThat(outcomes.get("SKIPPED")).containsExactlyInAnyOrder("firstPollReadsEventsAndACursor",
				"pollFromTheCursorReadsNothingAlreadyRead", "pollIsRepeatable", "actionTypeIsDeclared",
				"performingTheSameKeyTwiceHasOneEffect", "invalidConfigurationsAreRejectedNamingTheField");
		assertThat(outcomes.get("SUCCESSFUL")).containsExactlyInAnyOrder("descriptorIdIsThePluginId",
				"descriptorRequiresThisPluginApi", "descriptorDeclaresItsActions", "validConfigurationPasses",
				"webhooksAreHandledWithoutNetworkIo");
	}

	private static Map<String, Set<String>> run(Class<?> testClass) {
		Map<String, Set<String>> outcomes = new ConcurrentHashMap<>();
		for (String outcome : List.of("FAILED", "SKIPPED", "SUCCESSFUL", "ABORTED")) {
			outcomes.put(outcome, new TreeSet<>());
		}
		TestExecutionListener listener = new TestExecutionListener() {

			@Override
			public void executionSkipped(TestIdentifier test, String reason) {
				record(test, "SKIPPED");
			}

			@Override
			public void executionFinished(TestIdentifier test, TestExecutionResult result) {
				// an assumption that fails aborts the test: JUnit reports it as skipped
				String outcome = result.getStatus().name();
				record(test, "ABORTED".equals(outcome) ? "SKIPPED" : outcome);
			}

			private void record(TestIdentifier test, String outcome) {
				test.getSource()
					.filter(MethodSource.class::isInstance)
					.map((source) -> ((MethodSource) source).getMethodName())
					.ifPresent((method) -> outcomes.get(outcome).add(method));
			}

		};
		LauncherFactory.create()
			.execute(LauncherDiscoveryRequestBuilder.request()
				.selectors(DiscoverySelectors.selectClass(testClass))
				.build(), listener);
		return outcomes;
	}

	/** Run by the test above only (surefire skips nested classes). */
	static class SloppyConnectorContract extends ConnectorContract {

		@Override
		protected Path pluginJar(Path tempDir) throws Exception {
			return PluginJar.builder(tempDir.resolve("sloppy.jar"))
				.pluginId("sloppy")
				.requires(PluginApi.REQUIRES)
				.addClass(SloppyConnectorFactory.class)
				.factory(SloppyConnectorFactory.class.getName())
				.build();
		}

		@Override
		protected Map<String, String> validConfig() {
			return Map.of("apiKey", "sloppy-key-31d8");
		}

		@Override
		protected Map<String, Map<String, String>> invalidConfigs() {
			return Map.of();
		}

		@Override
		protected Optional<Map<String, String>> badCredentialsConfig() {
			return Optional.of(Map.of("apiKey", "wrong-key-77c2"));
		}

		@Override
		protected Optional<WebhookFixture> webhooks() {
			return Optional.of(new WebhookFixture() {

				@Override
				public WebhookRequest signed(Instant at) {
					return request("{\"id\":\"evt_7\",\"at\":" + at.getEpochSecond() + "}", "t=" + at.getEpochSecond());
				}

				@Override
				public List<WebhookRequest> forged(Instant at) {
					return List.of(request("{\"id\":\"evt_7\"}", null));
				}

				private WebhookRequest request(String body, String signature) {
					Map<String, List<String>> headers = (signature != null) ? Map.of("X-Sig", List.of(signature))
							: Map.of();
					return new WebhookRequest("POST", URI.create("https://revcycle.example/hooks/acme/1"), headers,
							body.getBytes(StandardCharsets.UTF_8), null, Instant.EPOCH);
				}

			});
		}

	}

}
