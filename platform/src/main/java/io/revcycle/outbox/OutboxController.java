package io.revcycle.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.revcycle.http.Conflict;
import io.revcycle.http.Problems;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/outbox} (what is pending, delivered or dead) and {@code POST
 * /api/v1/outbox/{id}/replay}.
 */
@RestController
@PreAuthorize("hasRole('tenant-admin')")
class OutboxController {

	private static final Set<String> STATUSES = Set.of("PENDING", "DELIVERED", "DEAD");

	private final JdbcTemplate jdbc;

	private final Clock clock;

	OutboxController(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	record MessageView(UUID id, String kind, UUID destination, UUID eventId, String eventType, String status,
			int attempts, Instant nextAttemptAt, String lastError, Instant createdAt, Instant deliveredAt) {
	}

	record MessageList(List<MessageView> items, String nextCursor) {
	}

	@GetMapping("/api/v1/outbox")
	@Transactional(readOnly = true)
	MessageList list(@RequestParam(required = false) String status) {
		if (status != null && !STATUSES.contains(status)) {
			throw Problems.badRequest("status must be one of " + STATUSES + ".");
		}
		List<MessageView> items = (status != null)
				? this.jdbc.query(SELECT + " where status = ? order by created_at desc limit 500", this::view, status)
				: this.jdbc.query(SELECT + " order by created_at desc limit 500", this::view);
		return new MessageList(items, null);
	}

	@PostMapping("/api/v1/outbox/{id}/replay")
	@Transactional
	MessageView replay(@PathVariable UUID id) {
		List<MessageView> found = this.jdbc.query(SELECT + " where id = ? for update", this::view, id);
		if (found.isEmpty()) {
			throw Problems.notFound("outbox message", id);
		}
		if (!"DEAD".equals(found.get(0).status())) {
			throw new Conflict(
					"Only a dead-lettered message can be replayed; this one is " + found.get(0).status() + ".");
		}
		this.jdbc.update("update outbox set status = 'PENDING', attempts = 0, next_attempt_at = ? where id = ?",
				Timestamp.from(this.clock.instant()), id);
		return this.jdbc.query(SELECT + " where id = ?", this::view, id).get(0);
	}

	private static final String SELECT = "select id, kind, destination, event_id, event_type, status, attempts, "
			+ "next_attempt_at, last_error, created_at, delivered_at from outbox";

	private MessageView view(ResultSet rs, int row) throws SQLException {
		return new MessageView(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
				rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6), rs.getInt(7),
				rs.getTimestamp(8).toInstant(), rs.getString(9), rs.getTimestamp(10).toInstant(),
				(rs.getTimestamp(11) != null) ? rs.getTimestamp(11).toInstant() : null);
	}

}
