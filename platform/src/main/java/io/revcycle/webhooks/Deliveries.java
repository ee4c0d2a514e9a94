package io.revcycle.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.revcycle.outbox.OutboxMessage;
import io.revcycle.tenancy.TenantContext;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The delivery log of the current tenant's webhook endpoints: one row per attempt, what
 * the endpoint answered or what failed.
 */
@Component
class Deliveries {

	private static final String COLUMNS = "id, outbox_id, event_id, event_type, attempt, at, status_code, error, "
			+ "duration_ms";

	private final JdbcTemplate jdbc;

	Deliveries(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * One attempt to deliver a webhook.
	 *
	 * @param id the attempt's id
	 * @param outboxId the outbox message it delivered
	 * @param eventId the event's id, the same for every attempt and endpoint
	 * @param eventType the event type
	 * @param attempt the number of the attempt, from 1
	 * @param at when it ended
	 * @param statusCode what the endpoint answered, or null when it answered nothing
	 * @param error what failed, or null when the endpoint accepted the delivery
	 * @param durationMs how long it took
	 */
	record Delivery(UUID id, UUID outboxId, UUID eventId, String eventType, int attempt, Instant at, Integer statusCode,
			String error, int durationMs) {
	}

	/**
	 * Logs an attempt; nothing when the endpoint was deleted while it was under way.
	 */
	@Transactional
	void record(OutboxMessage message, Instant at, Integer statusCode, String error, int durationMs) {
		UUID tenant = TenantContext.require();
		this.jdbc.update(
				"insert into webhook_attempts (tenant_id, id, endpoint_id, outbox_id, event_id, event_type, attempt, at, "
						+ "status_code, error, duration_ms) select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? where exists "
						+ "(select 1 from webhook_endpoints where tenant_id = ? and id = ?)",
				tenant, UUID.randomUUID(), message.destination(), message.id(), message.eventId(), message.eventType(),
				message.attempt(), Timestamp.from(at), statusCode, error, durationMs, tenant, message.destination());
	}

	/**
	 * A page of an endpoint's attempts, newest first, after the (at, id) position if any.
	 * @return the page, or empty when the tenant has no such endpoint
	 */
	@Transactional(readOnly = true)
	Optional<List<Delivery>> page(UUID endpointId, Instant beforeAt, UUID beforeId, int limit) {
		UUID tenant = TenantContext.require();
		Boolean exists = this.jdbc.queryForObject(
				"select exists (select 1 from webhook_endpoints where tenant_id = ? and id = ?)", Boolean.class, tenant,
				endpointId);
		if (!Boolean.TRUE.equals(exists)) {
			return Optional.empty();
		}
		if (beforeAt == null) {
			return Optional.of(this.jdbc.query(
					"select " + COLUMNS + " from webhook_attempts "
							+ "where tenant_id = ? and endpoint_id = ? order by at desc, id desc limit ?",
					Deliveries::delivery, tenant, endpointId, limit));
		}
		return Optional.of(this.jdbc.query(
				"select " + COLUMNS + " from webhook_attempts where tenant_id = ? and endpoint_id = ? "
						+ "and (at, id) < (?, ?) order by at desc, id desc limit ?",
				Deliveries::delivery, tenant, endpointId, Timestamp.from(beforeAt), beforeId, limit));
	}

	/** Forgets an endpoint's attempts, in the caller's transaction. */
	@Transactional(propagation = Propagation.MANDATORY)
	void deleteOf(UUID endpointId) {
		this.jdbc.update("delete from webhook_attempts where tenant_id = ? and endpoint_id = ?",
				TenantContext.require(), endpointId);
	}

	private static Delivery delivery(ResultSet rs, int row) throws SQLException {
		return new Delivery(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
				rs.getString(4), rs.getInt(5), rs.getTimestamp(6).toInstant(), (Integer) rs.getObject(7),
				rs.getString(8), rs.getInt(9));
	}

}
