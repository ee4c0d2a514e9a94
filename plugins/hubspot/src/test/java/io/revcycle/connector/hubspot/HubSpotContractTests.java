package io.revcycle.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.Action;
import io.revcycle.plugin.api.ActionResult;
import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.PollResult;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;
import io.revcycle.plugin.testkit.ActionFixture;
import io.revcycle.plugin.testkit.ConnectorContract;
import io.revcycle.plugin.testkit.PluginJar;
import io.revcycle.plugin.testkit.PollFixture;
import io.revcycle.plugin.testkit.Signatures;
import io.revcycle.plugin.testkit.TestClock;
import io.revcycle.plugin.testkit.TestHost;
import io.revcycle.plugin.testkit.WebhookFixture;

/**
 * The HubSpot connector against the contract every connector passes, loaded as a plugin
 * jar by the real host, with the local fake of the HubSpot API; then a few HubSpot
 * behaviours driven through the same host (its runtime, timeouts and network rules).
 */
class HubSpotContractTests extends ConnectorContract {

	static final Instant NOW = Instant.parse("2026-11-24T10:15:30.250Z");

	static final String CLIENT_SECRET = "hs-client-secret-4c1d9e72";

	static final String WRONG_TOKEN = "pat-na1-revoked-77e1b0d2";

	static final URI HOOK = URI.create("https://revcycle.example.com/hooks/test/3f1e2d4c-5b6a-4789-8c0d-1e2f3a4b5c6d");

	/** HubSpot's batch: a contact created and its email set, a deal's stage changed. */
	static final String BATCH = """
			[{"eventId":3001,"subscriptionId":4101,"portalId":62515,"appId":98765,"occurredAt":1795515300000,\
			"subscriptionType":"contact.creation","attemptNumber":0,"objectId":512,"changeFlag":"CREATED",\
			"changeSource":"CRM_UI","sourceId":"userId:45678"},\
			{"eventId":3002,"subscriptionId":4102,"portalId":62515,"appId":98765,"occurredAt":1795515301000,\
			"subscriptionType":"contact.propertyChange","attemptNumber":0,"objectId":512,"propertyName":"email",\
			"propertyValue":"ada@acme.example","changeSource":"CRM_UI"},\
			{"eventId":3003,"subscriptionId":4103,"portalId":62515,"appId":98765,"occurredAt":1795515302000,\
			"subscriptionType":"deal.propertyChange","attemptNumber":0,"objectId":7001,"propertyName":"dealstage",\
			"propertyValue":"closedwon","changeSource":"CRM_UI"}]""";

	private static FakeHubSpot hubspot;

	@BeforeAll
	static void startTheFake() {
		hubspot = new FakeHubSpot(() -> NOW);
	}

	@AfterAll
	static void stopTheFake() {
		hubspot.close();
	}

	@BeforeEach
	void resetTheFake() {
		hubspot.reset();
	}

	@Override
	protected Path pluginJar(Path tempDir) throws Exception {
		return PluginJar.fromClasses(Path.of("target/classes"), tempDir);
	}

	@Override
	protected Clock clock() {
		return TestClock.at(NOW);
	}

	@Override
	protected Map<String, String> validConfig() {
		return Map.of("accessToken", FakeHubSpot.TOKEN, "clientSecret", CLIENT_SECRET, "apiBase", hubspot.baseUrl(),
				"rateLimitWaitMillis", "20");
	}

	@Override
	protected Map<String, Map<String, String>> invalidConfigs() {
		return Map.of("accessToken", Map.of("apiBase", hubspot.baseUrl()), //
				"apiBase", with("apiBase", "http://api.hubapi.com"), //
				"companyUniqueProperty", with("companyUniqueProperty", "domain"), //
				"dealUniqueProperty", with("dealUniqueProperty", "Deal ID"), //
				"pollObjects", with("pollObjects", "contacts,tickets"), //
				"rateLimitRetries", with("rateLimitRetries", "11"));
	}

	@Override
	protected Optional<Map<String, String>> badCredentialsConfig() {
		return Optional.of(with("accessToken", WRONG_TOKEN));
	}

