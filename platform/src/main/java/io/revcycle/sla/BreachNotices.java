package io.revcycle.sla;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.revcycle.kernel.PgArrays;
import io.revcycle.notifications.Notifications;
import io.revcycle.tenancy.Members;
import io.revcycle.timeline.Timeline;
import io.revcycle.timeline.TimelineEntry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The notify and escalate steps of claimed timers, a tenant's batch at a time, with a
 * fixed number of statements whatever its size: the breach records (once per timer and
 * step), the notifications, the timeline entries and the outbound events.
 */
@Component
class BreachNotices {

	private final JdbcTemplate jdbc;

	private final Members members;

	private final Timeline timeline;

	private final JsonMapper json;

	private final ApplicationEventPublisher events;

	private final Notifications notifications;

	BreachNotices(JdbcTemplate jdbc, Members members, Timeline timeline, JsonMapper json,
			ApplicationEventPublisher events, Notifications notifications) {
		this.jdbc = jdbc;
		this.members = members;
		this.timeline = timeline;
		this.json = json;
		this.events = events;
		this.notifications = notifications;
	}

	/** A step about to be recorded. */
	private record Step(DueTimer timer, UUID breachId, String action, Set<UUID> notified, int next, Instant nextAt) {
	}

	/**
	 * The notify and escalate steps of a tenant's claimed timers, set-based: one read of
	 * owners, managers and admins, then one statement per table written.
	 */
	void notify(UUID tenant, List<DueTimer> timers, Instant now, Map<String, List<SlaPolicy.Step>> ladders) {
		Map<UUID, UUID> ownerOf = new HashMap<>();
		timers.stream().filter((t) -> t.ownerId() != null).forEach((t) -> ownerOf.put(t.personId(), t.ownerId()));
		Map<UUID, UUID> managerOfOwner = this.members.managers(Set.copyOf(ownerOf.values()));
		Map<UUID, UUID> managerOf = new HashMap<>();
		ownerOf.forEach((person, owner) -> {
			if (managerOfOwner.containsKey(owner)) {
				managerOf.put(person, managerOfOwner.get(owner));
			}
		});
		List<UUID> admins = this.members.admins();
		List<Step> steps = new ArrayList<>(timers.size());
		for (DueTimer timer : timers) {
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
			steps.add(new Step(timer, UUID.randomUUID(), action, recipients, next, timer.nextAt(ladder, next)));
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
			Map<String, Object> data = step.timer().data(step.breachId(), step.action());
			String title = step.timer()
				.title(SlaPolicy.ESCALATE_MANAGER.equals(step.action()) ? " (escalated to you as manager)" : "");
			notices.add(new Notifications.Notice(step.notified(), "sla_breached", title, data));
			entries.add(step.timer().entry(step.action(), now, data));
			breaches.add(step.timer().breached(step.breachId(), step.action(), now));
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

}
