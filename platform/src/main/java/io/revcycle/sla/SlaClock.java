package io.revcycle.sla;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.revcycle.cycle.Cycle;
import io.revcycle.http.PgArrays;
import io.revcycle.operations.Draining;
import io.revcycle.notifications.Notifications;
import io.revcycle.people.People;
import io.revcycle.people.Person;
import io.revcycle.routing.Routing;
import io.revcycle.tenancy.Members;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.timeline.Timeline;
import io.revcycle.timeline.TimelineEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
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

	/** The reason recorded with an owner assignment made by an SLA. */
	static final String REASSIGNMENT = "sla reassignment";

	/** The cause recorded with a move to Recycled made by an SLA. */
	static final String AUTO_RECYCLE_CAUSE = "sla:" + SlaPolicy.AUTO_RECYCLE;

	private static final String PER_TIMER_ACTIONS = SlaPolicy.PER_TIMER.stream()
		.map((a) -> "'" + a + "'")
		.collect(Collectors.joining(", ", "(", ")"));

	private static final String COLUMNS = "tenant_id, id, person_id, stage, due_at, ladder::text, next_step";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final Members members;

	private final Timeline timeline;

	private final JsonMapper json;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final Notifications notifications;

	private final People people;

	private final Routing routing;

	private final Cycle cycle;

	private final Timers timers;

	private final Draining draining;

	SlaClock(JdbcTemplate jdbc, TransactionTemplate tx, Members members, Timeline timeline, JsonMapper json,
			Clock clock, ApplicationEventPublisher events, Notifications notifications, People people, Routing routing,
			Cycle cycle, Timers timers, Draining draining) {
		this.draining = draining;
		this.timers = timers;
		this.jdbc = jdbc;
		this.tx = tx;
		this.members = members;
		this.timeline = timeline;
		this.json = json;
		this.clock = clock;
		this.events = events;
		this.notifications = notifications;
		this.people = people;
		this.routing = routing;
		this.cycle = cycle;
	}

	record Due(UUID tenantId, UUID id, UUID personId, String stage, Instant dueAt, String ladder, int step) {

		static Due of(ResultSet rs, int row) throws SQLException {
			return new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
					rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getInt(7));
		}

	}

	/** A step about to be recorded. */
	private record Step(Due timer, UUID breachId, String action, Set<UUID> notified, int next, Instant nextAt) {
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
		List<Due> due = this.jdbc.query("select " + COLUMNS + " from sla_timers where next_step_at <= ? "
				+ "and coalesce(ladder -> next_step ->> 'action', '') not in " + PER_TIMER_ACTIONS
				+ " order by next_step_at limit ? for update skip locked", Due::of, Timestamp.from(now), BATCH);
		// the claimed rows stay locked; everything after the claim works inside one
		// tenant
		this.jdbc.queryForObject("select set_config('app.scope', '', true)", String.class);
		Map<UUID, List<Due>> byTenant = new LinkedHashMap<>();
		due.forEach((timer) -> byTenant.computeIfAbsent(timer.tenantId(), (t) -> new ArrayList<>()).add(timer));
		Map<String, List<SlaPolicy.Step>> ladders = new HashMap<>();
		byTenant.forEach((tenant, timers) -> {
			this.jdbc.queryForObject("select set_config('app.tenant_id', ?, true)", String.class, tenant.toString());
			TenantContext.runAs(tenant, () -> notifyBatch(tenant, timers, now, ladders));
		});
		return due.size();
	}

	/**
	 * The notify and escalate steps of a tenant's claimed timers, set-based: one read of
	 * owners, managers and admins, then one statement per table written.
	 */
	private void notifyBatch(UUID tenant, List<Due> timers, Instant now, Map<String, List<SlaPolicy.Step>> ladders) {
		Map<UUID, UUID> ownerOf = new HashMap<>();
		Map<UUID, UUID> managerOf = new HashMap<>();
		List<UUID> admins = new ArrayList<>();
		this.jdbc.query((connection) -> {
			PreparedStatement statement = connection.prepareStatement("select p.id, p.owner_id, u.manager_id, "
					+ "false as admin, null::timestamptz as since from persons p "
					+ "left join tenant_users u on u.id = p.owner_id where p.id = any(?) union all "
					+ "select null, id, null, true, created_at from tenant_users where 'tenant-admin' = any(roles) "
					+ "order by 4, 5");
			statement.setArray(1, connection.createArrayOf("uuid", timers.stream().map(Due::personId).toArray()));
			return statement;
		}, (rs) -> {
			if (rs.getBoolean(4)) {
				admins.add(rs.getObject(2, UUID.class));
				return;
			}
			UUID person = rs.getObject(1, UUID.class);
			UUID owner = rs.getObject(2, UUID.class);
			UUID manager = rs.getObject(3, UUID.class);
			if (owner != null) {
				ownerOf.put(person, owner);
			}
			if (manager != null) {
				managerOf.put(person, manager);
			}
		});
		List<Step> steps = new ArrayList<>(timers.size());
		for (Due timer : timers) {
			List<SlaPolicy.Step> ladder = ladders.computeIfAbsent(timer.ladder(),
					(text) -> List.of(this.json.readValue(text, SlaPolicy.Step[].class)));
			String action = ladder.get(timer.step()).action();
			Set<UUID> recipients = new LinkedHashSet<>();
			UUID owner = ownerOf.get(timer.personId());
			if (SlaPolicy.ESCALATE_MANAGER.equals(action) && managerOf.containsKey(timer.personId())) {
				recipients.add(managerOf.get(timer.personId()));
			}
			else if (SlaPolicy.NOTIFY_OWNER.equals(action) && owner != null) {
				recipients.add(owner);
			}
			if (recipients.isEmpty()) {
				recipients.addAll(admins);
			}
			int next = timer.step() + 1;
			steps.add(new Step(timer, UUID.randomUUID(), action, recipients, next, nextAt(timer, ladder, next)));
		}

		Set<UUID> recorded = new HashSet<>(this.jdbc.query((connection) -> {
			PreparedStatement statement = connection.prepareStatement("insert into sla_breaches (tenant_id, id, "
					+ "timer_id, person_id, stage, step, action, due_at, at, notified) "
					+ "select ?, b, t, p, s, n, a, d, ?, r::uuid[] from unnest(?, ?, ?, ?, ?, ?, ?, ?) "
					+ "as x(b, t, p, s, n, a, d, r) on conflict (tenant_id, timer_id, step) do nothing returning id");
			statement.setObject(1, tenant);
			statement.setTimestamp(2, Timestamp.from(now));
			PgArrays.bind(connection, statement, 3, steps, new PgArrays.Column<Step>("uuid", Step::breachId),
					new PgArrays.Column<Step>("uuid", (s) -> s.timer().id()),
					new PgArrays.Column<Step>("uuid", (s) -> s.timer().personId()),
					new PgArrays.Column<Step>("text", (s) -> s.timer().stage()),
					new PgArrays.Column<Step>("int4", (s) -> s.timer().step()),
					new PgArrays.Column<Step>("text", Step::action),
					new PgArrays.Column<Step>("timestamptz", (s) -> Timestamp.from(s.timer().dueAt())),
					new PgArrays.Column<Step>("text",
							(s) -> s.notified()
								.stream()
								.map(UUID::toString)
								.collect(Collectors.joining(",", "{", "}"))));
			return statement;
		}, (rs, row) -> rs.getObject(1, UUID.class)));

		List<Notifications.Notice> notices = new ArrayList<>(recorded.size());
		List<TimelineEntry> entries = new ArrayList<>(recorded.size());
		List<SlaBreached> breaches = new ArrayList<>(recorded.size());
		for (Step step : steps) {
			if (!recorded.contains(step.breachId())) {
				continue;
			}
			Map<String, Object> data = data(step.breachId(), step.timer(), step.action());
			String title = title(step.timer(),
					SlaPolicy.ESCALATE_MANAGER.equals(step.action()) ? " (escalated to you as manager)" : "");
			notices.add(new Notifications.Notice(step.notified(), "sla_breached", title, data));
			entries.add(entry(step.timer(), step.action(), now, data));
			breaches.add(breached(step.breachId(), step.timer(), step.action(), now));
		}
		this.notifications.notify(notices);
		this.timeline.append(entries);
		if (!breaches.isEmpty()) {
			this.events.publishEvent(new SlaBreachesRecorded(tenant, breaches));
		}
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement("update sla_timers t set status = 'BREACHED', "
					+ "next_step = u.n, next_step_at = u.a from unnest(?, ?, ?) as u(id, n, a) "
					+ "where t.tenant_id = ? and t.id = u.id");
			PgArrays.bind(connection, statement, 1, steps, new PgArrays.Column<Step>("uuid", (s) -> s.timer().id()),
					new PgArrays.Column<Step>("int4", Step::next), new PgArrays.Column<Step>("timestamptz",
							(s) -> (s.nextAt() != null) ? Timestamp.from(s.nextAt()) : null));
			statement.setObject(4, tenant);
			return statement;
		});
	}

	/**
	 * The due reassign and auto-recycle steps, each in a transaction of its own bound to
	 * its tenant (they load the person, route and move it).
	 */
	private int runPerTimer(Instant now) {
		List<Due> candidates = this.tx.execute((status) -> {
			this.jdbc.queryForObject("select set_config('app.scope', 'dispatcher', true)", String.class);
			return this.jdbc.query("select " + COLUMNS + " from sla_timers where next_step_at <= ? "
					+ "and ladder -> next_step ->> 'action' in " + PER_TIMER_ACTIONS + " order by next_step_at limit ?",
					Due::of, Timestamp.from(now), PER_TIMER_BATCH);
		});
		int ran = 0;
		for (Due candidate : (candidates != null) ? candidates : List.<Due>of()) {
			if (this.draining.requested()) {
				break;
			}
			try {
				Boolean done = TenantContext.callAs(candidate.tenantId(),
						() -> this.tx.execute((status) -> runAlone(candidate, now)));
				ran += Boolean.TRUE.equals(done) ? 1 : 0;
			}
			catch (RuntimeException ex) {
				log.warn("SLA step {} of timer {} failed; retrying at the next poll", candidate.step(), candidate.id(),
						ex);
			}
		}
		return ran;
	}

	/**
	 * One reassign or auto-recycle step, if this replica claims the timer at the step it
	 * was seen at.
	 */
	private boolean runAlone(Due candidate, Instant now) {
		// the person before the timer: the order in which ingest locks them
		this.jdbc.queryForList("select id from persons where id = ? for no key update", UUID.class,
				candidate.personId());
		List<Due> claimed = this.jdbc.query(
				"select " + COLUMNS + " from sla_timers where tenant_id = ? and id = ? "
						+ "and next_step = ? and next_step_at <= ? for update skip locked",
				Due::of, candidate.tenantId(), candidate.id(), candidate.step(), Timestamp.from(now));
		if (claimed.isEmpty()) {
			return false;
		}
		Due timer = claimed.get(0);
		List<SlaPolicy.Step> ladder = List.of(this.json.readValue(timer.ladder(), SlaPolicy.Step[].class));
		String action = ladder.get(timer.step()).action();
		UUID breach = UUID.randomUUID();
		int recorded = this.jdbc.update("insert into sla_breaches (tenant_id, id, timer_id, person_id, stage, step, "
				+ "action, due_at, at) values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id, timer_id, step) "
				+ "do nothing", timer.tenantId(), breach, timer.id(), timer.personId(), timer.stage(), timer.step(),
				action, Timestamp.from(timer.dueAt()), Timestamp.from(now));
		boolean handedOver = false;
		if (recorded == 1) {
			Map<String, Object> data = data(breach, timer, action);
			Person person = this.people.findById(timer.personId()).orElseThrow();
			UUID owner = person.ownerId();
			Set<UUID> recipients = new LinkedHashSet<>();
			String title;
			if (SlaPolicy.REASSIGN.equals(action)) {
				Optional<UUID> successor = this.routing.reassign(person, REASSIGNMENT, now);
				if (successor.isPresent()) {
					// the new owner gets a fresh timer and the ladder of this one stops
					// here
					data.put("timerId", this.timers.handOver(timer.tenantId(), timer.id(), timer.personId(),
							timer.stage(), successor.get(), now));
					handedOver = true;
					data.put("previousOwnerId", owner);
					data.put("ownerId", successor.get());
					recipients.add(successor.get());
					title = title(timer, " (reassigned to you)");
				}
				else {
					data.put("outcome", "nobody else is eligible: the owner is unchanged");
					title = title(timer, " (could not reassign: nobody else is eligible)");
				}
			}
			else {
				try {
					this.cycle.move(person, "Recycled", AUTO_RECYCLE_CAUSE,
							"SLA of " + timer.stage() + " breached (due " + timer.dueAt() + ")", now);
					data.put("recycled", true);
					if (owner != null) {
						recipients.add(owner);
					}
					title = title(timer, " (recycled)");
				}
				catch (Cycle.NotAllowed ex) {
					data.put("outcome", ex.getMessage());
					title = title(timer, " (could not recycle: " + ex.getMessage() + ")");
				}
			}
			if (recipients.isEmpty()) {
				recipients.addAll(this.members.admins());
			}
			this.jdbc.update((connection) -> {
				PreparedStatement statement = connection
					.prepareStatement("update sla_breaches set notified = ? where tenant_id = ? and id = ?");
				statement.setArray(1, connection.createArrayOf("uuid", recipients.toArray()));
				statement.setObject(2, timer.tenantId());
				statement.setObject(3, breach);
				return statement;
			});
			this.notifications.notify(recipients, "sla_breached", title, data);
			this.timeline.append(List.of(entry(timer, action, now, data)));
			this.events
				.publishEvent(new SlaBreachesRecorded(timer.tenantId(), List.of(breached(breach, timer, action, now))));
		}
		int next = timer.step() + 1;
		Instant nextAt = handedOver ? null : nextAt(timer, ladder, next);
		// an auto-recycle, or a hand-over to a new owner, has closed the timer by now: it
		// stays closed
		this.jdbc.update("update sla_timers set status = 'BREACHED', next_step = ?, "
				+ "next_step_at = case when closed_at is null then ?::timestamptz end where tenant_id = ? and id = ?",
				next, (nextAt != null) ? Timestamp.from(nextAt) : null, timer.tenantId(), timer.id());
		return true;
	}

	private static Instant nextAt(Due timer, List<SlaPolicy.Step> ladder, int next) {
		return (next < ladder.size()) ? timer.dueAt().plus(Duration.ofMinutes(ladder.get(next).afterMinutes())) : null;
	}

	private static Map<String, Object> data(UUID breach, Due timer, String action) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("breachId", breach);
		data.put("personId", timer.personId());
		data.put("stage", timer.stage());
		data.put("step", timer.step());
		data.put("action", action);
		data.put("dueAt", timer.dueAt());
		return data;
	}

	private static String title(Due timer, String suffix) {
		return "SLA breached: " + timer.stage() + " was due " + timer.dueAt() + suffix;
	}

	private static TimelineEntry entry(Due timer, String action, Instant now, Map<String, Object> data) {
		return new TimelineEntry(timer.personId(), null, now, "sla", "sla_breached",
				"SLA of " + timer.stage() + " breached (" + action.replace('_', ' ') + ")", data);
	}

	private static SlaBreached breached(UUID breach, Due timer, String action, Instant now) {
		return new SlaBreached(timer.tenantId(), breach, timer.personId(), timer.stage(), timer.step(), action,
				timer.dueAt(), now);
	}

}