	@Override
	protected Optional<WebhookFixture> webhooks() {
		return Optional.of(new WebhookFixture() {

			@Override
			public WebhookRequest signed(Instant at) {
				return request(HOOK, BATCH,
						headers(Signatures.hubspotV3(CLIENT_SECRET, "POST", HOOK.toString(), BATCH, at),
								Long.toString(at.toEpochMilli())));
			}

			@Override
			public List<WebhookRequest> lifecycle(Instant at) {
				// contact 512 created, then its email changed, each in a batch of its own
				return List.of(
						single(at,
								"""
										{"eventId":3101,"subscriptionId":4101,"portalId":62515,"appId":98765,"occurredAt":1795515300000,\
										"subscriptionType":"contact.creation","attemptNumber":0,"objectId":512,"changeFlag":"CREATED",\
										"changeSource":"CRM_UI"}"""),
						single(at,
								"""
										{"eventId":3102,"subscriptionId":4102,"portalId":62515,"appId":98765,"occurredAt":1795515301000,\
										"subscriptionType":"contact.propertyChange","attemptNumber":0,"objectId":512,\
										"propertyName":"email","propertyValue":"ada@acme.example","changeSource":"CRM_UI"}"""));
			}

			private WebhookRequest single(Instant at, String event) {
				String batch = "[" + event + "]";
				return request(HOOK, batch,
						headers(Signatures.hubspotV3(CLIENT_SECRET, "POST", HOOK.toString(), batch, at),
								Long.toString(at.toEpochMilli())));
			}

			@Override
			public List<WebhookRequest> forged(Instant at) {
				String timestamp = Long.toString(at.toEpochMilli());
				return List
					.of(request(HOOK, BATCH, Map.of("X-HubSpot-Request-Timestamp", List.of(timestamp))),
							request(HOOK, BATCH,
									headers(Signatures.hubspotV3("another-apps-secret", "POST", HOOK.toString(), BATCH,
											at), timestamp)),
							request(HOOK, BATCH, headers("sha256=not-base64!", timestamp)),
							request(HOOK, BATCH, Map.of("X-HubSpot-Signature-v3",
									List.of(Signatures.hubspotV3(CLIENT_SECRET, "POST", HOOK.toString(), BATCH, at)))),
							// signed for another address than the one called
							request(HOOK, BATCH, headers(Signatures.hubspotV3(CLIENT_SECRET, "POST",
									"https://evil.example.com/hooks/test/x", BATCH, at), timestamp)));
			}

		});
	}

	@Override
	protected Optional<PollFixture> polling() {
		return Optional.of(new PollFixture() {

			@Override
			public void reset() {
				hubspot.reset();
				Instant earlier = NOW.minus(Duration.ofHours(1));
				String ada = hubspot.add("contacts", Map.of("email", "ada@acme.example", "firstname", "Ada"), earlier);
				String deal = hubspot.add("deals", Map.of("dealname", "Acme renewal", "dealstage", "closedwon"),
						earlier.plusSeconds(1));
				hubspot.associate("deals", deal, ada);
				hubspot.add("companies", Map.of("name", "Acme", "domain", "acme.example"), earlier.plusSeconds(2));
			}

		});
	}

	@Override
	protected Optional<ActionFixture> actions() {
		return Optional.of(new ActionFixture() {

			@Override
			public Action action(String idempotencyKey) {
				String local = idempotencyKey.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
				return new Action("upsert_contact", idempotencyKey,
						Map.of("email", local + "@acme.example", "firstname", "Ada", "lifecyclestage", "lead"));
			}

			@Override
			public int remoteEffects() {
				return hubspot.effects();
			}

		});
	}

	// HubSpot's own behaviours, through the host

	@Test
	void rateLimitedTwiceThenAcceptedThroughTheHostIsOneEffectiveUpsert() {
		hubspot.rateLimitUpserts("contacts", 2, "TEN_SECONDLY_ROLLING", null);
		int before = hubspot.effects();

		ActionResult result = host().instance(validConfig())
			.perform(new Action("upsert_contact", "host-429", Map.of("email", "grace@acme.example")));

		assertThat(result.status()).as(result.message()).isEqualTo(ActionResult.Status.DONE);
		assertThat(hubspot.requests(".*/batch/upsert")).hasSize(3);
		assertThat(hubspot.effects() - before).isEqualTo(1);
		assertThat(result.externalId()).isEqualTo(hubspot.records("contacts").get(0).get("hs_object_id"));
	}

