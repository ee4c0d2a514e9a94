package io.revcycle.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Map;

import com.stripe.net.Webhook;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import io.revcycle.testsupport.UsesRealServices;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A payment from Stripe through the production wiring: the real platform jar with its
 * production beans (its clock among them) on the JDK the tests run on, the packaged
 * Stripe connector installed by checksum, a tenant signed up and a Stripe connector
 * instance created through the gateway's API, and a signed {@code invoice.paid} event
 * posted where Stripe would post it, at the gateway's public address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@UsesRealServices
@Import(GatewayTestConfiguration.class)
class StripePaymentThroughGatewayTests {

	private static final String SECRET = "whsec_gw7Tq2Lm9Xc4Vb1Nn8Kk5Jj3Hh0Gg6Ff";

	@DynamicPropertySource
	static void publicAddress(DynamicPropertyRegistry registry) {
		registry.add("server.port", Platform::publicGatewayPort);
	}

	@Test
	void aSignedInvoicePaidBecomesOnePaymentOnThePersonsTimeline() {
		ApiClient gateway = new ApiClient("http://localhost:" + Platform.publicGatewayPort());
		SignedUp tenant = TestTenants.signUp(gateway, "gw-stripe");
		ApiClient.Response created = gateway.post("/api/v1/connector-instances",
				Map.of("connectorId", "stripe", "name", "Stripe live", "config", Map.of("webhookSecret", SECRET)),
				tenant.auth());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String webhookUrl = created.json().get("webhookUrl").asString();
		assertThat(webhookUrl).isEqualTo("/hooks/" + tenant.slug() + "/" + created.json().get("id").asString());

		String event = fixture("invoice.paid");
		ApiClient.Response delivered = deliver(gateway, webhookUrl, event);
		assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
		assertThat(delivered.json().get("accepted").asInt()).isEqualTo(1);

		JsonNode people = gateway.get("/api/v1/people?email=jenny.rosen@example.com", tenant.auth()).json();
		assertThat(people.get("items").size()).isEqualTo(1);
		String person = people.get("items").get(0).get("id").asString();
		assertThat(payments(gateway, tenant, person)).isEqualTo(1);

		ApiClient.Response resent = deliver(gateway, webhookUrl, event);
		assertThat(resent.status()).as(resent.toString()).isEqualTo(200);
		assertThat(resent.json().get("duplicates").asInt()).isEqualTo(1);
		assertThat(resent.json().get("accepted").asInt()).isZero();
		assertThat(payments(gateway, tenant, person)).isEqualTo(1);
	}

	/** Posts an event as Stripe does: signed now, with Stripe's headers. */
	private static ApiClient.Response deliver(ApiClient gateway, String path, String event) {
		long t = Instant.now().getEpochSecond();
		String signature;
		try {
			signature = "t=" + t + "," + Webhook.Signature.EXPECTED_SCHEME + "="
					+ Webhook.Util.computeHmacSha256(SECRET, t + "." + event);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		return gateway.send("POST", path, event, "application/json; charset=utf-8", "Stripe-Signature", signature,
				"User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
	}

	private static long payments(ApiClient gateway, SignedUp tenant, String person) {
		ApiClient.Response timeline = gateway.get("/api/v1/people/" + person + "/timeline", tenant.auth());
		assertThat(timeline.status()).as(timeline.toString()).isEqualTo(200);
		return timeline.json()
			.get("items")
			.valueStream()
			.filter((entry) -> "payment_succeeded".equals(entry.get("type").asString()))
			.count();
	}

	/** A Stripe event exactly as Stripe sends it (API version 2026-07-29.dahlia). */
	private static String fixture(String name) {
		try (InputStream in = StripePaymentThroughGatewayTests.class.getResourceAsStream("/stripe/" + name + ".json")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
