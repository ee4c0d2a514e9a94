package io.revcycle.connector.stripe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.net.Webhook;

import io.revcycle.plugin.api.WebhookRequest;

/**
 * Stripe event payloads from {@code src/test/resources/stripe} (API version
 * 2026-07-29.dahlia, the one stripe-java 33.3.0 pins, unless the name says otherwise),
 * and webhooks signed the way Stripe signs them, with stripe-java's own signer.
 */
final class StripeFixtures {

	static final String SECRET = "whsec_8f3kQz1LpV0xR7mT2nB5cY9dW4eH6jUa";

	static final String OTHER_SECRET = "whsec_Zq9Lm2Xc5Vb8Nn1Kk4Jj7Hh0Gg3Ff6Dd";

	private StripeFixtures() {
	}

	/** A fixture as it is stored. */
	static String payload(String name) {
		try (InputStream in = StripeFixtures.class.getResourceAsStream("/stripe/" + name + ".json")) {
			if (in == null) {
				throw new IllegalArgumentException("No fixture " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A fixture changed by {@code edit} (given the whole event), compact as Stripe sends
	 * it.
	 */
	static String payload(String name, Consumer<JsonObject> edit) {
		JsonObject event = JsonParser.parseString(payload(name)).getAsJsonObject();
		edit.accept(event);
		return new GsonBuilder().serializeNulls().create().toJson(event);
	}

	/** The event's {@code data.object}. */
	static JsonObject object(JsonObject event) {
		return event.getAsJsonObject("data").getAsJsonObject("object");
	}

	/** The {@code Stripe-Signature} header Stripe sends for this payload at this time. */
	static String signature(String payload, String secret, Instant at) {
		try {
			return Webhook.Signature.generateSignatureHeader(payload, secret, at.getEpochSecond());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The webhook Stripe delivers: the payload signed with {@code secret} at {@code at}.
	 */
	static WebhookRequest signed(String payload, String secret, Instant at) {
		return request(payload, Map.of("Stripe-Signature", List.of(signature(payload, secret, at))), at);
	}

	/** A webhook with these headers (and Stripe's content type and user agent). */
	static WebhookRequest request(String payload, Map<String, List<String>> headers, Instant receivedAt) {
		Map<String, List<String>> all = new LinkedHashMap<>();
		all.put("Content-Type", List.of("application/json; charset=utf-8"));
		all.put("User-Agent", List.of("Stripe/1.0 (+https://stripe.com/docs/webhooks)"));
		all.putAll(headers);
		return new WebhookRequest("POST", URI.create("https://revcycle.example/hooks/acme/5f0c2b7e"), all,
				payload.getBytes(StandardCharsets.UTF_8), "54.187.174.169", receivedAt);
	}

}
