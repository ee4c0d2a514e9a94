package io.revcycle.connectors;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.revcycle.outbox.Deliverer;
import io.revcycle.outbox.Outbox;
import io.revcycle.outbox.OutboxMessage;
import io.revcycle.outbox.OutboxSettings;
import io.revcycle.plugin.api.Action;
import io.revcycle.plugin.api.ActionResult;
import io.revcycle.plugin.host.ConnectorFailure;
import io.revcycle.plugin.host.ConnectorRuntime;
import io.revcycle.tenancy.TenantContext;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Outbound connector actions (send an email, upsert a CRM contact). An action is stored
 * once per (instance, idempotency key) together with its outbox message, so a client that
 * retries the request gets the same action; the outbox delivers it to the plugin,
 * retrying with backoff (or when the remote system asked), and the plugin gets the same
 * idempotency key on every attempt.
 */
@Component
class Actions implements Deliverer {

	static final String KIND = "connector_action";

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final Outbox outbox;

	private final Instances instances;

	private final Runtimes runtimes;

	private final TransactionTemplate tx;

	private final JsonMapper json;

	private final Clock clock;

	private final OutboxSettings outboxSettings;

	Actions(JdbcTemplate jdbc, Outbox outbox, Instances instances, Runtimes runtimes, TransactionTemplate tx,
			JsonMapper json, Clock clock, OutboxSettings outboxSettings) {
		this.outboxSettings = outboxSettings;
		this.jdbc = jdbc;
		this.outbox = outbox;
		this.instances = instances;
		this.runtimes = runtimes;
		this.tx = tx;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * An action as the API shows it.
	 *
	 * @param id the action id
	 * @param instanceId the connector instance
	 * @param type the action type
	 * @param idempotencyKey the client's key
	 * @param status {@code PENDING}, {@code RUNNING}, {@code DONE} or {@code FAILED}
	 * @param externalId the remote system's id of the result, or null
	 * @param message what happened last, or null
	 * @param attempts attempts so far
	 * @param createdAt when it was requested
	 * @param updatedAt when it last changed
	 */
	record View(UUID id, UUID instanceId, String type, String idempotencyKey, String status, String externalId,
			String message, int attempts, Instant createdAt, Instant updatedAt) {
	}

	/** Whether the request created the action, or found it from an earlier request. */
	record Requested(View action, boolean created) {
	}

	/**
	 * Requests an action, in the caller's transaction; the same key finds the same
	 * action.
	 */
	Requested request(Instance instance, String type, String idempotencyKey, Map<String, Object> input) {
		UUID id = UUID.randomUUID();
		Timestamp now = Timestamp.from(this.clock.instant());
		int inserted = this.jdbc.update(
				"insert into connector_actions (tenant_id, id, instance_id, type, idempotency_key, input, status, "
						+ "created_at, updated_at) values (?, ?, ?, ?, ?, ?::jsonb, 'PENDING', ?, ?) "
						+ "on conflict (tenant_id, instance_id, idempotency_key) do nothing",
				TenantContext.require(), id, instance.id(), type, idempotencyKey, this.json.writeValueAsString(input),
				now, now);
		if (inserted == 1) {
			this.outbox.add(KIND, instance.id(), id, type, this.json.writeValueAsString(Map.of("actionId", id)));
		}
		View view = this.jdbc
			.query("select " + COLUMNS + " from connector_actions where instance_id = ? and idempotency_key = ?",
					this::view, instance.id(), idempotencyKey)
			.get(0);
		return new Requested(view, inserted == 1);
	}

	/** A page of an instance's actions, newest first. */
	List<View> page(UUID instanceId, io.revcycle.http.CursorPage.Position after, int limit) {
		if (after == null) {
			return this.jdbc.query("select " + COLUMNS + " from connector_actions where instance_id = ? "
					+ "order by created_at desc, id desc limit ?", this::view, instanceId, limit);
		}
		return this.jdbc.query(
				"select " + COLUMNS + " from connector_actions where instance_id = ? "
						+ "and (created_at, id) < (?, ?) order by created_at desc, id desc limit ?",
				this::view, instanceId, Timestamp.from(after.at()), after.uuid(), limit);
	}

	@Override
	public String kind() {
		return KIND;
	}

	private record Claimed(UUID instanceId, String type, String key, String input) {
	}

	@Override
	public Result deliver(OutboxMessage message) {
		UUID actionId = message.eventId();
		Instant now = this.clock.instant();
		// one replica performs an action at a time, even when an outbox lease ran out and
		// another replica picked the message up again
		Optional<Claimed> claimed = this.tx.execute((status) -> this.jdbc
			.query("update connector_actions set status = 'RUNNING', lease_until = ?, attempts = attempts + 1, "
					+ "updated_at = ? where id = ? and (status = 'PENDING' or (status = 'RUNNING' and lease_until < ?)) "
					+ "returning instance_id, type, idempotency_key, input::text",
					(rs, row) -> new Claimed(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
							rs.getString(4)),
					Timestamp.from(now.plus(this.runtimes.policy().timeout().multipliedBy(2)).plusSeconds(30)),
					Timestamp.from(now), actionId, Timestamp.from(now))
			.stream()
			.findFirst());
		if (claimed.isEmpty()) {
			String status = this.tx.execute((tx) -> this.jdbc
				.queryForList("select status from connector_actions where id = ?", String.class, actionId)
				.stream()
				.findFirst()
				.orElse("DONE"));
			return switch (status) {
				case "RUNNING" -> Result.retryAfter("being performed by another replica", Duration.ofMinutes(1));
				case "FAILED" -> Result.refused("the action failed");
				default -> Result.ok();
			};
		}
		Claimed action = claimed.get();
		Instance instance = this.tx.execute((status) -> this.instances.find(action.instanceId())).orElse(null);
		if (instance == null || !instance.enabled()) {
			finish(actionId, "FAILED", null, "The connector instance is gone or disabled");
			return Result.refused("connector instance gone or disabled");
		}
		Action request = new Action(action.type(), action.key(), this.json.readValue(action.input(), OBJECT));
		ConnectorRuntime.Call<ActionResult> call;
		try {
			call = this.runtimes.call(instance, (runtime) -> runtime.perform(request));
		}
		catch (Runtimes.Unavailable ex) {
			return retry(message, actionId, ex.getMessage(), null);
		}
		catch (ConnectorFailure ex) {
			if (ex.kind() == ConnectorFailure.Kind.UNSUPPORTED) {
				finish(actionId, "FAILED", null, "The connector no longer performs '" + action.type() + "'");
				return Result.refused("action no longer supported");
			}
			return retry(message, actionId, ex.kind() + ": " + ex.getMessage(), null);
		}
		ActionResult result = call.value();
		switch (result.status()) {
			case DONE -> {
				this.tx.executeWithoutResult((status) -> {
					this.instances.commitCursors(instance.id(), call.cursors());
					finishInTransaction(actionId, "DONE", result.externalId(), result.message());
				});
				this.runtimes.committed(instance, call.cursors());
				return Result.ok();
			}
			case FAILED -> {
				finish(actionId, "FAILED", null, result.message());
				return Result.refused(result.message());
			}
			default -> {
				return retry(message, actionId, result.message(), result.retryAfter());
			}
		}
	}

	/**
	 * Hands the action back for a later attempt; on the outbox's last attempt it is
	 * failed for good, as the outbox dead-letters its message.
	 */
	private Result retry(OutboxMessage message, UUID actionId, String why, Duration after) {
		if (message.attempt() >= this.outboxSettings.maxAttempts()) {
			finish(actionId, "FAILED", null, why);
			return Result.refused(why);
		}
		this.tx.executeWithoutResult((tx) -> this.jdbc
			.update("update connector_actions set status = 'PENDING', lease_until = null, message = ?, updated_at = ? "
					+ "where id = ?", why, Timestamp.from(this.clock.instant()), actionId));
		return Result.retryAfter(why, after);
	}

	private void finish(UUID actionId, String status, String externalId, String message) {
		this.tx.executeWithoutResult((tx) -> finishInTransaction(actionId, status, externalId, message));
	}

	private void finishInTransaction(UUID actionId, String status, String externalId, String message) {
		this.jdbc.update(
				"update connector_actions set status = ?, external_id = ?, message = ?, lease_until = null, "
						+ "updated_at = ? where id = ?",
				status, externalId, message, Timestamp.from(this.clock.instant()), actionId);
	}

	private static final String COLUMNS = "id, instance_id, type, idempotency_key, status, external_id, message, "
			+ "attempts, created_at, updated_at";

	private View view(ResultSet rs, int row) throws SQLException {
		return new View(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
				rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getTimestamp(9).toInstant(),
				rs.getTimestamp(10).toInstant());
	}

}