	@Test
	void aLongRetryAfterIsHandedBackToTheHost() {
		hubspot.rateLimitUpserts("deals", 1, "TEN_SECONDLY_ROLLING", 20);

		ActionResult result = host().instance(validConfig())
			.perform(new Action("upsert_deal", "host-retry-after",
					Map.of("revcycle_deal_id", "opp-1", "dealname", "Acme renewal")));

		assertThat(result.status()).isEqualTo(ActionResult.Status.RETRY);
		assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(20));
	}

	@Test
	void aBatchOfTwoHundredAndFiftyIsThreeRequestsThroughTheHost() {
		List<Object> records = new ArrayList<>();
		for (int i = 0; i < 250; i++) {
			records.add(Map.of("email", "lead" + i + "@acme.example"));
		}

		ActionResult result = host().instance(validConfig())
			.perform(new Action("upsert_contact", "host-batch", Map.of("records", records)));

		assertThat(result.status()).as(result.message()).isEqualTo(ActionResult.Status.DONE);
		assertThat(hubspot.bodies(".*/batch/upsert")).extracting((b) -> b.path("inputs").size())
			.containsExactly(100, 100, 50);
		assertThat(hubspot.records("contacts")).hasSize(250);
	}

	@Test
	void pollingPagesThroughTheHostWithTheCursorItCommits() {
		for (int i = 0; i < 120; i++) {
			hubspot.add("contacts", Map.of("email", "p" + i + "@acme.example"), NOW.minusSeconds(3600 - i));
		}
		TestHost.Instance instance = host().instance(with("pollObjects", "contacts"));

		PollResult first = instance.poll(null);
		PollResult second = instance.poll(first.nextCursor());
		PollResult third = instance.poll(second.nextCursor());

		assertThat(first.more()).isTrue();
		assertThat(second.more()).isFalse();
		List<String> emails = new ArrayList<>();
		first.events().forEach((e) -> emails.add(e.person().email()));
		second.events().forEach((e) -> emails.add(e.person().email()));
		assertThat(emails).hasSize(120).doesNotHaveDuplicates();
		assertThat(third.events()).isEmpty();
		assertThat(third.nextCursor()).isEqualTo(second.nextCursor());
	}

	@Test
	void signedWebhooksMapToEventsAndStaleOnesAreRefusedThroughTheHost() {
		TestHost.Instance instance = host().instance(validConfig());
		WebhookRequest fresh = webhooks().orElseThrow().signed(NOW.minusSeconds(30));
		WebhookRequest stale = webhooks().orElseThrow().signed(NOW.minus(Duration.ofMinutes(6)));

		WebhookResult accepted = instance.handleWebhook(fresh);
		WebhookResult refused = instance.handleWebhook(stale);

		assertThat(accepted.events()).extracting(Event::type)
			.containsExactly("contact_created", "contact_updated", "deal_updated");
		assertThat(accepted.events()).extracting(Event::externalId)
			.containsExactly("webhook:4101:3001:512", "webhook:4102:3002:512", "webhook:4103:3003:7001");
		assertThat(refused.outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
		assertThat(instance.health().healthy()).isTrue();
		assertThat(hubspot.requests(".*")).as("no network I/O for webhooks").isEmpty();
	}

	private static Map<String, String> with(String field, String value) {
		Map<String, String> config = new LinkedHashMap<>();
		config.put("accessToken", FakeHubSpot.TOKEN);
		config.put("clientSecret", CLIENT_SECRET);
		config.put("apiBase", hubspot.baseUrl());
		config.put("rateLimitWaitMillis", "20");
		config.put(field, value);
		return config;
	}

	private static Map<String, List<String>> headers(String signature, String timestamp) {
		return Map.of("X-HubSpot-Signature-v3", List.of(signature), "X-HubSpot-Request-Timestamp", List.of(timestamp),
				"X-HubSpot-Signature-Version", List.of("v3"));
	}

	private static WebhookRequest request(URI uri, String body, Map<String, List<String>> headers) {
		Map<String, List<String>> all = new LinkedHashMap<>(headers);
		all.put("Content-Type", List.of("application/json"));
		return new WebhookRequest("POST", uri, all, body.getBytes(StandardCharsets.UTF_8), "54.174.62.123", NOW);
	}

}
