package io.revcycle.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.EventTypes;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

/**
 * HubSpot's webhooks v3: the signature over method, public URI, raw body and timestamp,
 * the five-minute window, and the mapping of HubSpot's event batches.
 */
class HubSpotWebhookTests {

	static final String CLIENT_SECRET = "7b0c3e1a-5d2f-4c8e-9a61-3f4b2d1e0c9a";

	static final URI HOOK = URI.create("https://revcycle.example.com/hooks/acme/5b0a8d6c-1f2e-4d3c-9b8a-7e6f5d4c3b2a");

	static final Instant NOW = Instant.parse("2026-11-24T10:15:30.250Z");

	/** A batch in HubSpot's documented shape: a contact created, then its email set. */
	static final String BATCH = """
			[{"eventId":1001,"subscriptionId":2345,"portalId":62515,"appId":98765,"occurredAt":1795515300000,\
			"subscriptionType":"contact.creation","attemptNumber":0,"objectId":512,"changeFlag":"CREATED",\
			"changeSource":"CRM_UI","sourceId":"userId:45678"},\
			{"eventId":1002,"subscriptionId":2346,"portalId":62515,"appId":98765,"occurredAt":1795515301000,\
			"subscriptionType":"contact.propertyChange","attemptNumber":0,"objectId":512,"propertyName":"email",\
			"propertyValue":"ada@acme.example","changeSource":"CRM_UI","sourceId":"userId:45678"},\
			{"eventId":1003,"subscriptionId":2347,"portalId":62515,"appId":98765,"occurredAt":1795515302000,\
			"subscriptionType":"deal.propertyChange","attemptNumber":0,"objectId":7001,"propertyName":"dealstage",\
			"propertyValue":"closedwon","changeSource":"CRM_UI"},\
			{"eventId":1004,"subscriptionId":2348,"portalId":62515,"appId":98765,"occurredAt":1795515303000,\
			"subscriptionType":"deal.creation","attemptNumber":0,"objectId":7002,"changeFlag":"CREATED"},\
			{"eventId":1005,"subscriptionId":2349,"portalId":62515,"appId":98765,"occurredAt":1795515304000,\
			"subscriptionType":"company.propertyChange","attemptNumber":0,"objectId":880,"propertyName":"domain",\
			"propertyValue":"acme.example"},\
			{"eventId":1006,"subscriptionId":2350,"portalId":62515,"appId":98765,"occurredAt":1795515305000,\
			"subscriptionType":"contact.associationChange","attemptNumber":0,"objectId":512},\
			{"eventId":1007,"subscriptionId":2351,"portalId":62515,"appId":98765,"occurredAt":1795515306000,\
			"subscriptionType":"object.creation","objectTypeId":"0-3","attemptNumber":0,"objectId":7003},\
			{"eventId":1008,"subscriptionId":2352,"portalId":62515,"appId":98765,"occurredAt":1795515307000,\
			"subscriptionType":"contact.deletion","attemptNumber":0,"objectId":513}]""";

	private final MutableClock clock = new MutableClock(NOW);

	private final LocalContext context = new LocalContext(
			Map.of("accessToken", FakeHubSpot.TOKEN, "clientSecret", CLIENT_SECRET), this.clock);

