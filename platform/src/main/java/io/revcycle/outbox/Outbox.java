package io.revcycle.outbox;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.revcycle.http.PgArrays;
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

	/**
	 * A message to add.
	 *
	 * @param kind which deliverer handles it
	 * @param destination where it goes, as the deliverer understands it
	 * @param eventId the business event's id, the same for every destination
	 * @param eventType the event type
	 * @param payloadJson the JSON payload
	 */
	public record Message(String kind, UUID destination, UUID eventId, String eventType, String payloadJson) {
	}

	/** Adds messages, due at once, in one statement whatever their number. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void add(List<Message> messages) {
		if (messages.isEmpty()) {
			return;
		}
		UUID tenant = TenantContext.require();
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement("insert into outbox (tenant_id, id, kind, "
					+ "destination, event_id, event_type, payload, status, attempts, next_attempt_at, created_at) "
					+ "select ?, gen_random_uuid(), k, d, e, t, p::jsonb, 'PENDING', 0, ?, ? "
					+ "from unnest(?, ?, ?, ?, ?) as m(k, d, e, t, p)");
			statement.setObject(1, tenant);
			statement.setTimestamp(2, now);
			statement.setTimestamp(3, now);
			PgArrays.bind(connection, statement, 4, messages, new PgArrays.Column<Message>("text", Message::kind),
					new PgArrays.Column<Message>("uuid", Message::destination),
					new PgArrays.Column<Message>("uuid", Message::eventId),
					new PgArrays.Column<Message>("text", Message::eventType),
					new PgArrays.Column<Message>("text", Message::payloadJson));
			return statement;
		});
	}

}
