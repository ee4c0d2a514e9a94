package io.revcycle.plugin.testkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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

import io.revcycle.plugin.api.Hmac;
import io.revcycle.plugin.api.PluginApi;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.testkit.plugins.BookingLikeConnectorFactory;
import io.revcycle.plugin.testkit.plugins.MinimalConnectorFactory;
import io.revcycle.plugin.testkit.plugins.PinnedBookingLikeConnectorFactory;
import io.revcycle.plugin.testkit.plugins.SloppyConnectorFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract suite fails a connector for each clause it breaks, and skips what it does
 * not offer, saying why.
 */
class ContractSuiteTests {

	private static final Set<String> WEBHOOK_CLAUSES = Set.of("signedWebhookIsAccepted",
			"redeliveredWebhookYieldsTheSameExternalIds", "tamperedWebhookIsRejected", "staleWebhookIsRejected",
			"webhookJustInsideTheToleranceIsAccepted", "forgedWebhooksAreRejected",
			"differentActionsGiveDifferentExternalIds", "webhooksAreHandledWithoutNetworkIo");

	private static final Set<String> POLL_AND_ACTION_CLAUSES = Set.of("firstPollReadsEventsAndACursor",
			"pollFromTheCursorReadsNothingAlreadyRead", "pollIsRepeatable", "actionTypeIsDeclared",
			"performingTheSameKeyTwiceHasOneEffect");

	@Test
	void failsASloppyConnectorClauseByClause() {
		Outcomes outcomes = run(SloppyConnectorContract.class);

		assertThat(outcomes.failed()).containsExactlyInAnyOrder("descriptorVersionIsSemantic",
				"descriptorVersionIsThePluginVersion", "descriptorDeclaresTheEventsItProduces",
				"descriptorDeclaresTheHostsItCalls", "everyConfigFieldIsDescribed",
				"checkWithBadCredentialsFailsCleanly", "signedWebhookIsAccepted",
				"redeliveredWebhookYieldsTheSameExternalIds", "tamperedWebhookIsRejected", "staleWebhookIsRejected",
				"forgedWebhooksAreRejected", "differentActionsGiveDifferentExternalIds", "secretsNeverLeak");
		assertThat(outcomes.skipped().keySet()).containsExactlyInAnyOrderElementsOf(
				union(POLL_AND_ACTION_CLAUSES, Set.of("invalidConfigurationsAreRejectedNamingTheField")));
		assertThat(outcomes.successful()).containsExactlyInAnyOrder("descriptorIdIsThePluginId",
				"descriptorRequiresThisPluginApi", "descriptorDeclaresItsActions", "validConfigurationPasses",
				"webhooksAreHandledWithoutNetworkIo", "webhookJustInsideTheToleranceIsAccepted",
				"aConnectorThatTakesWebhooksGivesAFixture");
	}

	@Test
	void aConnectorThatOffersNothingPassesAndEverySkippedClauseSaysWhy() {
		Outcomes outcomes = run(MinimalConnectorContract.class);

		assertThat(outcomes.failed()).isEmpty();
		assertThat(outcomes.skipped().keySet()).containsExactlyInAnyOrderElementsOf(
				union(WEBHOOK_CLAUSES, POLL_AND_ACTION_CLAUSES, Set.of("invalidConfigurationsAreRejectedNamingTheField",
						"checkWithBadCredentialsFailsCleanly", "secretsNeverLeak")));
		assertThat(outcomes.successful()).contains("descriptorVersionIsThePluginVersion",
				"aConnectorThatTakesWebhooksGivesAFixture");
		outcomes.skipped().forEach((clause, reason) -> assertThat(reason).as(clause).isNotBlank());
		assertThat(outcomes.skipped().get("signedWebhookIsAccepted"))
			.startsWith("webhooks() gives no WebhookFixture: the connector takes no webhooks");
		assertThat(outcomes.skipped().get("pollIsRepeatable"))
			.isEqualTo("polling() gives no PollFixture: the connector does not poll");
		assertThat(outcomes.skipped().get("actionTypeIsDeclared"))
			.startsWith("actions() gives no ActionFixture: the connector performs no actions");
		assertThat(outcomes.skipped().get("checkWithBadCredentialsFailsCleanly"))
			.startsWith("badCredentialsConfig() gives none");
		assertThat(outcomes.skipped().get("invalidConfigurationsAreRejectedNamingTheField"))
			.startsWith("invalidConfigs() gives none");
		assertThat(outcomes.skipped().get("secretsNeverLeak")).contains("no secret values");
	}

