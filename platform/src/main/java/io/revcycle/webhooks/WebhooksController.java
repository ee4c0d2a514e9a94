package io.revcycle.webhooks;

import java.net.URI;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import io.revcycle.http.Problems;
import io.revcycle.http.SecretBox;
import io.revcycle.tenancy.TenantContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|POST /api/v1/webhooks} and {@code GET /api/v1/webhooks/{id}/deliveries}. The
 * signing secret is shown once, when the endpoint is created, and stored encrypted.
 */
@RestController
@PreAuthorize("hasRole('tenant-admin')")
class WebhooksController {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final SecretBox secrets;

	WebhooksController(JdbcTemplate jdbc, Clock clock, SecretBox secrets) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.secrets = secrets;
	}

	record NewEndpoint(
			@NotBlank(message = "is required") @Size(max = 2000,
					message = "must be at most 2000 characters") String url,
			@NotEmpty(message = "must name at least one event type") List<String> eventTypes,
			@Size(max = 500, message = "must be at most 500 characters") String description) {
	}

	record EndpointView(UUID id, String url, List<String> eventTypes, String description, boolean active,
			Instant createdAt, String secret) {
	}

	record EndpointList(List<EndpointView> items, String nextCursor) {
	}

	record AttemptView(UUID id, UUID outboxId, UUID eventId, String eventType, int attempt, Instant at,
			Integer statusCode, String error, int durationMs) {
	}

	record AttemptList(List<AttemptView> items, String nextCursor) {
	}

	@PostMapping("/api/v1/webhooks")
	@Transactional
	ResponseEntity<EndpointView> create(@Valid @RequestBody NewEndpoint request) {
		URI url;
		try {
			url = URI.create(request.url().trim());
		}
		catch (IllegalArgumentException ex) {
			throw Problems.badRequest("url: is not a URL.");
		}
		if (!url.isAbsolute() || url.getHost() == null
				|| !("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme()))) {
			throw Problems.badRequest("url: must be an absolute http or https URL.");
		}
		List<String> unknown = new ArrayList<>(request.eventTypes());
		unknown.removeAll(WebhookEvents.TYPES);
		if (!unknown.isEmpty()) {
			throw Problems
				.badRequest("eventTypes: unknown " + unknown + "; subscribe to any of " + WebhookEvents.TYPES + ".");
		}
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		String secret = "whsec_" + HexFormat.of().formatHex(bytes);
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant();
		List<String> types = List.copyOf(new LinkedHashSet<>(request.eventTypes()));
		this.jdbc.update((connection) -> {
			var statement = connection.prepareStatement("insert into webhook_endpoints (tenant_id, id, url, secret, "
					+ "event_types, description, active, created_at) values (?, ?, ?, ?, ?, ?, true, ?)");
			statement.setObject(1, TenantContext.require());
			statement.setObject(2, id);
			statement.setString(3, url.toString());
			// stored sealed: shown once here, opened only to sign deliveries
			statement.setString(4, this.secrets.seal(secret, WebhookDeliverer.boundTo(TenantContext.require(), id)));
			statement.setArray(5, connection.createArrayOf("text", types.toArray()));
			statement.setString(6, request.description());
			statement.setTimestamp(7, Timestamp.from(now));
			return statement;
		});
		return ResponseEntity.created(URI.create("/api/v1/webhooks/" + id))
			.body(new EndpointView(id, url.toString(), types, request.description(), true, now, secret));
	}

	@GetMapping("/api/v1/webhooks")
	@Transactional(readOnly = true)
	EndpointList list() {
		return new EndpointList(this.jdbc.query("select id, url, event_types, description, active, created_at "
				+ "from webhook_endpoints order by created_at desc", this::endpoint), null);
	}

	@GetMapping("/api/v1/webhooks/{id}/deliveries")
	@Transactional(readOnly = true)
	AttemptList deliveries(@PathVariable UUID id) {
		if (this.jdbc.query("select id from webhook_endpoints where id = ?", (rs, row) -> row, id).isEmpty()) {
			throw Problems.notFound("webhook endpoint", id);
		}
		return new AttemptList(this.jdbc.query(
				"select id, outbox_id, event_id, event_type, attempt, at, status_code, error, duration_ms "
						+ "from webhook_attempts where endpoint_id = ? order by at desc limit 500",
				(rs, row) -> new AttemptView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
						rs.getObject(3, UUID.class), rs.getString(4), rs.getInt(5), rs.getTimestamp(6).toInstant(),
						(Integer) rs.getObject(7), rs.getString(8), rs.getInt(9)),
				id), null);
	}

	private EndpointView endpoint(ResultSet rs, int row) throws SQLException {
		return new EndpointView(rs.getObject(1, UUID.class), rs.getString(2),
				Arrays.asList((String[]) rs.getArray(3).getArray()), rs.getString(4), rs.getBoolean(5),
				rs.getTimestamp(6).toInstant(), null);
	}

}
