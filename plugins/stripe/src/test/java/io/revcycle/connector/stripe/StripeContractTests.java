package io.revcycle.connector.stripe;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.EventTypes;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;
import io.revcycle.plugin.testkit.ConnectorContract;
import io.revcycle.plugin.testkit.PluginJar;
import io.revcycle.plugin.testkit.Signatures;
import io.revcycle.plugin.testkit.TestHost;
import io.revcycle.plugin.testkit.WebhookFixture;

import static io.revcycle.connector.stripe.StripeFixtures.OTHER_SECRET;
import static io.revcycle.connector.stripe.StripeFixtures.SECRET;
import static io.revcycle.connector.stripe.StripeFixtures.object;
import static io.revcycle.connector.stripe.StripeFixtures.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Stripe connector against the contract every connector passes, loaded as a plugin
 * jar by the real host, with webhooks signed by the kit's {@link Signatures#stripe} and a
 * local fake of the Stripe API for {@code check()}; then Stripe's own cases through the
 * same host.
 */
class StripeContractTests extends ConnectorContract {

	private static FakeStripe stripe;

	@BeforeAll
	static void startTheFakeStripe() throws IOException {
		stripe = new FakeStripe();
	}

	@AfterAll
	static void stopTheFakeStripe() {
		stripe.close();
	}

	@Override
	protected Path pluginJar(Path tempDir) throws IOException {
		return PluginJar.fromClasses(Path.of("target/classes"), tempDir);
	}

	@Override
	protected Clock clock() {
		return Clock.fixed(StripeFixtures.NOW, ZoneOffset.UTC);
	}

	@Override
	protected Map<String, String> validConfig() {
		return Map.of("webhookSecret", SECRET, "apiKey", FakeStripe.GOOD_KEY, "apiBase", stripe.base());
	}

	@Override
	protected Map<String, Map<String, String>> invalidConfigs() {
		return Map.of("webhookSecret", Map.of("apiKey", FakeStripe.GOOD_KEY), //
				"apiKey", Map.of("webhookSecret", SECRET, "apiKey", "pk_test_51SWx0aLkdIwHu7ixPublishable"), //
				"apiBase", Map.of("webhookSecret", SECRET, "apiBase", "api.stripe.com"), //
				"countUnlinkedCharges", Map.of("webhookSecret", SECRET, "countUnlinkedCharges", "sometimes"));
	}

	@Override
	protected Optional<Map<String, String>> badCredentialsConfig() {
		return Optional.of(Map.of("webhookSecret", SECRET, "apiKey",
				"sk_test_51SWx0aLkdIwHu7ixRevokedKey0000000000000000000wXyZ", "apiBase", stripe.base()));
	}

	@Override
	protected Optional<WebhookFixture> webhooks() {
		String body = payload("invoice.paid");
		return Optional.of(new WebhookFixture() {

			@Override
			public WebhookRequest signed(Instant at) {
				return webhook(body, Signatures.stripe(SECRET, at, body));
			}

			@Override
			public Duration tolerance() {
				return StripeConnector.TOLERANCE;
			}

			@Override
			public List<WebhookRequest> lifecycle(Instant at) {
				String created = payload("customer.subscription.created");
				String deleted = payload("customer.subscription.deleted");
				return List.of(webhook(created, Signatures.stripe(SECRET, at, created)),
						webhook(deleted, Signatures.stripe(SECRET, at, deleted)));
			}

			@Override
			public List<WebhookRequest> forged(Instant at) {
				String signature = Signatures.stripe(SECRET, at, body);
				return List.of(StripeFixtures.request(body, Map.of(), at), //
						webhook(body, Signatures.stripe(OTHER_SECRET, at, body)), //
						webhook(body, Signatures.stripe(SECRET, at, "{}")), //
						webhook(body, "t=" + at.getEpochSecond() + ",v1=" + "0".repeat(64)), //
						webhook(body, signature.substring(signature.indexOf(',') + 1)), //
						webhook(body, "t=" + at.getEpochSecond()), //
						webhook(body, signature.replace("v1=", "v0=")));
			}

		});
	}