	@Test
	void theSummaryAfterTheClassListsEverySkippedClauseWithItsReason() {
		Outcomes outcomes = run(MinimalConnectorContract.class);

		assertThat(outcomes.printed()).contains("Connector contract, MinimalConnectorContract: "
				+ outcomes.successful().size() + " passed, 0 failed, " + outcomes.skipped().size() + " skipped");
		assertThat(outcomes.printed().lines().filter((line) -> line.startsWith("  SKIPPED ")))
			.hasSize(outcomes.skipped().size())
			.anySatisfy((line) -> assertThat(line).contains("polling: polling again from the same cursor reads the "
					+ "same events: polling() gives no PollFixture: the connector does not poll"));
	}

	@Test
	void aConnectorThatTakesWebhooksWithoutAFixtureFailsAndItsWebhookClausesSaySo() {
		Outcomes outcomes = run(UndeclaredWebhooksContract.class);

		assertThat(outcomes.failed()).containsExactly("aConnectorThatTakesWebhooksGivesAFixture");
		assertThat(outcomes.skipped().keySet()).containsAll(WEBHOOK_CLAUSES);
		assertThat(outcomes.failures().get("aConnectorThatTakesWebhooksGivesAFixture"))
			.contains("handleWebhook answered an unsigned probe with REJECTED")
			.contains("override webhooks() with a WebhookFixture");
	}

	@Test
	void aConnectorThatMatchesItsFixturePassesEveryWebhookClause() {
		Outcomes outcomes = run(BookingLikeContract.class);

		assertThat(outcomes.failed()).isEmpty();
		assertThat(outcomes.successful()).containsAll(WEBHOOK_CLAUSES)
			.contains("descriptorVersionIsThePluginVersion", "descriptorVersionIsSemantic");
	}

	@Test
	void aToleranceLongerThanTheConnectorsFailsTheClauseJustInsideIt() {
		Outcomes outcomes = run(ToleranceTooLongContract.class);

		assertThat(outcomes.failed()).containsExactly("webhookJustInsideTheToleranceIsAccepted");
		assertThat(outcomes.failures().get("webhookJustInsideTheToleranceIsAccepted"))
			.contains("A webhook signed 239 s ago must be ACCEPTED, since WebhookFixture.tolerance() says 4 min")
			.contains("stale signature");
		assertThat(outcomes.successful()).contains("staleWebhookIsRejected");
	}

	@Test
	void aToleranceShorterThanTheConnectorsFailsTheClauseJustOutsideIt() {
		Outcomes outcomes = run(ToleranceTooShortContract.class);

		assertThat(outcomes.failed()).containsExactly("staleWebhookIsRejected");
		assertThat(outcomes.failures().get("staleWebhookIsRejected"))
			.contains("A webhook signed 121 s ago must be REJECTED, since WebhookFixture.tolerance() says 2 min");
		assertThat(outcomes.successful()).contains("webhookJustInsideTheToleranceIsAccepted");
	}

	@Test
	void twoActionsOnOneResourceWithOneExternalIdFailTheLifecycleClause() {
		Outcomes outcomes = run(CollapsingIdsContract.class);

		assertThat(outcomes.failed()).containsExactly("differentActionsGiveDifferentExternalIds");
		assertThat(outcomes.failures().get("differentActionsGiveDifferentExternalIds")).contains(
				"Lifecycle webhooks #1 and #2 both gave an event with externalId 'https://booking.example/invitees/inv_1'");
	}

