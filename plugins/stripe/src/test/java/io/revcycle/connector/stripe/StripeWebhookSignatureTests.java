package io.revcycle.connector.stripe;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.revcycle.plugin.api.Hmac;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;
import io.revcycle.plugin.testkit.TestContext;

import static io.revcycle.connector.stripe.StripeFixtures.OTHER_SECRET;
import static io.revcycle.connector.stripe.StripeFixtures.SECRET;
import static io.revcycle.connector.stripe.StripeFixtures.connector;
import static io.revcycle.connector.stripe.StripeFixtures.context;
import static io.revcycle.connector.stripe.StripeFixtures.payload;
import static io.revcycle.connector.stripe.StripeFixtures.signature;
import static io.revcycle.connector.stripe.StripeFixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only webhooks Stripe signed with this endpoint's secret, at most 300 s from the host's
 * clock, are accepted; every refusal says what failed and never repeats the secret. The
 * plugin API's check agrees with stripe-java's own verifier.
 */
class StripeWebhookSignatureTests {

	private final TestContext context = context(Map.of("webhookSecret", SECRET));

	private final String payload = payload("invoice.paid");

	@Test
	void aWebhookSignedWithTheEndpointsSecretIsAccepted() {
		WebhookResult result = handle(signed(this.payload, SECRET, now()));

		assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
		assertThat(result.events()).hasSize(1);
	}

	@Test
	void aTamperedBodyIsRefused() {
		String header = signature(this.payload, SECRET, now());
		String tampered = this.payload.replace("\"amount_paid\": 1999", "\"amount_paid\": 199900");
		assertThat(tampered).isNotEqualTo(this.payload);

		WebhookResult result = handle(
				StripeFixtures.request(tampered, Map.of("Stripe-Signature", List.of(header)), now()));

		assertRefused(result, "Signature does not match the body");
	}

	@Test
	void aWebhookSignedWithAnotherSecretIsRefused() {
		WebhookResult result = handle(signed(this.payload, OTHER_SECRET, now()));

		assertRefused(result, "webhookSecret is not this endpoint's signing secret");
		assertThat(result.reason()).doesNotContain(OTHER_SECRET);
	}

	@Test
	void aWebhookSignedTenMinutesAgoIsRefusedAsStale() {
		WebhookResult result = handle(signed(this.payload, SECRET, now().minus(Duration.ofMinutes(10))));

		assertRefused(result, "Stale signature");
		assertThat(result.reason()).contains("600 s ago").contains("300 s allowed");
	}

	@Test
	void theToleranceIsThreeHundredSecondsByTheHostsClock() {
		Instant signedAt = now();
		WebhookRequest request = signed(this.payload, SECRET, signedAt);

		this.context.clock().advance(Duration.ofSeconds(300));
		assertThat(handle(request).outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);

		this.context.clock().advance(Duration.ofSeconds(1));
		assertRefused(handle(request), "301 s ago");
	}

	@Test
	void aMissingSignatureHeaderIsRefused() {
		WebhookResult result = handle(StripeFixtures.request(this.payload, Map.of(), now()));

		assertRefused(result, "Missing Stripe-Signature header");
	}

	@ParameterizedTest
	@ValueSource(strings = { "v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd", "t=,v1=abc",
			"t=1795687205x,v1=abc", "t", "t=1795687205", "t=1795687205,v1", "garbage" })
	void aMalformedSignatureHeaderIsRefusedSayingWhatIsWrong(String header) {
		WebhookResult result = handle(
				StripeFixtures.request(this.payload, Map.of("Stripe-Signature", List.of(header)), now()));

		assertRefused(result, "Stripe-Signature header");
	}

	@Test
	void duringASecretRollEitherSignatureMayMatch() {
		String current = signature(this.payload, SECRET, now());
		String old = signature(this.payload, OTHER_SECRET, now());
		String header = old + ",v1=" + current.substring(current.indexOf("v1=") + 3);

		WebhookResult result = handle(
				StripeFixtures.request(this.payload, Map.of("Stripe-Signature", List.of(header)), now()));

		assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
	}

