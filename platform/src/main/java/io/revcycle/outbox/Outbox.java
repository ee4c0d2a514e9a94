package io.revcycle.outbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.revcycle.kernel.Conflict;
import io.revcycle.kernel.PgArrays;
import io.revcycle.tenancy.TenantContext;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The current tenant's outbox. Messages are written in the caller's transaction: if the
 * change rolls back, nothing is sent. An event's payload is stored once, however many
 * destinations it goes to: each message is a small delivery row that names the event.
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
		UUID tenant = TenantContext.require();
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.update(
				"insert into outbox_payloads (tenant_id, event_id, payload, created_at) "
						+ "values (?, ?, ?::jsonb, ?) on conflict (tenant_id, event_id) do nothing",
				tenant, eventId, payloadJson, now);
		this.jdbc.update(
				"insert into outbox (tenant_id, id, kind, destination, event_id, event_type, status, "
						+ "attempts, next_attempt_at, created_at) values (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)",
				tenant, id, kind, destination, eventId, eventType, now, now);
		return id;
	}

	/**
	 * A message to add.
	 *
	 * @param kind which deliverer handles it
	 * @param destination where it goes, as the deliverer understands it
	 * @param eventId the business event's id, the same for every destination
	 * @param eventType the event type
	 * @param payloadJson the JSON payload, the same for every message of the event: it is
	 * stored once per event id, and the first one written is the one sent
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
		// each event's payload once, then a small row per destination
		Map<UUID, Message> events = new LinkedHashMap<>();
		for (Message message : messages) {
			events.putIfAbsent(message.eventId(), message);
		}
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement("insert into outbox_payloads (tenant_id, "
					+ "event_id, payload, created_at) select ?, e, p::jsonb, ? from unnest(?, ?) as m(e, p) "
					+ "on conflict (tenant_id, event_id) do nothing");
			statement.setObject(1, tenant);
			statement.setTimestamp(2, now);
			PgArrays.bind(connection, statement, 3, List.copyOf(events.values()),
					new PgArrays.Column<Message>("uuid", Message::eventId),
					new PgArrays.Column<Message>("text", Message::payloadJson));
			return statement;
		});
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement("insert into outbox (tenant_id, id, kind, "
					+ "destination, event_id, event_type, status, attempts, next_attempt_at, created_at) "
					+ "select ?, gen_random_uuid(), k, d, e, t, 'PENDING', 0, ?, ? "
					+ "from unnest(?, ?, ?, ?) as m(k, d, e, t)");
			statement.setObject(1, tenant);
			statement.setTimestamp(2, now);
			statement.setTimestamp(3, now);
			PgArrays.bind(connection, statement, 4, messages, new PgArrays.Column<Message>("text", Message::kind),
					new PgArrays.Column<Message>("uuid", Message::destination),
					new PgArrays.Column<Message>("uuid", Message::eventId),
					new PgArrays.Column<Message>("text", Message::eventType));
			return statement;
		});
	}

	/**
	 * Dead-letters the pending messages to a destination that is gone or turned off, so
	 * they are never sent; in the caller's transaction. A message under way at that
	 * moment may still arrive. The messages stay, with the reason as their last error,
	 * and can be replayed.
	 * @param kind the kind of the messages
	 * @param destination the destination
	 * @param reason why they are not sent, for a tenant admin to read
	 * @return how many messages were dead-lettered
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public int cancel(String kind, UUID destination, String reason) {
		return this.jdbc.update(
				"update outbox set status = 'DEAD', last_error = ? where tenant_id = ? and kind = ? "
						+ "and destination = ? and status = 'PENDING'",
				reason, TenantContext.require(), kind, destination);
	}

	/**
	 * Holds back the pending messages to a destination until a time (a circuit breaker
	 * opened), in the caller's transaction; a message due later than that keeps its time.
	 * Their attempts are not counted.
	 * @param kind the kind of the messages
	 * @param destination the destination
	 * @param until when they are due again
	 * @param reason why they wait, for a tenant admin to read
	 * @return how many messages were held back
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public int holdUntil(String kind, UUID destination, Instant until, String reason) {
		return this.jdbc.update(
				"update outbox set next_attempt_at = ?, last_error = ? where tenant_id = ? and kind = ? "
						+ "and destination = ? and status = 'PENDING' and next_attempt_at < ?",
				Timestamp.from(until), reason, TenantContext.require(), kind, destination, Timestamp.from(until));
	}

	/**
	 * A page of messages, newest first, after the (createdAt, id) position if any.
	 * @param status only messages in this status, or null for all
	 * @param destination only messages to this destination, or null for all
	 */
	@Transactional(readOnly = true)
	List<OutboxEntry> page(String status, UUID destination, Instant beforeAt, UUID beforeId, int limit) {
		StringBuilder sql = new StringBuilder(SELECT).append(" where tenant_id = ?");
		List<Object> args = new ArrayList<>(List.of(TenantContext.require()));
		if (status != null) {
			sql.append(" and status = ?");
			args.add(status);
		}
		if (destination != null) {
			sql.append(" and destination = ?");
			args.add(destination);
		}
		if (beforeAt != null) {
			sql.append(" and (created_at, id) < (?, ?)");
			args.add(Timestamp.from(beforeAt));
			args.add(beforeId);
		}
		sql.append(" order by created_at desc, id desc limit ?");
		args.add(limit);
		return this.jdbc.query(sql.toString(), Outbox::entry, args.toArray());
	}

	/**
	 * Sends a dead-lettered message again, from its first attempt, at once.
	 * @return the message, or empty when there is no such message
	 * @throws Conflict when the message is not dead-lettered
	 */
	@Transactional
	Optional<OutboxEntry> replay(UUID id) {
		UUID tenant = TenantContext.require();
		List<OutboxEntry> found = this.jdbc.query(SELECT + " where tenant_id = ? and id = ? for update", Outbox::entry,
				tenant, id);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		if (!"DEAD".equals(found.get(0).status())) {
			throw new Conflict(
					"Only a dead-lettered message can be replayed; this one is " + found.get(0).status() + ".");
		}
		this.jdbc.update("update outbox set status = 'PENDING', attempts = 0, next_attempt_at = ? "
				+ "where tenant_id = ? and id = ?", Timestamp.from(this.clock.instant()), tenant, id);
		return Optional
			.of(this.jdbc.query(SELECT + " where tenant_id = ? and id = ?", Outbox::entry, tenant, id).get(0));
	}

	private static final String SELECT = "select id, kind, destination, event_id, event_type, status, attempts, "
			+ "next_attempt_at, last_error, created_at, delivered_at from outbox";

	private static OutboxEntry entry(ResultSet rs, int row) throws SQLException {
		return new OutboxEntry(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
				rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6), rs.getInt(7),
				rs.getTimestamp(8).toInstant(), rs.getString(9), rs.getTimestamp(10).toInstant(),
				(rs.getTimestamp(11) != null) ? rs.getTimestamp(11).toInstant() : null);
	}

}
