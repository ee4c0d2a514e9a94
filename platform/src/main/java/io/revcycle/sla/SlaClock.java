package io.revcycle.sla;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * Runs the escalation steps of due SLA timers. Any number of replicas run it: each claims
 * due timers of every tenant with {@code FOR UPDATE SKIP LOCKED} and handles them in the
 * same transaction; a breach step is recorded once (its row is unique per timer and
 * step), with its notifications, timeline entries and outbound events.
 *
 * <p>
 * Notifying the owner or the manager is handled a claimed batch at a time, with a fixed
 * number of statements per tenant of the batch whatever its size. Reassigning and
 * auto-recycling change the person through routing and the stage model, so each of those
 * runs in a transaction of its own, bound to the timer's tenant.
 */
@Component
class SlaClock {

	private static final Logger log = LoggerFactory.getLogger(SlaClock.class);

	/** Timers claimed per transaction. */
	static final int BATCH = 200;

	/** Reassign and auto-recycle steps looked up per run. */
	static final int PER_TIMER_BATCH = 50;

	private static final String PER_TIMER_ACTIONS = SlaPolicy.PER_TIMER.stream()
		.map((a) -> "'" + a + "'")
		.collect(Collectors.joining(", ", "(", ")"));

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final BreachNotices notices;

	private final BreachActions actions;

	private final Draining draining;

	SlaClock(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, BreachNotices notices, BreachActions actions,
			Draining draining) {
		this.draining = draining;
		this.jdbc = jdbc;
		this.tx = tx;
		this.clock = clock;
		this.notices = notices;
		this.actions = actions;
	}

	@Scheduled(fixedDelayString = "${revcycle.sla.poll-interval:PT0.25S}")
	void poll() {
		// a claimed batch is one transaction: a stopping replica finishes it (or, killed,
		// rolls it back) and claims no more
		this.draining.run("SLA clock", () -> {
			try {
				while (!this.draining.requested() && runDue() > 0) {
					// more may be due
				}
			}
			catch (RuntimeException ex) {
				log.warn("SLA clock failed; retrying at the next poll", ex);
			}
		});
	}

	/**
	 * Runs due steps: one claimed batch of notify and escalate steps, then the reassign
	 * and auto-recycle steps that are due.
	 * @return how many steps were claimed and run; 0 when nothing was due (or left to
	 * this replica)
	 */
	int runDue() {
		Instant now = this.clock.instant();
		Integer batch = this.tx.execute((status) -> runBatch(now));
		return ((batch != null) ? batch : 0) + runPerTimer(now);
	}

	private int runBatch(Instant now) {
		this.jdbc.queryForObject("select set_config('app.scope', 'dispatcher', true)", String.class);
		List<DueTimer> due = this.jdbc.query(
				"select " + DueTimer.COLUMNS + " from sla_timers where next_step_at <= ? "
						+ "and coalesce(ladder -> next_step ->> 'action', '') not in " + PER_TIMER_ACTIONS
						+ " order by next_step_at limit ? for update skip locked",
				DueTimer::of, Timestamp.from(now), BATCH);
		// the claimed rows stay locked; everything after the claim works inside one
		// tenant
		this.jdbc.queryForObject("select set_config('app.scope', '', true)", String.class);
		Map<UUID, List<DueTimer>> byTenant = new LinkedHashMap<>();
		due.forEach((timer) -> byTenant.computeIfAbsent(timer.tenantId(), (t) -> new ArrayList<>()).add(timer));
		Map<String, List<SlaPolicy.Step>> ladders = new HashMap<>();
		byTenant.forEach((tenant, timers) -> {
			this.jdbc.queryForObject("select set_config('app.tenant_id', ?, true)", String.class, tenant.toString());
			TenantContext.runAs(tenant, () -> this.notices.notify(tenant, timers, now, ladders));
		});
		return due.size();
	}

	/**
	 * The due reassign and auto-recycle steps, each in a transaction of its own bound to
	 * its tenant (they load the person, route and move it).
	 */
	private int runPerTimer(Instant now) {
		List<DueTimer> candidates = this.tx.execute((status) -> {
			this.jdbc.queryForObject("select set_config('app.scope', 'dispatcher', true)", String.class);
			return this.jdbc.query("select " + DueTimer.COLUMNS + " from sla_timers where next_step_at <= ? "
					+ "and ladder -> next_step ->> 'action' in " + PER_TIMER_ACTIONS + " order by next_step_at limit ?",
					DueTimer::of, Timestamp.from(now), PER_TIMER_BATCH);
		});
		int ran = 0;
		for (DueTimer candidate : (candidates != null) ? candidates : List.<DueTimer>of()) {
			if (this.draining.requested()) {
				break;
			}
			try {
				Boolean done = TenantContext.callAs(candidate.tenantId(),
						() -> this.tx.execute((status) -> this.actions.run(candidate, now)));
				ran += Boolean.TRUE.equals(done) ? 1 : 0;
			}
			catch (RuntimeException ex) {
				log.warn("SLA step {} of timer {} failed; retrying at the next poll", candidate.step(), candidate.id(),
						ex);
			}
		}
		return ran;
	}

}