	@Test
	void webhooksWithoutForgedRequestsOrALifecycleFail() {
		Outcomes outcomes = run(NoForgeriesContract.class);

		assertThat(outcomes.failed()).containsExactlyInAnyOrder("forgedWebhooksAreRejected",
				"differentActionsGiveDifferentExternalIds");
		assertThat(outcomes.failures().get("forgedWebhooksAreRejected"))
			.contains("WebhookFixture.forged(at) gives no requests");
		assertThat(outcomes.failures().get("differentActionsGiveDifferentExternalIds"))
			.contains("WebhookFixture.lifecycle(at) must give at least two");
	}

	@Test
	void aDescriptorVersionOtherThanPluginVersionFails() {
		Outcomes outcomes = run(PinnedVersionContract.class);

		assertThat(outcomes.failed()).containsExactly("descriptorVersionIsThePluginVersion");
		assertThat(outcomes.failures().get("descriptorVersionIsThePluginVersion"))
			.contains("The descriptor's version '1.0.0' differs from the jar's Plugin-Version '2.3.0'")
			.contains("leave version(..) out of the descriptor");
	}

	private static Set<String> union(Set<String> first, Set<String> second) {
		return union(first, second, Set.of());
	}

	private static Set<String> union(Set<String> first, Set<String> second, Set<String> third) {
		Set<String> all = new TreeSet<>(first);
		all.addAll(second);
		all.addAll(third);
		return all;
	}

	/**
	 * What running a contract class gave.
	 *
	 * @param successful the clauses that passed
	 * @param failed the clauses that failed
	 * @param failures each failed clause's message
	 * @param skipped each skipped clause's reason
	 * @param printed what the suite printed
	 */
	record Outcomes(Set<String> successful, Set<String> failed, Map<String, String> failures,
			Map<String, String> skipped, String printed) {
	}

	private static Outcomes run(Class<?> testClass) {
		Set<String> successful = new TreeSet<>();
		Map<String, String> failures = new TreeMap<>();
		Map<String, String> skipped = new ConcurrentHashMap<>();
		TestExecutionListener listener = new TestExecutionListener() {

			@Override
			public void executionSkipped(TestIdentifier test, String reason) {
				method(test).ifPresent((method) -> skipped.put(method, reason));
			}

			@Override
			public void executionFinished(TestIdentifier test, TestExecutionResult result) {
				method(test).ifPresent((method) -> {
					String message = result.getThrowable().map(Throwable::getMessage).orElse("");
					// an assumption that fails aborts the test: JUnit reports it as
					// skipped
					switch (result.getStatus()) {
						case SUCCESSFUL -> successful.add(method);
						case ABORTED -> skipped.put(method, ContractReport.reason(result.getThrowable().get()));
						case FAILED -> failures.put(method, message);
					}
				});
			}

			private Optional<String> method(TestIdentifier test) {
				return test.getSource()
					.filter(MethodSource.class::isInstance)
					.map((source) -> ((MethodSource) source).getMethodName());
			}

		};
		PrintStream out = System.out;
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
		try {
			LauncherFactory.create()
				.execute(LauncherDiscoveryRequestBuilder.request()
					.selectors(DiscoverySelectors.selectClass(testClass))
					.build(), listener);
		}
		finally {
			System.setOut(out);
		}
		String text = printed.toString(StandardCharsets.UTF_8);
		out.print(text);
		return new Outcomes(successful, failures.keySet(), failures, new TreeMap<>(skipped), text);
	}

	/** Run by the tests above only (surefire skips nested classes). */
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

	/** Run by the tests above only. */
	static class MinimalConnectorContract extends ConnectorContract {

		@Override
		protected Path pluginJar(Path tempDir) {
			return PluginJar.builder(tempDir.resolve("minimal.jar"))
				.pluginId("minimal")
				.pluginVersion("0.3.1")
				.requires(PluginApi.REQUIRES_1_1)
				.addClass(MinimalConnectorFactory.class)
				.factory(MinimalConnectorFactory.class.getName())
				.build();
		}

		@Override
		protected Map<String, String> validConfig() {
			return Map.of();
		}

		@Override
		protected Map<String, Map<String, String>> invalidConfigs() {
			return Map.of();
		}

	}

	/**
	 * The booking-like connector with a fixture that matches it: its secret, its
	 * tolerance, forged requests and a booking created and then canceled.
	 */
	static class BookingLikeContract extends ConnectorContract {