	@Test
	void aSignedBatchBecomesEventsWithoutNetworkIo() {
		WebhookResult result = handle(signed("POST", HOOK, BATCH, NOW.minusSeconds(2), CLIENT_SECRET));

		assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
		assertThat(result.events()).extracting(Event::type)
			.containsExactly(EventTypes.CONTACT_CREATED, EventTypes.CONTACT_UPDATED, EventTypes.DEAL_UPDATED,
					EventTypes.DEAL_UPDATED, "company_updated", EventTypes.DEAL_UPDATED, "contact_deleted");
		Event created = result.events().get(0);
		assertThat(created.externalId()).isEqualTo("webhook:2345:1001:512");
		assertThat(created.occurredAt()).isEqualTo(Instant.ofEpochMilli(1795515300000L));
		assertThat(created.person().externalId()).isEqualTo("512");
		assertThat(created.person().email()).isNull();
		assertThat(created.properties()).containsEntry("portalId", "62515").containsEntry("changeSource", "CRM_UI");
		Event emailSet = result.events().get(1);
		assertThat(emailSet.person().email()).isEqualTo("ada@acme.example");
		assertThat(emailSet.person().externalId()).isEqualTo("512");
		assertThat(emailSet.properties()).containsEntry("propertyName", "email")
			.containsEntry("propertyValue", "ada@acme.example");
		Event stage = result.events().get(2);
		assertThat(stage.person().externalId()).isEqualTo("deal:7001");
		assertThat(stage.properties()).containsEntry("propertyName", "dealstage")
			.containsEntry("propertyValue", "closedwon")
			.containsEntry("hubspotObjectType", "deal");
		assertThat(result.events().get(3).properties()).containsEntry("change", "creation");
		Event company = result.events().get(4);
		assertThat(company.account().domain()).isEqualTo("acme.example");
		assertThat(company.person().externalId()).isEqualTo("company:880");
		assertThat(result.events().get(5).person().externalId()).isEqualTo("deal:7003");
		assertThat(this.context.calls()).isEmpty();
	}

	@Test
	void aRedeliveryHasTheSameExternalIdsSoTheEngineStoresItOnce() {
		String retried = BATCH.replace("\"attemptNumber\":0", "\"attemptNumber\":1");
		List<String> first = handle(signed("POST", HOOK, BATCH, NOW, CLIENT_SECRET)).events()
			.stream()
			.map(Event::externalId)
			.toList();
		List<String> again = handle(signed("POST", HOOK, retried, NOW.plusSeconds(60), CLIENT_SECRET)).events()
			.stream()
			.map(Event::externalId)
			.toList();

		assertThat(again).isEqualTo(first).doesNotHaveDuplicates().hasSize(7);
	}

	@Test
	void aTamperedBodyIsRefused() {
		WebhookRequest genuine = signed("POST", HOOK, BATCH, NOW, CLIENT_SECRET);
		WebhookRequest tampered = new WebhookRequest("POST", HOOK, genuine.headers(),
				BATCH.replace("closedwon", "closedlost").getBytes(StandardCharsets.UTF_8), null, NOW);

		WebhookResult result = handle(tampered);

		assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
		assertThat(result.events()).isEmpty();
		assertThat(result.reason()).contains("signature does not match").doesNotContain(CLIENT_SECRET);
	}