	@Test
	void aSignatureMoreThanTheToleranceAheadOfTheClockIsRefusedToo() {
		WebhookResult ahead = handle(signed(this.payload, SECRET, now().plusSeconds(301)));
		WebhookResult justAhead = handle(signed(this.payload, SECRET, now().plusSeconds(300)));

		assertRefused(ahead, "Stale signature");
		assertThat(ahead.reason()).contains("301 s ahead of the clock");
		assertThat(justAhead.outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
	}

	/**
	 * Where they differ on purpose: the plugin API refuses a signature more than the
	 * tolerance ahead of the clock (above), and reads hex in either case.
	 */
	@Test
	void thePluginApisCheckAndStripeJavaAgreeOnEverySignatureNotAheadOfTheClock() throws Exception {
		String current = signature(this.payload, SECRET, now());
		String other = signature(this.payload, OTHER_SECRET, now());
		String ours = Hmac.sha256(SECRET).timestamped(StripeConnector.TOLERANCE).sign(now(), this.payload);
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("stripe-java's own", current);
		headers.put("the plugin API's own", ours);
		headers.put("another secret's", other);
		headers.put("both while rolling", other + ",v1=" + current.substring(current.indexOf("v1=") + 3));
		headers.put("300 s old", signature(this.payload, SECRET, now().minusSeconds(300)));
		headers.put("301 s old", signature(this.payload, SECRET, now().minusSeconds(301)));
		headers.put("of another body", signature("{}", SECRET, now()));
		headers.put("v0 only", current.replace("v1=", "v0="));
		Clock clock = Clock.fixed(now(), ZoneOffset.UTC);

		for (Map.Entry<String, String> header : headers.entrySet()) {
			boolean stripeJava;
			try {
				stripeJava = Webhook.Signature.verifyHeader(this.payload, header.getValue(), SECRET,
						StripeConnector.TOLERANCE.toSeconds(), clock);
			}
			catch (SignatureVerificationException ex) {
				stripeJava = false;
			}
			boolean pluginApi = Hmac.sha256(SECRET)
				.timestamped(StripeConnector.TOLERANCE)
				.check("Stripe-Signature", header.getValue(), this.payload.getBytes(StandardCharsets.UTF_8), now())
				.verified();
			assertThat(pluginApi).as("a signature %s", header.getKey()).isEqualTo(stripeJava);
		}
		assertThat(handle(StripeFixtures.request(this.payload, Map.of("Stripe-Signature", List.of(ours)), now()))
			.outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
	}

	@Test
	void aSignedBodyThatIsNoStripeEventIsRefused() {
		for (String body : List.of("[1, 2, 3]", "not json at all", "{\"hello\": \"world\"}")) {
			assertRefused(handle(signed(body, SECRET, now())), "not a Stripe event");
		}
	}

	@Test
	void theBodyIsVerifiedByteForByteAsReceived() {
		String spaced = this.payload.replace("\n", "\r\n");
		WebhookRequest request = signed(spaced, SECRET, now());
		assertThat(new String(request.body(), StandardCharsets.UTF_8)).contains("\r\n");

		assertThat(handle(request).outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
	}

	@Test
	void refusalsAreLoggedWithoutTheSecret() {
		handle(signed(this.payload, OTHER_SECRET, now()));
		handle(signed(this.payload, SECRET, now().minusSeconds(900)));

		assertThat(this.context.logLines()).hasSize(2).allMatch((line) -> line.startsWith("WARNING"));
		assertThat(String.join("\n", this.context.logLines())).doesNotContain(SECRET)
			.doesNotContain(SECRET.substring("whsec_".length()))
			.doesNotContain(OTHER_SECRET);
	}

	private WebhookResult handle(WebhookRequest request) {
		WebhookResult result = this.context.handlingWebhook(() -> connector(this.context).handleWebhook(request));
		assertThat(this.context.requests()).isEmpty();
		return result;
	}

	private Instant now() {
		return this.context.clock().instant();
	}

	private static void assertRefused(WebhookResult result, String reason) {
		assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
		assertThat(result.events()).isEmpty();
		assertThat(result.reason()).contains(reason).doesNotContain(SECRET).doesNotContain(SECRET.substring(6));
	}

}
