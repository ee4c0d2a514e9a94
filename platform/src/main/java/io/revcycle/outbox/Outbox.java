package io.revcycle.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

import io.revcycle.tenancy.TenantContext;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes messages to the outbox, in the caller's transaction: if the change rolls back,
 * nothing is sent.
 */
@Component
public class Outbox {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	Outbox(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Adds a message, due at once.
	 * @return its id
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public UUID add(String kind, UUID destination, UUID eventId, String eventType, String payloadJson) {
		UUID id = UUID.randomUUID();
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.update("insert into outbox (tenant_id, id, kind, destination, event_id, event_type, payload, status, "
				+ "attempts, next_attempt_at, created_at) values (?, ?, ?, ?, ?, ?, ?::jsonb, 'PENDING', 0, ?, ?)",
				TenantContext.require(), id, kind, destination, eventId, eventType, payloadJson, now, now);
		return id;
	}

}