	@Test
	void anotherSecretOrAnotherAddressIsRefused() {
		assertThat(handle(signed("POST", HOOK, BATCH, NOW, "another-secret")).outcome())
			.isEqualTo(WebhookResult.Outcome.REJECTED);
		WebhookRequest elsewhere = signed("POST", URI.create("https://evil.example.com/hooks/acme/x"), BATCH, NOW,
				CLIENT_SECRET);
		WebhookRequest moved = new WebhookRequest("POST", HOOK, elsewhere.headers(), elsewhere.body(), null, NOW);
		assertThat(handle(moved).outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
	}

	@Test
	void aTimestampMoreThanFiveMinutesOldOrAheadIsRefusedEvenWhenSigned() {
		WebhookResult stale = handle(
				signed("POST", HOOK, BATCH, NOW.minus(Duration.ofMinutes(5)).minusMillis(1), CLIENT_SECRET));
		WebhookResult ahead = handle(signed("POST", HOOK, BATCH, NOW.plus(Duration.ofMinutes(6)), CLIENT_SECRET));
		WebhookResult justInTime = handle(signed("POST", HOOK, BATCH, NOW.minus(Duration.ofMinutes(5)), CLIENT_SECRET));

		assertThat(stale.outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
		assertThat(stale.reason()).contains("5 minutes");
		assertThat(ahead.outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
		assertThat(justInTime.outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
	}

	@Test
	void theClockDecidesNotTheReceiptTime() {
		WebhookRequest request = signed("POST", HOOK, BATCH, NOW, CLIENT_SECRET);
		this.clock.advance(Duration.ofMinutes(10));

		assertThat(handle(request).outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
	}

	@Test
	void theUriIsSignedWithHubSpotsListedCharactersDecoded() {
		// HubSpot signs https://.../hook?next=https://a.example/b@c,d with those
		// characters decoded
		URI called = URI.create(HOOK + "?next=https%3A%2F%2Fa.example%2Fb%40c%2Cd&q=a%20b");
		String signedForm = HOOK + "?next=https://a.example/b@c,d&q=a%20b";
		long timestamp = NOW.toEpochMilli();
		String signature = hmac(CLIENT_SECRET, "POST" + signedForm + BATCH + timestamp);
		WebhookRequest request = new WebhookRequest("POST", called,
				Map.of("X-HubSpot-Signature-v3", List.of(signature), "X-HubSpot-Request-Timestamp",
						List.of(Long.toString(timestamp)), "Content-Type", List.of("application/json")),
				BATCH.getBytes(StandardCharsets.UTF_8), "54.174.62.123", NOW);

		assertThat(handle(request).outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
	}

	@Test
	void headerNamesMatchWhateverTheirCase() {
		WebhookRequest genuine = signed("POST", HOOK, BATCH, NOW, CLIENT_SECRET);
		Map<String, List<String>> lower = new HashMap<>();
		genuine.headers().forEach((name, values) -> lower.put(name.toLowerCase(), values));

		assertThat(handle(new WebhookRequest("POST", HOOK, lower, genuine.body(), null, NOW)).outcome())
			.isEqualTo(WebhookResult.Outcome.ACCEPTED);
	}

	@Test
	void missingHeadersAreRefused() {
		WebhookRequest genuine = signed("POST", HOOK, BATCH, NOW, CLIENT_SECRET);
		Map<String, List<String>> noSignature = new HashMap<>(genuine.headers());
		noSignature.remove("X-HubSpot-Signature-v3");
		Map<String, List<String>> noTimestamp = new HashMap<>(genuine.headers());
		noTimestamp.remove("X-HubSpot-Request-Timestamp");

		WebhookResult unsigned = handle(new WebhookRequest("POST", HOOK, noSignature, genuine.body(), null, NOW));
		WebhookResult undated = handle(new WebhookRequest("POST", HOOK, noTimestamp, genuine.body(), null, NOW));

		assertThat(unsigned.outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
		assertThat(unsigned.reason()).contains("X-HubSpot-Signature-v3");
		assertThat(undated.outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
		assertThat(undated.reason()).contains("X-HubSpot-Request-Timestamp");
	}

	@Test
	void aSignedBodyThatIsNotABatchIsRefused() {
		WebhookResult result = handle(signed("POST", HOOK, "{\"eventId\":1}", NOW, CLIENT_SECRET));

		assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
		assertThat(result.reason()).contains("JSON array");
	}

	@Test
	void withoutAClientSecretEveryWebhookIsRefusedSayingWhatToSet() {
		LocalContext pollingOnly = new LocalContext(Map.of("accessToken", FakeHubSpot.TOKEN), this.clock);

		WebhookResult result = pollingOnly.connector().handleWebhook(signed("POST", HOOK, BATCH, NOW, CLIENT_SECRET));

		assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
		assertThat(result.reason()).contains("clientSecret");
	}

	private WebhookResult handle(WebhookRequest request) {
		this.context.handlingWebhook(true);
		try {
			return this.context.connector().handleWebhook(request);
		}
		finally {
			this.context.handlingWebhook(false);
		}
	}

	/**
	 * A request as HubSpot sends it, signed here independently of the connector's code.
	 */
	static WebhookRequest signed(String method, URI uri, String body, Instant at, String secret) {
		String timestamp = Long.toString(at.toEpochMilli());
		String signature = hmac(secret, method + uri + body + timestamp);
		return new WebhookRequest(method, uri,
				Map.of("Content-Type", List.of("application/json"), "X-HubSpot-Signature-v3", List.of(signature),
						"X-HubSpot-Request-Timestamp", List.of(timestamp), "X-HubSpot-Signature-Version",
						List.of("v3")),
				body.getBytes(StandardCharsets.UTF_8), "54.174.62.123", at);
	}

	static String hmac(String secret, String text) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
