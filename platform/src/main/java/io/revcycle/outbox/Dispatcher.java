package io.revcycle.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.revcycle.operations.Draining;
import io.revcycle.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers due outbox messages. Any number of platform replicas run it: each claims
 * messages with {@code FOR UPDATE SKIP LOCKED} and leases them, so a message is attempted
 * by one replica at a time; a failed attempt is retried after an exponentially growing,
 * jittered delay, and dead-lettered after the last one.
 *
 * <p>
 * Fair between tenants: a claim takes at most {@link OutboxSettings#batch()} due messages
 * of each tenant (the tenants whose oldest due message is oldest first), and each
 * tenant's messages are delivered on a worker of their own, one worker per tenant at a
 * time, at most {@link OutboxSettings#concurrency()} workers. So a tenant whose endpoints
 * are slow or dead holds one worker, never the others' deliveries, however long its
 * backlog. A worker stops trying a destination for the rest of its claim once an attempt
 * to it failed, and gives back what it has not attempted when it has worked for half a
 * lease.
 */
@Component
class Dispatcher implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final Map<String, Deliverer> deliverers;

	private final OutboxSettings settings;

	private final Clock clock;

	private final Draining draining;

	private final ExecutorService workers;

	/** The tenants whose messages a worker of this replica is delivering. */
	private final Set<UUID> busy = ConcurrentHashMap.newKeySet();

	private final AtomicInteger running = new AtomicInteger();

	Dispatcher(JdbcTemplate jdbc, TransactionTemplate tx, List<Deliverer> deliverers, OutboxSettings settings,
			Clock clock, Draining draining) {
		this.draining = draining;
		this.jdbc = jdbc;
		this.tx = tx;
		this.deliverers = deliverers.stream().collect(Collectors.toMap(Deliverer::kind, Function.identity()));
		this.settings = settings;
		this.clock = clock;
		AtomicInteger threads = new AtomicInteger();
		this.workers = Executors.newFixedThreadPool(Math.max(1, settings.concurrency()), (task) -> {
			Thread thread = new Thread(task, "outbox-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	@Scheduled(fixedDelayString = "${revcycle.outbox.poll-interval:PT0.5S}")
	void poll() {
		this.draining.run("outbox dispatcher", () -> {
			try {
				while (!this.draining.requested() && dispatchOnce() > 0) {
					// tenants were handed to workers: there may be more with due messages
				}
			}
			catch (RuntimeException ex) {
				log.warn("Outbox dispatch failed; retrying at the next poll", ex);
			}
		});
	}

	/**
	 * Claims due messages of the tenants no worker of this replica is busy with, as many
	 * tenants as there are idle workers, and hands each tenant's messages to a worker.
	 * @return how many tenants were handed over
	 */
	int dispatchOnce() {
		int idle = this.settings.concurrency() - this.running.get();
		if (idle <= 0) {
			return 0;
		}
		Map<UUID, List<OutboxMessage>> claimed = claim(idle, null);
		for (Map.Entry<UUID, List<OutboxMessage>> tenant : claimed.entrySet()) {
			this.busy.add(tenant.getKey());
			this.running.incrementAndGet();
			try {
				this.workers.execute(() -> work(tenant.getKey(), tenant.getValue()));
			}
			catch (RuntimeException ex) {
				this.busy.remove(tenant.getKey());
				this.running.decrementAndGet();
				release(tenant.getValue());
				throw ex;
			}
		}
		return claimed.size();
	}

	/**
	 * Delivers a tenant's claimed messages, then claims more of that tenant's while a
	 * full claim came back and half a lease has not passed; releases the rest.
	 */
	private void work(UUID tenant, List<OutboxMessage> first) {
		boolean[] ran = { false };
		try {
			this.draining.run("outbox delivery", () -> {
				ran[0] = true;
				long deadline = System.nanoTime() + this.settings.lease().toNanos() / 2;
				List<OutboxMessage> messages = first;
				while (true) {
					boolean full = messages.size() >= this.settings.batch();
					List<OutboxMessage> left = deliver(messages, deadline);
					if (!left.isEmpty()) {
						release(left);
						return;
					}
					if (!full || this.draining.requested() || System.nanoTime() > deadline) {
						return;
					}
					messages = claim(1, tenant).getOrDefault(tenant, List.of());
				}
			});
			if (!ran[0]) {
				release(first);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Outbox delivery for tenant {} failed; its messages are retried when their lease ends", tenant,
					ex);
		}
		finally {
			this.busy.remove(tenant);
			this.running.decrementAndGet();
		}
	}

	/**
	 * Attempts messages in order; a destination whose attempt failed is not tried again
	 * in this claim.
	 * @return the messages not attempted because this replica stops or the time is up
	 */
	private List<OutboxMessage> deliver(List<OutboxMessage> messages, long deadline) {
		Map<UUID, Deliverer.Result> failed = new LinkedHashMap<>();
		List<OutboxMessage> skipped = new ArrayList<>();
		for (int i = 0; i < messages.size(); i++) {
			if (this.draining.requested() || System.nanoTime() > deadline) {
				List<OutboxMessage> left = new ArrayList<>(messages.subList(i, messages.size()));
				left.addAll(skipped);
				return left;
			}
			OutboxMessage message = messages.get(i);
			if (failed.containsKey(message.destination())) {
				skipped.add(message);
				continue;
			}
			Deliverer.Result result = attempt(message);
			record(message, result);
			if (!result.delivered() && !result.permanent()) {
				failed.put(message.destination(), result);
			}
		}
		// the destination failed a moment ago: its other messages wait for its retry,
		// without counting an attempt they did not make
		for (OutboxMessage message : skipped) {
			Deliverer.Result why = failed.get(message.destination());
			record(message, Deliverer.Result.notAttempted(
					"not attempted: an earlier message to the same destination failed a moment ago (" + why.error()
							+ ")",
					(why.retryAfter() != null) ? why.retryAfter() : backoff(Math.max(1, message.attempt() - 1))));
		}
		return List.of();
	}

	private Deliverer.Result attempt(OutboxMessage message) {
		Deliverer deliverer = this.deliverers.get(message.kind());
		try {
			return (deliverer != null) ? TenantContext.callAs(message.tenantId(), () -> deliverer.deliver(message))
					: Deliverer.Result.failed("this platform has nothing that delivers messages of kind '"
							+ message.kind() + "'; it is retried in case a newer version does");
		}
		catch (RuntimeException ex) {
			// a fault of ours, not the destination's: the trace goes to the log, words to
			// the tenant
			log.warn("Outbox message {} ({} to {}) failed in its deliverer, attempt {}; it will be retried",
					message.id(), message.eventType(), message.destination(), message.attempt(), ex);
			return Deliverer.Result.failed("an internal error of the platform stopped this attempt; it is "
					+ "retried, and the platform's log has the details under message " + message.id());
		}
	}

	/**
	 * Claims and leases due messages: at most {@link OutboxSettings#batch()} of each
	 * tenant, of at most {@code tenants} tenants, those whose oldest due message is
	 * oldest first; tenants a worker of this replica is busy with are left out.
	 * @param only claim only this tenant's messages, or null for any tenant's
	 * @return the messages claimed, by tenant, each tenant's oldest first
	 */
	private Map<UUID, List<OutboxMessage>> claim(int tenants, UUID only) {
		Instant now = this.clock.instant();
		Timestamp leased = Timestamp.from(now.plus(this.settings.lease()));
		UUID[] skip = (only != null) ? new UUID[0] : this.busy.toArray(UUID[]::new);
		List<OutboxMessage> due = this.tx.execute((status) -> {
			this.jdbc.queryForObject("select set_config('app.scope', 'dispatcher', true)", String.class);
			// the tenants with pending messages, one index probe each (a loose index
			// scan), then each one's oldest due messages: a tenant's backlog costs the
			// others nothing
			List<OutboxMessage> rows = this.jdbc.query("with recursive queues (id) as ("
					+ "(select tenant_id from outbox where status = 'PENDING' and (?::uuid is null or tenant_id = ?) "
					+ "order by tenant_id limit 1) union all "
					+ "select (select o.tenant_id from outbox o where o.status = 'PENDING' and o.tenant_id > t.id "
					+ "and ?::uuid is null order by o.tenant_id limit 1) from queues t where t.id is not null), "
					+ "candidates as (select t.id, (select min(o.next_attempt_at) from outbox o where o.tenant_id = t.id "
					+ "and o.status = 'PENDING') as oldest from queues t where t.id is not null and t.id <> all(?::uuid[])), "
					+ "chosen as (select id from candidates where oldest <= ? order by oldest limit ?) "
					+ "select m.tenant_id, m.id, m.kind, m.destination, m.event_id, m.event_type, "
					+ "coalesce(m.payload, p.payload)::text, m.attempts from chosen c cross join lateral "
					+ "(select * from outbox o where o.tenant_id = c.id and o.status = 'PENDING' "
					+ "and o.next_attempt_at <= ? order by o.next_attempt_at limit ? for update skip locked) m "
			// the event's payload, kept once for all its destinations (inline in
			// rows written before it was)
					+ "left join outbox_payloads p on p.tenant_id = m.tenant_id and p.event_id = m.event_id "
					+ "order by m.tenant_id, m.next_attempt_at",
					(rs, row) -> new OutboxMessage(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
							rs.getString(3), rs.getObject(4, UUID.class), rs.getObject(5, UUID.class), rs.getString(6),
							rs.getString(7), rs.getInt(8) + 1),
					only, only, only, skip, Timestamp.from(now), tenants, Timestamp.from(now), this.settings.batch());
			if (!rows.isEmpty()) {
				this.jdbc.update(
						"update outbox o set attempts = attempts + 1, next_attempt_at = ? "
								+ "from unnest(?::uuid[], ?::uuid[]) as c(tenant_id, id) "
								+ "where o.tenant_id = c.tenant_id and o.id = c.id",
						leased, rows.stream().map(OutboxMessage::tenantId).toArray(UUID[]::new),
						rows.stream().map(OutboxMessage::id).toArray(UUID[]::new));
			}
			return rows;
		});
		Map<UUID, List<OutboxMessage>> byTenant = new LinkedHashMap<>();
		for (OutboxMessage message : due) {
			byTenant.computeIfAbsent(message.tenantId(), (t) -> new ArrayList<>()).add(message);
		}
		return byTenant;
	}

	/**
	 * Gives claimed messages that were not attempted back, due now and with the attempt
	 * not counted, so another replica takes them at once instead of when the lease runs
	 * out.
	 */
	private void release(List<OutboxMessage> unattempted) {
		if (unattempted.isEmpty()) {
			return;
		}
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
		if (this.draining.requested()) {
			log.info("Draining: released {} claimed outbox message(s) to the other replicas", unattempted.size());
		}
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
			else if (!result.attempted()) {
				// held back by its destination (a circuit breaker): later, and this
				// attempt does not count
				this.jdbc.update(
						"update outbox set next_attempt_at = ?, last_error = ?, attempts = attempts - 1 "
								+ "where id = ? and status = 'PENDING' and attempts = ?",
						Timestamp.from(now.plus(result.retryAfter())), result.error(), message.id(), message.attempt());
			}
			else if (result.permanent() || message.attempt() >= this.settings.maxAttempts()) {
				// only while this attempt is the message's latest: a replica whose lease
				// ran out must not undo what a later attempt recorded
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

	/** Waits briefly for the workers' attempts under way when the context closes. */
	@Override
	public void destroy() throws InterruptedException {
		this.workers.shutdown();
		this.workers.awaitTermination(5, TimeUnit.SECONDS);
	}

}
