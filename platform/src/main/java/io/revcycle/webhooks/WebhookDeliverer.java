package io.revcycle.webhooks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.revcycle.http.SecretBox;
import io.revcycle.outbox.Deliverer;
import io.revcycle.outbox.OutboxMessage;
import io.revcycle.tenancy.TenantContext;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * POSTs a webhook event to its endpoint, signed, and logs the attempt. 2xx means
 * delivered.
 */
@Component
class WebhookDeliverer implements Deliverer {

	static final String KIND = "webhook";

	static final String SIGNATURE_HEADER = "Revcycle-Signature";

	static final String EVENT_ID_HEADER = "Revcycle-Event-Id";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final SecretBox secrets;

	WebhookDeliverer(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, SecretBox secrets) {
		this.jdbc = jdbc;
		this.tx = tx;
		this.clock = clock;
		this.secrets = secrets;
	}

	/** What an endpoint's sealed secret is bound to. */
	static String boundTo(UUID tenantId, UUID endpointId) {
		return "webhook/" + tenantId + "/" + endpointId;
	}

	@Override
	public String kind() {
		return KIND;
	}

	record Endpoint(String url, String secret) {
	}

	@Override
	public Result deliver(OutboxMessage message) {
		List<Endpoint> found = this.tx
			.execute((status) -> this.jdbc.query("select url, secret from webhook_endpoints where id = ?",
					(rs, row) -> new Endpoint(rs.getString(1), rs.getString(2)), message.destination()));
		if (found.isEmpty()) {
			return Result.failed("the endpoint no longer exists");
		}
		Endpoint endpoint = found.get(0);
		String secret;
		try {
			// endpoints created before secrets were sealed keep their secret in clear
			secret = endpoint.secret().startsWith("v1:")
					? this.secrets.open(endpoint.secret(), boundTo(message.tenantId(), message.destination()))
					: endpoint.secret();
		}
		catch (IllegalStateException ex) {
			return Result.refused("the endpoint's signing secret cannot be opened with this platform's secrets key");
		}
		long timestamp = this.clock.instant().getEpochSecond();
		Instant started = Instant.now();
		Integer statusCode = null;
		String error = null;
		try {
			HttpResponse<Void> response = this.http.send(HttpRequest.newBuilder(URI.create(endpoint.url()))
				.timeout(Duration.ofSeconds(10))
				.header("Content-Type", "application/json")
				.header("User-Agent", "Revcycle-Webhooks/1")
				.header(EVENT_ID_HEADER, message.eventId().toString())
				.header(SIGNATURE_HEADER, signature(secret, timestamp, message.payload()))
				.POST(HttpRequest.BodyPublishers.ofString(message.payload(), StandardCharsets.UTF_8))
				.build(), HttpResponse.BodyHandlers.discarding());
			statusCode = response.statusCode();
			if (statusCode / 100 != 2) {
				error = "the endpoint answered " + statusCode;
			}
		}
		catch (IOException | IllegalArgumentException ex) {
			error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			error = "interrupted";
		}
		log(message, statusCode, error, Duration.between(started, Instant.now()));
		return (error == null) ? Result.ok() : Result.failed(error);
	}

	/**
	 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the endpoint's secret>},
	 * as Stripe signs.
	 */
	static String signature(String secret, long timestamp, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
			return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void log(OutboxMessage message, Integer statusCode, String error, Duration took) {
		this.tx.executeWithoutResult((status) -> this.jdbc.update(
				"insert into webhook_attempts (tenant_id, id, endpoint_id, outbox_id, event_id, event_type, attempt, at, "
						+ "status_code, error, duration_ms) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				TenantContext.require(), UUID.randomUUID(), message.destination(), message.id(), message.eventId(),
				message.eventType(), message.attempt(), Timestamp.from(this.clock.instant()), statusCode, error,
				(int) took.toMillis()));
	}

}
