package io.revcycle.webhooks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.revcycle.outbox.Deliverer;
import io.revcycle.outbox.OutboxMessage;
import io.revcycle.secrets.SecretBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * POSTs a webhook event to its endpoint, signed, and logs the attempt. 2xx means
 * delivered. A deleted or disabled endpoint gets nothing: its message is dead-lettered at
 * once.
 */
@Component
class WebhookDeliverer implements Deliverer {

	private static final Logger log = LoggerFactory.getLogger(WebhookDeliverer.class);

	static final String KIND = "webhook";

	static final String SIGNATURE_HEADER = "Revcycle-Signature";

	static final String EVENT_ID_HEADER = "Revcycle-Event-Id";

	private final WebhookEndpoints endpoints;

	private final Deliveries deliveries;

	private final WebhookHttp http;

	private final Clock clock;

	WebhookDeliverer(WebhookEndpoints endpoints, Deliveries deliveries, WebhookHttp http, Clock clock) {
		this.endpoints = endpoints;
		this.deliveries = deliveries;
		this.http = http;
		this.clock = clock;
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public Result deliver(OutboxMessage message) {
		Optional<WebhookEndpoints.Target> found;
		try {
			found = this.endpoints.target(message.destination());
		}
		catch (SecretBox.Unreadable ex) {
			log.warn("Webhook endpoint {} of tenant {}: {}", message.destination(), message.tenantId(),
					ex.getMessage());
			return Result.refused("the endpoint's signing secret cannot be opened with this platform's secrets key");
		}
		if (found.isEmpty()) {
			return Result.refused(WebhookEndpoints.DELETED);
		}
		WebhookEndpoints.Target endpoint = found.get();
		if (!endpoint.active()) {
			return Result.refused(WebhookEndpoints.DISABLED);
		}
		Instant now = this.clock.instant();
		if (endpoint.circuitOpenUntil() != null && endpoint.circuitOpenUntil().isAfter(now)) {
			return Result.notAttempted(WebhookEndpoints.held(endpoint.failures(), endpoint.failingSince(),
					endpoint.circuitOpenUntil(), "see the delivery log"),
					Duration.between(now, endpoint.circuitOpenUntil()));
		}
		URI url = WebhookUrls.parse(endpoint.url());
		String invalid = (url != null) ? WebhookUrls.problem(url) : "is not a URL";
		if (invalid != null) {
			return Result.refused("the endpoint's URL " + invalid + "; change it, then replay this message");
		}
		long timestamp = this.clock.instant().getEpochSecond();
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(EVENT_ID_HEADER, message.eventId().toString());
		headers.put(SIGNATURE_HEADER, signature(endpoint.secrets(), timestamp, message.payload()));
		long started = System.nanoTime();
		WebhookHttp.Outcome outcome = this.http.post(url, headers, message.payload());
		int took = (int) ((System.nanoTime() - started) / 1_000_000);
		this.deliveries.record(message, this.clock.instant(), outcome.statusCode(), outcome.error(), took);
		Instant open = this.endpoints.recordOutcome(message.destination(), outcome.delivered(), outcome.error());
		if (outcome.delivered()) {
			return Result.ok();
		}
		log.info("Webhook {} ({}, attempt {}) to endpoint {} of tenant {} failed: {}", message.eventId(),
				message.eventType(), message.attempt(), message.destination(), message.tenantId(), outcome.error());
		if (open != null) {
			// its circuit opened: this message waits with the others
			return Result.retryAfter(outcome.error(), Duration.between(this.clock.instant(), open));
		}
		return Result.failed(outcome.error());
	}

	/**
	 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the endpoint's secret>},
	 * as Stripe signs.
	 */
	static String signature(String secret, long timestamp, String body) {
		return signature(List.of(secret), timestamp, body);
	}

	/**
	 * {@code t=<unix seconds>,v1=<hex HMAC>,v1=<hex HMAC>...}: one {@code v1} per secret,
	 * as Stripe signs while a rotated secret's grace period lasts. A receiver accepts the
	 * delivery when any of them matches.
	 */
	static String signature(List<String> secrets, long timestamp, String body) {
		StringBuilder header = new StringBuilder("t=").append(timestamp);
		byte[] signed = (timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
		try {
			for (String secret : secrets) {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
				header.append(",v1=").append(HexFormat.of().formatHex(mac.doFinal(signed)));
			}
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		return header.toString();
	}

}