	@Test
	void invoicePaidInEurosAndInYenArePaymentsOfTheExactAmount() {
		TestHost.Instance instance = host().instance(validConfig());

		Event eur = single(instance, payload("invoice.paid"));
		Event jpy = single(instance, payload("invoice.paid", (e) -> {
			e.addProperty("id", "evt_1SXqU8LkdIwHu7ixJp4Yn2Kd");
			object(e).addProperty("currency", "jpy");
			object(e).addProperty("amount_paid", 1999);
		}));

		assertThat(eur.type()).isEqualTo(EventTypes.PAYMENT_SUCCEEDED);
		assertThat(eur.money().amount()).isEqualByComparingTo("19.99");
		assertThat(eur.money().currency()).isEqualTo("EUR");
		assertThat(eur.person().email()).isEqualTo("jenny.rosen@example.com");
		assertThat(jpy.money().amount()).isEqualByComparingTo("1999");
		assertThat(jpy.money().currency()).isEqualTo("JPY");
		assertThat(jpy.externalId()).isNotEqualTo(eur.externalId());
	}

	@Test
	void aTenMinuteOldSignatureIsRefusedSayingSo() {
		TestHost.Instance instance = host().instance(validConfig());
		Instant now = host().clock().instant();
		String body = payload("invoice.paid");

		WebhookResult result = instance
			.handleWebhook(webhook(body, Signatures.stripe(SECRET, now.minus(Duration.ofMinutes(10)), body)));

		assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
		assertThat(result.reason()).contains("Stale signature").contains("600 s ago");
	}

	@Test
	void theHostsClockDecidesWhetherASignatureIsStale() {
		TestHost.Instance instance = host().instance(validConfig());
		String body = payload("invoice.paid");
		WebhookRequest request = webhook(body, Signatures.stripe(SECRET, host().clock().instant(), body));

		assertThat(instance.handleWebhook(request).outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
		host().clock().advance(Duration.ofSeconds(301));

		assertThat(instance.handleWebhook(request).outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
	}

	@Test
	void everyFixtureMapsThroughTheHost() {
		TestHost.Instance instance = host().instance(Map.of("webhookSecret", SECRET, "countUnlinkedCharges", "true"));

		assertThat(single(instance, payload("charge.succeeded")).type()).isEqualTo(EventTypes.PAYMENT_SUCCEEDED);
		assertThat(single(instance, payload("charge.refunded")).money().amount()).isEqualByComparingTo("15.00");
		assertThat(single(instance, payload("checkout.session.completed")).type())
			.isEqualTo(EventTypes.CONTACT_CREATED);
		assertThat(single(instance, payload("customer.created")).type()).isEqualTo(EventTypes.CONTACT_CREATED);
		assertThat(single(instance, payload("customer.subscription.created")).type())
			.isEqualTo(EventTypes.SUBSCRIPTION_STARTED);
		assertThat(single(instance, payload("customer.subscription.updated")).type())
			.isEqualTo(StripeConnectorFactory.SUBSCRIPTION_UPDATED);
		assertThat(single(instance, payload("customer.subscription.deleted")).type())
			.isEqualTo(EventTypes.SUBSCRIPTION_CANCELED);
		assertThat(instance.health().healthy()).isTrue();
	}

	@Test
	void checkReadsTheBalanceThroughTheHostsHttpClient() {
		TestHost.Instance instance = host().instance(validConfig());

		CheckResult result = instance.check();

		assertThat(result.ok()).as(result.message()).isTrue();
		assertThat(stripe.requests).contains("GET /v1/balance Bearer " + FakeStripe.GOOD_KEY);
	}

	@Test
	void checkCannotReachAHostTheDescriptorDoesNotDeclare() {
		TestHost.Instance instance = host()
			.instance(Map.of("webhookSecret", SECRET, "apiKey", FakeStripe.GOOD_KEY, "apiBase", "https://example.com"));

		CheckResult result = instance.check();

		assertThat(result.ok()).isFalse();
		assertThat(result.message()).contains("example.com").contains("https://api.stripe.com");
	}

	private Event single(TestHost.Instance instance, String body) {
		WebhookResult result = instance
			.handleWebhook(webhook(body, Signatures.stripe(SECRET, host().clock().instant(), body)));
		assertThat(result.outcome()).as(result.reason()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
		assertThat(result.events()).hasSize(1);
		return result.events().get(0);
	}

	private static WebhookRequest webhook(String body, String signature) {
		return StripeFixtures.request(body, Map.of("Stripe-Signature", List.of(signature)), StripeFixtures.NOW);
	}

}
