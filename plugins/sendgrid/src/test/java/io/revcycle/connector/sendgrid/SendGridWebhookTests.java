package io.revcycle.connector.sendgrid;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.EventTypes;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;
import io.revcycle.plugin.api.WebhookResult.Outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class SendGridWebhookTests {

	private static final Instant NOW = Instant.parse("2017-12-15T01:00:00Z");

	private final SendGridSigner sendGrid = new SendGridSigner();

	private TestContext context = context(this.sendGrid.publicKey());

	private static TestContext context(String verificationKey) {
		Map<String, String> config = new HashMap<>();
		config.put("apiKey", FakeSendGrid.API_KEY);
		if (verificationKey != null) {
			config.put("verificationKey", verificationKey);
		}
		TestContext context = new TestContext(config, NOW);
		context.insideWebhook = true;
		return context;
	}

	private WebhookResult handle(WebhookRequest request) {
		return new SendGridConnectorFactory().create(this.context).handleWebhook(request);
	}

	static String fixture(String name) {
		try (InputStream in = SendGridWebhookTests.class.getResourceAsStream("/sendgrid/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void mapsSendGridsDocumentedEventsByType() {
		WebhookResult result = handle(this.sendGrid.webhook(fixture("events.json"), NOW));

		assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
		Map<String, Event> byId = result.events()
			.stream()
			.collect(Collectors.toMap(Event::externalId, Function.identity()));
		// processed, deferred and group_resubscribe are accepted without events
		assertThat(byId).hasSize(8)
			.doesNotContainKeys("rbtnWrG1DVDGGGFHFyun0A==", "t7LEShmowp86DTdUW8M-GQ==", "w_u0vJhLT-OFfprar5N93g==");
		assertThat(result.events()).allSatisfy((event) -> {
			assertThat(event.person().email()).isEqualTo("example@test.com");
			assertThat(event.occurredAt()).isEqualTo(Instant.ofEpochSecond(1513299569));
			assertThat(event.campaign()).isEqualTo("cat facts");
			assertThat(event.properties()).containsEntry("sg_message_id",
					"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0");
			assertThat(EventTypes.ALL).contains(event.type());
		});

		Event delivered = byId.get("rWVYmVk90MjZJ9iohOBa3w==");
		assertThat(delivered.type()).isEqualTo(EventTypes.EMAIL_DELIVERED);
		assertThat(delivered.properties()).containsEntry("response", "250 OK");

		Event opened = byId.get("FOTFFO0ecsBE-zxFXfs6WA==");
		assertThat(opened.type()).isEqualTo(EventTypes.EMAIL_OPENED);
		assertThat(opened.properties()).containsEntry("ip", "255.255.255.255").containsKey("useragent");

		Event clicked = byId.get("kCAi1KttyQdEKHhdC-nuEA==");
		assertThat(clicked.type()).isEqualTo(EventTypes.EMAIL_CLICKED);
		assertThat(clicked.properties()).containsEntry("url", "http://www.sendgrid.com/");

		Event bounced = byId.get("6g4ZI7SA-xmRDv57GoPIPw==");
		assertThat(bounced.type()).isEqualTo(EventTypes.EMAIL_BOUNCED);
		assertThat(bounced.properties()).contains(entry("bounce_type", "bounce"),
				entry("reason", "500 unknown recipient"), entry("status", "5.0.0"));

		Event dropped = byId.get("zmzJhfJgAfUSOW80yEbPyw==");
		assertThat(dropped.type()).isEqualTo(EventTypes.EMAIL_BOUNCED);
		assertThat(dropped.properties()).contains(entry("bounce_type", "dropped"), entry("reason", "Bounced Address"));

		assertThat(byId.get("zz_BjPgU_5pS-J8vlfB1sg==").type()).isEqualTo(EventTypes.EMAIL_UNSUBSCRIBED);
		assertThat(byId.get("zz_BjPgU_5pS-J8vlfB1sg==").properties()).containsEntry("unsubscribe_type", "all");
		Event groupUnsubscribe = byId.get("ahSCB7xYcXFb-hEaawsPRw==");
		assertThat(groupUnsubscribe.type()).isEqualTo(EventTypes.EMAIL_UNSUBSCRIBED);
		assertThat(groupUnsubscribe.properties()).contains(entry("unsubscribe_type", "group"),
				entry("asm_group_id", 10L));
		Event spam = byId.get("37nvH5QBz858KGVYCM4uOA==");
		assertThat(spam.type()).isEqualTo(EventTypes.EMAIL_UNSUBSCRIBED);
		assertThat(spam.properties()).containsEntry("unsubscribe_type", "spamreport");
	}

	@Test
	void blockedIsABounceOfTypeBlocked() {
		WebhookResult result = handle(this.sendGrid.webhook(fixture("blocked.json"), NOW));
		assertThat(result.events()).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo(EventTypes.EMAIL_BOUNCED);
			assertThat(event.properties()).containsEntry("bounce_type", "blocked");
		});
	}

	@Test
	void customArgumentsAndCategoryArrays() {
		this.context.clock.advance(Duration.between(NOW, Instant.ofEpochSecond(1249948800)));
		WebhookResult result = handle(
				this.sendGrid.webhook(fixture("click-custom-args.json"), Instant.ofEpochSecond(1249948800)));
		assertThat(result.events()).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo(EventTypes.EMAIL_CLICKED);
			assertThat(event.person().email()).isEqualTo("email@example.com");
			assertThat(event.campaign()).isEqualTo("category1");
			assertThat(event.properties()).containsEntry("url", "http://yourdomain.com/blog/news.html")
				.containsEntry("categories", List.of("category1", "category2"))
				.containsEntry("custom_args", Map.of("unique_arg_key", "unique_arg_value"));
		});
	}

	@Test
	void campaignFromTheCampaignArgumentBeforeMarketingCampaignAndCategory() {
		String body = "[{\"email\":\"ann@acme.com\",\"timestamp\":1513299569,\"event\":\"open\",\"category\":[\"newsletter\"],"
				+ "\"marketing_campaign_name\":\"Winter\",\"campaign\":\"Q4 launch\",\"revcycle_key\":\"k-1\","
				+ "\"sg_event_id\":\"ev-1\",\"sg_message_id\":\"m-1\"}]";
		Event event = handle(this.sendGrid.webhook(body, NOW)).events().get(0);
		assertThat(event.campaign()).isEqualTo("Q4 launch");
		assertThat(event.properties()).containsEntry("custom_args",
				Map.of("campaign", "Q4 launch", "revcycle_key", "k-1"));

		String marketing = fixture("marketing-campaign.json");
		this.context.clock.advance(Duration.between(NOW, Instant.ofEpochSecond(1442349911)));
		Event delivered = handle(this.sendGrid.webhook(marketing, Instant.ofEpochSecond(1442349911))).events().get(0);
		assertThat(delivered.campaign()).isEqualTo("unique args ab");
		assertThat(delivered.externalId()).isEqualTo("X2M1IUfMRhuAhWM0CbmFqQ");
	}

	@Test
	void aRedeliveryCarriesTheSameExternalIds() {
		WebhookResult first = handle(this.sendGrid.webhook(fixture("events.json"), NOW));
		this.context.clock.advance(Duration.ofMinutes(2));
		WebhookResult again = handle(this.sendGrid.webhook(fixture("events.json"), NOW.plus(Duration.ofMinutes(2))));
		assertThat(again.events()).extracting(Event::externalId)
			.containsExactlyElementsOf(first.events().stream().map(Event::externalId).toList());
	}

	@Test
	void anEventWithoutSgEventIdGetsAStableHash() {
		String body = "[{\"email\":\"nick@sendgrid.com\",\"timestamp\":1380822437,\"newsletter\":{\"newsletter_id\":\"1943530\"},"
				+ "\"category\":[\"Tests\",\"Newsletter\"],\"event\":\"unsubscribe\"}]";
		String first = handle(this.sendGrid.webhook(body, NOW)).events().get(0).externalId();
		String second = handle(this.sendGrid.webhook(body, NOW)).events().get(0).externalId();
		assertThat(first).startsWith("sha256:").isEqualTo(second);
	}

	@Test
	void refusesATamperedBody() {
		WebhookRequest signed = this.sendGrid.webhook(fixture("events.json"), NOW);
		byte[] tampered = new String(signed.body(), StandardCharsets.UTF_8).replace("example@test.com", "evil@test.com")
			.getBytes(StandardCharsets.UTF_8);
		WebhookResult result = handle(
				SendGridSigner.request(tampered, signed.header(SendGridConnector.TIMESTAMP_HEADER).get(),
						signed.header(SendGridConnector.SIGNATURE_HEADER).get(), NOW));
		assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(result.reason()).contains("Invalid signature");
		assertThat(result.events()).isEmpty();
	}

	@Test
	void refusesAnotherTimestampUnderTheSameSignature() {
		WebhookRequest signed = this.sendGrid.webhook(fixture("events.json"), NOW);
		WebhookResult result = handle(SendGridSigner.request(signed.body(), Long.toString(NOW.getEpochSecond() + 1),
				signed.header(SendGridConnector.SIGNATURE_HEADER).get(), NOW));
		assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
	}

	@Test
	void refusesStaleAndFutureTimestampsButToleratesFiveMinutes() {
		Instant old = NOW.minus(Duration.ofMinutes(5)).minusSeconds(1);
		WebhookResult stale = handle(this.sendGrid.webhook(fixture("events.json"), old));
		assertThat(stale.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(stale.reason()).contains("Stale");

		WebhookResult future = handle(
				this.sendGrid.webhook(fixture("events.json"), NOW.plus(Duration.ofMinutes(5)).plusSeconds(1)));
		assertThat(future.outcome()).isEqualTo(Outcome.REJECTED);

		WebhookResult edge = handle(this.sendGrid.webhook(fixture("events.json"), NOW.minus(Duration.ofMinutes(5))));
		assertThat(edge.outcome()).isEqualTo(Outcome.ACCEPTED);
	}

	@Test
	void refusesASignatureOfAnotherKey() {
		WebhookResult result = handle(new SendGridSigner().webhook(fixture("events.json"), NOW));
		assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(result.reason()).contains("Invalid signature");
	}

	@Test
	void refusesUnsignedRequestsAndRequestsWithoutAConfiguredKey() {
		WebhookRequest signed = this.sendGrid.webhook(fixture("events.json"), NOW);
		WebhookRequest unsigned = new WebhookRequest("POST", signed.uri(), Map.of(), signed.body(), null, NOW);
		assertThat(handle(unsigned).reason()).contains(SendGridConnector.SIGNATURE_HEADER);

		this.context = context(null);
		WebhookResult result = handle(signed);
		assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(result.reason()).contains("verificationKey");
	}

	@Test
	void refusesMalformedBodiesEvenWhenSigned() {
		assertThat(handle(this.sendGrid.webhook("{\"event\":\"open\"}", NOW)).reason()).contains("array");
		assertThat(handle(this.sendGrid.webhook("not json", NOW)).reason()).contains("not JSON");
		assertThat(
				handle(this.sendGrid.webhook("[{\"email\":\"a@b.co\",\"event\":\"open\",\"sg_event_id\":\"x\"}]", NOW))
					.reason())
			.contains("timestamp");
		assertThat(handle(this.sendGrid.webhook("[]", NOW)).outcome()).isEqualTo(Outcome.ACCEPTED);
	}

	@Test
	void refusesOtherMethods() {
		WebhookRequest signed = this.sendGrid.webhook(fixture("events.json"), NOW);
		WebhookRequest get = new WebhookRequest("GET", signed.uri(), signed.headers(), signed.body(), null, NOW);
		assertThat(handle(get).outcome()).isEqualTo(Outcome.REJECTED);
	}

}
