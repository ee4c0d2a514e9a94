package io.revcycle.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.revcycle.operations.Draining;
import io.revcycle.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers due outbox messages. Any number of platform replicas run it: each claims a
 * batch with {@code FOR UPDATE SKIP LOCKED} and leases it, so a message is attempted by
 * one replica at a time; a failed attempt is retried after an exponentially growing,
 * jittered delay, and dead-lettered after the last one.
 */
@Component
class Dispatcher {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final Map<String, Deliverer> deliverers;

	private final OutboxSettings settings;

	private final Clock clock;

	private final Draining draining;

	Dispatcher(JdbcTemplate jdbc, TransactionTemplate tx, List<Deliverer> deliverers, OutboxSettings settings,
			Clock clock, Draining draining) {
		this.draining = draining;
		this.jdbc = jdbc;
		this.tx = tx;
		this.deliverers = deliverers.stream().collect(Collectors.toMap(Deliverer::kind, Function.identity()));
		this.settings = settings;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${revcycle.outbox.poll-interval:PT0.5S}")
	void poll() {
		this.draining.run("outbox dispatcher", () -> {
			try {
				while (dispatchOnce() == this.settings.batch() && !this.draining.requested()) {
					// a full batch: there may be more due at once
				}
			}
			catch (RuntimeException ex) {
				log.warn("Outbox dispatch failed; retrying at the next poll", ex);
			}
		});
	}

	/**
	 * Claims and attempts one batch; returns how many were claimed. When this replica
	 * stops meanwhile, the attempt under way finishes and the messages not yet attempted
	 * are released.
	 */
	int dispatchOnce() {
		List<OutboxMessage> claimed = claim();
		for (int i = 0; i < claimed.size(); i++) {
			if (this.draining.requested()) {
				release(claimed.subList(i, claimed.size()));
				break;
			}
			OutboxMessage message = claimed.get(i);
			Deliverer deliverer = this.deliverers.get(message.kind());
			Deliverer.Result result;
			try {
				result = (deliverer != null)
						? TenantContext.callAs(message.tenantId(), () -> deliverer.deliver(message))
						: Deliverer.Result.failed("this platform has nothing that delivers messages of kind '"
								+ message.kind() + "'; it is retried in case a newer version does");
			}
			catch (RuntimeException ex) {
				// a fault of ours, not the destination's: the trace goes to the log,
				// words to the tenant
				log.warn("Outbox message {} ({} to {}) failed in its deliverer, attempt {}; it will be retried",
						message.id(), message.eventType(), message.destination(), message.attempt(), ex);
				result = Deliverer.Result.failed("an internal error of the platform stopped this attempt; it is "
						+ "retried, and the platform's log has the details under message " + message.id());
			}
			record(message, result);
		}
		return claimed.size();
	}

	private List<OutboxMessage> claim() {
		return this.tx.execute((status) -> {
			this.jdbc.queryForObject("select set_config('app.scope', 'dispatcher', true)", String.class);
			Instant now = this.clock.instant();
			List<OutboxMessage> due = this.jdbc.query(
					"select tenant_id, id, kind, destination, event_id, event_type, payload::text, attempts from outbox "
							+ "where status = 'PENDING' and next_attempt_at <= ? order by next_attempt_at limit ? "
							+ "for update skip locked",
					(rs, row) -> new OutboxMessage(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
							rs.getString(3), rs.getObject(4, UUID.class), rs.getObject(5, UUID.class), rs.getString(6),
							rs.getString(7), rs.getInt(8) + 1),
					Timestamp.from(now), this.settings.batch());
			Timestamp leased = Timestamp.from(now.plus(this.settings.lease()));
			for (OutboxMessage message : due) {
				this.jdbc.update(
						"update outbox set attempts = attempts + 1, next_attempt_at = ? where tenant_id = ? and id = ?",
						leased, message.tenantId(), message.id());
			}
			return due;
		});
	}

	/**
	 * Gives claimed messages that were not attempted back, due now and with the attempt
	 * not counted, so another replica takes them at once instead of when the lease runs
	 * out.
	 */
	private void release(List<OutboxMessage> unattempted) {
		Timestamp now = Timestamp.from(this.clock.instant());
		this.tx.executeWithoutResult((status) -> {
			this.jdbc.queryForObject("select set_config('app.scope', 'dispatcher', true)", String.class);
			for (OutboxMessage message : unattempted) {
				// only while the lease is still this replica's
				this.jdbc.update(
						"update outbox set attempts = attempts - 1, next_attempt_at = ? where tenant_id = ? "
								+ "and id = ? and status = 'PENDING' and attempts = ?",
						now, message.tenantId(), message.id(), message.attempt());
			}
		});
		log.info("Draining: released {} claimed outbox message(s) to the other replicas", unattempted.size());
	}

	private void record(OutboxMessage message, Deliverer.Result result) {
		Instant now = this.clock.instant();
		TenantContext.runAs(message.tenantId(), () -> this.tx.executeWithoutResult((status) -> {
			if (result.delivered()) {
				// it arrived, even if it was dead-lettered meanwhile (its destination
				// was deleted or disabled while this attempt was under way)
				this.jdbc.update("update outbox set status = 'DELIVERED', delivered_at = ?, last_error = null "
						+ "where id = ? and status <> 'DELIVERED'", Timestamp.from(now), message.id());
			}
			else if (result.permanent() || message.attempt() >= this.settings.maxAttempts()) {
				// only while this attempt is the message's latest: a replica whose lease
				// ran out
				// must not undo what a later attempt recorded
				this.jdbc
					.update("update outbox set status = 'DEAD', last_error = ? where id = ? and status = 'PENDING' "
							+ "and attempts = ?", result.error(), message.id(), message.attempt());
				log.warn("Outbox message {} ({}) dead-lettered after {} attempts: {}", message.id(),
						message.eventType(), message.attempt(), result.error());
			}
			else {
				Duration delay = backoff(message.attempt());
				if (result.retryAfter() != null && result.retryAfter().compareTo(delay) > 0) {
					delay = result.retryAfter();
				}
				this.jdbc.update(
						"update outbox set next_attempt_at = ?, last_error = ? where id = ? and status = 'PENDING' "
								+ "and attempts = ?",
						Timestamp.from(now.plus(delay)), result.error(), message.id(), message.attempt());
			}
		}));
	}

	/**
	 * The delay after a failed attempt: base, doubled per attempt, capped, with +-50 %
	 * jitter.
	 */
	Duration backoff(int attempt) {
		double factor = Math.pow(2, Math.min(attempt - 1, 30)) * (0.5 + ThreadLocalRandom.current().nextDouble());
		long millis = (long) Math.min(this.settings.baseDelay().toMillis() * factor,
				(double) this.settings.maxDelay().toMillis());
		return Duration.ofMillis(Math.max(1, millis));
	}

}
