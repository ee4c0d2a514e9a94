package io.revcycle.connectors;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.revcycle.outbox.Deliverer;
import io.revcycle.outbox.Outbox;
import io.revcycle.outbox.OutboxMessage;
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

	Actions(JdbcTemplate jdbc, Outbox outbox, Instances instances, Runtimes runtimes, TransactionTemplate tx,
			JsonMapper json, Clock clock) {
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
	 * @param status {@code PENDING}, {@code DONE} or {@code FAILED}
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

	List<View> list(UUID instanceId) {
		return this.jdbc.query("select " + COLUMNS + " from connector_actions where instance_id = ? "
				+ "order by created_at desc, id desc limit 500", this::view, instanceId);
	}

	@Override
	public String kind() {
		return KIND;
	}

	private record Pending(UUID instanceId, String type, String key, String input) {
	}

	@Override
	public Result deliver(OutboxMessage message) {
		UUID actionId = message.eventId();
		Optional<Pending> pending = this.tx.execute(
				(status) -> this.jdbc
					.query("select instance_id, type, idempotency_key, input::text from connector_actions where id = ? "
							+ "and status = 'PENDING'",
							(rs, row) -> new Pending(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
									rs.getString(4)),
							actionId)
					.stream()
					.findFirst());
		if (pending.isEmpty()) {
			return Result.ok();
		}
		Instance instance = this.tx.execute((status) -> this.instances.find(pending.get().instanceId())).orElse(null);
		if (instance == null || !instance.enabled()) {
			finish(actionId, "FAILED", null, "The connector instance is gone or disabled");
			return Result.refused("connector instance gone or disabled");
		}
		Action action = new Action(pending.get().type(), pending.get().key(),
				this.json.readValue(pending.get().input(), OBJECT));
		ConnectorRuntime.Call<ActionResult> call;
		try {
			call = this.runtimes.call(instance, (runtime) -> runtime.perform(action));
		}
		catch (Runtimes.Unavailable ex) {
			note(actionId, ex.getMessage());
			return Result.failed(ex.getMessage());
		}
		catch (ConnectorFailure ex) {
			note(actionId, ex.kind() + ": " + ex.getMessage());
			return Result.failed(ex.kind() + ": " + ex.getMessage());
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
				note(actionId, result.message());
				return Result.retryAfter(result.message(), result.retryAfter());
			}
		}
	}

	private void finish(UUID actionId, String status, String externalId, String message) {
		this.tx.executeWithoutResult((tx) -> finishInTransaction(actionId, status, externalId, message));
	}

	private void finishInTransaction(UUID actionId, String status, String externalId, String message) {
		this.jdbc.update(
				"update connector_actions set status = ?, external_id = ?, message = ?, "
						+ "attempts = attempts + 1, updated_at = ? where id = ?",
				status, externalId, message, Timestamp.from(this.clock.instant()), actionId);
	}

	private void note(UUID actionId, String message) {
		this.tx.executeWithoutResult((tx) -> this.jdbc.update(
				"update connector_actions set message = ?, attempts = attempts + 1, updated_at = ? where id = ?",
				message, Timestamp.from(this.clock.instant()), actionId));
	}

	private static final String COLUMNS = "id, instance_id, type, idempotency_key, status, external_id, message, "
			+ "attempts, created_at, updated_at";

	private View view(ResultSet rs, int row) throws SQLException {
		return new View(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
				rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getTimestamp(9).toInstant(),
				rs.getTimestamp(10).toInstant());
	}

}
