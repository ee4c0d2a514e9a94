package io.revcycle.connectors;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.operations.Draining;
import io.revcycle.plugin.api.PollResult;
import io.revcycle.plugin.host.ConnectorFailure;
import io.revcycle.plugin.host.ConnectorRuntime;
import io.revcycle.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Polls connector instances that are due, in any number of replicas: an instance is
 * claimed with {@code FOR UPDATE SKIP LOCKED} and leased, polled outside any transaction,
 * and its events stored with the next cursor in one transaction. A poll that fails keeps
 * the cursor, so the next one starts from the same place.
 */
@Component
class Poller {

	private static final Logger log = LoggerFactory.getLogger(Poller.class);

	/** How long a claimed instance is reserved for the replica polling it. */
	static final Duration LEASE = Duration.ofMinutes(5);

	/** Pages read one after the other while a connector says more is ready. */
	static final int MAX_PAGES = 20;

	static final String POLL_CURSOR = "poll";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final Instances instances;

	private final Runtimes runtimes;

	private final Intake intake;

	private final Clock clock;

	private final Draining draining;

	Poller(JdbcTemplate jdbc, TransactionTemplate tx, Instances instances, Runtimes runtimes, Intake intake,
			Clock clock, Draining draining) {
		this.draining = draining;
		this.jdbc = jdbc;
		this.tx = tx;
		this.instances = instances;
		this.runtimes = runtimes;
		this.intake = intake;
		this.clock = clock;
	}

	private record Due(UUID tenantId, UUID id) {
	}

	@Scheduled(fixedDelayString = "${revcycle.connectors.poll-interval:PT5S}")
	void poll() {
		this.draining.run("connector poller", () -> {
			try {
				pollDue();
			}
			catch (RuntimeException ex) {
				log.warn("Connector polling failed; retrying at the next pass", ex);
			}
		});
	}

	/** Polls every instance due now; returns how many were polled. */
	int pollDue() {
		Instant now = this.clock.instant();
		List<Due> due = this.tx.execute((status) -> {
			this.jdbc.queryForObject("select set_config('app.scope', 'dispatcher', true)", String.class);
			List<Due> claimed = this.jdbc.query(
					"select tenant_id, id from connector_instances where enabled and next_poll_at <= ? "
							+ "order by next_poll_at limit 20 for update skip locked",
					(rs, row) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)),
					Timestamp.from(now));
			for (Due instance : claimed) {
				this.jdbc.update("update connector_instances set next_poll_at = ? where tenant_id = ? and id = ?",
						Timestamp.from(now.plus(LEASE)), instance.tenantId(), instance.id());
			}
			return claimed;
		});
		for (int i = 0; i < due.size(); i++) {
			if (this.draining.requested()) {
				release(due.subList(i, due.size()));
				break;
			}
			Due instance = due.get(i);
			try {
				TenantContext.runAs(instance.tenantId(), () -> pollOne(instance.id()));
			}
			catch (RuntimeException ex) {
				// one instance's failure must not keep the others of the pass waiting for
				// their lease
				log.warn("Polling connector instance {} failed; it is polled again after its interval", instance.id(),
						ex);
				TenantContext.runAs(instance.tenantId(),
						() -> this.tx.executeWithoutResult((status) -> this.jdbc.update(
								"update connector_instances set next_poll_at = ? + make_interval(secs => "
										+ "coalesce(poll_every_seconds, 60)) where id = ?",
								Timestamp.from(this.clock.instant()), instance.id())));
			}
		}
		return due.size();
	}

	/**
	 * Gives claimed instances that were not polled back, due now, so another replica
	 * polls them at once instead of when the lease runs out.
	 */
	private void release(List<Due> unpolled) {
		Timestamp now = Timestamp.from(this.clock.instant());
		this.tx.executeWithoutResult((status) -> {
			this.jdbc.queryForObject("select set_config('app.scope', 'dispatcher', true)", String.class);
			for (Due instance : unpolled) {
				this.jdbc.update("update connector_instances set next_poll_at = ? where tenant_id = ? and id = ?", now,
						instance.tenantId(), instance.id());
			}
		});
		log.info("Draining: released {} claimed connector instance(s) to the other replicas", unpolled.size());
	}

	/**
	 * Polls one instance of the current tenant until it has nothing more at once. When
	 * this replica stops meanwhile, it stops after the page under way (whose events and
	 * cursor are committed together) and leaves the instance due now, so another replica
	 * goes on from that cursor.
	 */
	void pollOne(UUID id) {
		Instance instance = this.tx.execute((status) -> this.instances.find(id)).orElse(null);
		if (instance == null || !instance.enabled() || instance.pollEverySeconds() == null) {
			return;
		}
		Timestamp next = Timestamp.from(this.clock.instant().plusSeconds(instance.pollEverySeconds()));
		Runnable schedule = () -> this.jdbc.update("update connector_instances set next_poll_at = ? where id = ?", next,
				id);
		try {
			for (int page = 0; page < MAX_PAGES; page++) {
				if (page > 0 && this.draining.requested()) {
					Timestamp now = Timestamp.from(this.clock.instant());
					this.tx.executeWithoutResult((status) -> this.jdbc
						.update("update connector_instances set next_poll_at = ? where id = ?", now, id));
					return;
				}
				String cursor = this.tx.execute((status) -> this.instances.cursor(id, POLL_CURSOR));
				ConnectorRuntime.Call<PollResult> call = this.runtimes.call(instance,
						(runtime) -> runtime.poll(cursor));
				PollResult result = call.value();
				Map<String, String> cursors = new HashMap<>(call.cursors());
				if (result.nextCursor() != null) {
					cursors.put(POLL_CURSOR, result.nextCursor());
				}
				boolean last = !result.more() || page == MAX_PAGES - 1;
				this.intake.store(instance, result.events(), cursors, last ? schedule : () -> {
				});
				if (last) {
					return;
				}
			}
		}
		catch (ConnectorFailure | ConnectorEvents.Invalid | Runtimes.Unavailable ex) {
			log.warn("Polling connector {} instance {} failed, the cursor stays: {}", instance.connectorId(), id,
					ex.getMessage());
			this.tx.executeWithoutResult((status) -> schedule.run());
		}
	}

}
