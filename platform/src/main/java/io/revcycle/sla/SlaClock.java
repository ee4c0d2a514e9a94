package io.revcycle.sla;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.revcycle.notifications.Notifications;
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
 * step), and its notifications are written with it.
 */
@Component
class SlaClock {

	private static final Logger log = LoggerFactory.getLogger(SlaClock.class);

	static final int BATCH = 200;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final Members members;

	private final Timeline timeline;

	private final JsonMapper json;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final Notifications notifications;

	SlaClock(JdbcTemplate jdbc, TransactionTemplate tx, Members members, Timeline timeline, JsonMapper json,
			Clock clock, ApplicationEventPublisher events, Notifications notifications) {
		this.events = events;
		this.notifications = notifications;
		this.jdbc = jdbc;
		this.tx = tx;
		this.members = members;
		this.timeline = timeline;
		this.json = json;
		this.clock = clock;
	}

	record Due(UUID tenantId, UUID id, UUID personId, String stage, Instant dueAt, String ladder, int step) {
	}

	@Scheduled(fixedDelayString = "${revcycle.sla.poll-interval:PT0.25S}")
	void poll() {
		try {
			while (runDue() == BATCH) {
				// a full batch: more may be due
			}
		}
		catch (RuntimeException ex) {
			log.warn("SLA clock failed; retrying at the next poll", ex);
		}
	}

	/** Handles one batch of due steps; returns how many were claimed. */
	int runDue() {
		return this.tx.execute((status) -> {
			this.jdbc.queryForObject("select set_config('app.scope', 'dispatcher', true)", String.class);
			Instant now = this.clock.instant();
			List<Due> due = this.jdbc.query(
					"select tenant_id, id, person_id, stage, due_at, ladder::text, next_step from sla_timers "
							+ "where next_step_at <= ? order by next_step_at limit ? for update skip locked",
					(rs, row) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
							rs.getObject(3, UUID.class), rs.getString(4), rs.getTimestamp(5).toInstant(),
							rs.getString(6), rs.getInt(7)),
					Timestamp.from(now), BATCH);
			for (Due timer : due) {
				this.jdbc.queryForObject("select set_config('app.tenant_id', ?, true)", String.class,
						timer.tenantId().toString());
				TenantContext.runAs(timer.tenantId(), () -> step(timer, now));
			}
			return due.size();
		});
	}

	private void step(Due timer, Instant now) {
		List<SlaPolicy.Step> ladder = List.of(this.json.readValue(timer.ladder(), SlaPolicy.Step[].class));
		SlaPolicy.Step step = ladder.get(timer.step());
		UUID owner = this.jdbc.queryForList("select owner_id from persons where id = ?", UUID.class, timer.personId())
			.stream()
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
		Set<UUID> recipients = new LinkedHashSet<>();
		if ("escalate_manager".equals(step.action()) && owner != null) {
			this.members.managerOf(owner).ifPresent(recipients::add);
		}
		else if ("notify_owner".equals(step.action()) && owner != null) {
			recipients.add(owner);
		}
		if (recipients.isEmpty()) {
			recipients.addAll(this.members.admins());
		}
		UUID breach = UUID.randomUUID();
		int recorded = this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement("insert into sla_breaches (tenant_id, id, "
					+ "timer_id, person_id, stage, step, action, due_at, at, notified) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
					+ "on conflict (tenant_id, timer_id, step) do nothing");
			statement.setObject(1, timer.tenantId());
			statement.setObject(2, breach);
			statement.setObject(3, timer.id());
			statement.setObject(4, timer.personId());
			statement.setString(5, timer.stage());
			statement.setInt(6, timer.step());
			statement.setString(7, step.action());
			statement.setTimestamp(8, Timestamp.from(timer.dueAt()));
			statement.setTimestamp(9, Timestamp.from(now));
			statement.setArray(10, connection.createArrayOf("uuid", recipients.toArray()));
			return statement;
		});
		if (recorded == 1) {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("breachId", breach);
			data.put("personId", timer.personId());
			data.put("stage", timer.stage());
			data.put("step", timer.step());
			data.put("action", step.action());
			data.put("dueAt", timer.dueAt());
			String title = "SLA breached: " + timer.stage() + " was due " + timer.dueAt()
					+ ("escalate_manager".equals(step.action()) ? " (escalated to you as manager)" : "");
			this.notifications.notify(recipients, "sla_breached", title, data);
			this.events.publishEvent(new SlaBreached(timer.tenantId(), breach, timer.personId(), timer.stage(),
					timer.step(), step.action(), timer.dueAt(), now));
			this.timeline.append(List.of(new TimelineEntry(timer.personId(), null, now, "sla", "sla_breached",
					"SLA of " + timer.stage() + " breached (" + step.action().replace('_', ' ') + ")", data)));
		}
		int next = timer.step() + 1;
		Timestamp nextAt = (next < ladder.size())
				? Timestamp.from(timer.dueAt().plus(Duration.ofMinutes(ladder.get(next).afterMinutes()))) : null;
		this.jdbc.update("update sla_timers set status = 'BREACHED', next_step = ?, next_step_at = ? where id = ?",
				next, nextAt, timer.id());
	}

}