		static final String KEY = "bk_signing_5b1f0e";

		@Override
		protected Path pluginJar(Path tempDir) {
			return PluginJar.builder(tempDir.resolve("booking-like.jar"))
				.pluginId("booking-like")
				.pluginVersion("2.3.0")
				.requires(PluginApi.REQUIRES_1_1)
				.addClass(factory(), BookingLikeConnectorFactory.class)
				.factory(factory().getName())
				.build();
		}

		protected Class<?> factory() {
			return BookingLikeConnectorFactory.class;
		}

		@Override
		protected Map<String, String> validConfig() {
			return Map.of("signingKey", KEY, "toleranceSeconds", "180", "idScheme", idScheme());
		}

		protected String idScheme() {
			return "action";
		}

		@Override
		protected Map<String, Map<String, String>> invalidConfigs() {
			return Map.of("signingKey", Map.of(), "toleranceSeconds",
					Map.of("signingKey", KEY, "toleranceSeconds", "x"));
		}

		@Override
		protected Optional<WebhookFixture> webhooks() {
			return Optional.of(new WebhookFixture() {

				@Override
				public WebhookRequest signed(Instant at) {
					return booking("invitee.created", at, KEY);
				}

				@Override
				public Duration tolerance() {
					return fixtureTolerance();
				}

				@Override
				public List<WebhookRequest> forged(Instant at) {
					return forgeries(at);
				}

				@Override
				public List<WebhookRequest> lifecycle(Instant at) {
					return lifecycleOf(at);
				}

			});
		}

		protected Duration fixtureTolerance() {
			return Duration.ofMinutes(3);
		}

		protected List<WebhookRequest> forgeries(Instant at) {
			return List.of(booking("invitee.created", at, null), booking("invitee.created", at, "bk_someone_else"));
		}

		protected List<WebhookRequest> lifecycleOf(Instant at) {
			return List.of(booking("invitee.created", at, KEY), booking("invitee.canceled", at, KEY));
		}

		static WebhookRequest booking(String event, Instant at, String key) {
			String body = """
					{"event":"%s","created_at":"%s","payload":{"uri":"https://booking.example/invitees/inv_1",\
					"email":"ada@example.com","name":"Ada Lovelace"}}""".formatted(event, at);
			Map<String, List<String>> headers = (key != null) ? Map.of(BookingLikeConnectorFactory.HEADER,
					List.of(Hmac.sha256(key).timestamped(Duration.ZERO).sign(at, body))) : Map.of();
			return new WebhookRequest("POST", URI.create("https://revcycle.example/hooks/acme/1"), headers,
					body.getBytes(StandardCharsets.UTF_8), null, at);
		}

	}

	/** Run by the tests above only. */
	static class UndeclaredWebhooksContract extends BookingLikeContract {

		@Override
		protected Optional<WebhookFixture> webhooks() {
			return Optional.empty();
		}

	}

	/** Run by the tests above only. */
	static class ToleranceTooLongContract extends BookingLikeContract {

		@Override
		protected Duration fixtureTolerance() {
			return Duration.ofMinutes(4);
		}

	}

	/** Run by the tests above only. */
	static class ToleranceTooShortContract extends BookingLikeContract {

		@Override
		protected Duration fixtureTolerance() {
			return Duration.ofMinutes(2);
		}

	}

	/** Run by the tests above only. */
	static class CollapsingIdsContract extends BookingLikeContract {

		@Override
		protected String idScheme() {
			return "resource";
		}

	}

	/** Run by the tests above only. */
	static class NoForgeriesContract extends BookingLikeContract {

		@Override
		protected List<WebhookRequest> forgeries(Instant at) {
			return List.of();
		}

		@Override
		protected List<WebhookRequest> lifecycleOf(Instant at) {
			return List.of(booking("invitee.created", at, KEY));
		}

	}

	/** Run by the tests above only. */
	static class PinnedVersionContract extends BookingLikeContract {

		@Override
		protected Class<?> factory() {
			return PinnedBookingLikeConnectorFactory.class;
		}

	}

}
