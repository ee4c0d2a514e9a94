package io.revcycle.sla;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.revcycle.cycle.Cycle;
import io.revcycle.notifications.Notifications;
import io.revcycle.people.People;
import io.revcycle.people.PeopleWriter;
import io.revcycle.people.Person;
import io.revcycle.routing.Routing;
import io.revcycle.tenancy.Members;
import io.revcycle.timeline.Timeline;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The reassign and auto-recycle steps: each changes the person through routing or the
 * stage model, so each runs alone, in a transaction bound to the timer's tenant, if this
 * replica claims the timer at the step it was seen at.
 */
@Component
class BreachActions {

	/** The reason recorded with an owner assignment made by an SLA. */
	static final String REASSIGNMENT = "sla reassignment";

	/** The cause recorded with a move to Recycled made by an SLA. */
	static final String AUTO_RECYCLE_CAUSE = "sla:" + SlaPolicy.AUTO_RECYCLE;

	private final JdbcTemplate jdbc;

	private final Members members;

	private final Timeline timeline;

	private final JsonMapper json;

	private final ApplicationEventPublisher events;

	private final Notifications notifications;

	private final People people;

	private final Routing routing;

	private final Cycle cycle;

	private final Timers timers;

	private final PeopleWriter writer;

	BreachActions(JdbcTemplate jdbc, Members members, Timeline timeline, JsonMapper json,
			ApplicationEventPublisher events, Notifications notifications, People people, Routing routing, Cycle cycle,
			Timers timers, PeopleWriter writer) {
		this.jdbc = jdbc;
		this.members = members;
		this.timeline = timeline;
		this.json = json;
		this.events = events;
		this.notifications = notifications;
		this.people = people;
		this.routing = routing;
		this.cycle = cycle;
		this.timers = timers;
		this.writer = writer;
	}

	/**
	 * One reassign or auto-recycle step, if this replica claims the timer at the step it
	 * was seen at.
	 */
	boolean run(DueTimer candidate, Instant now) {
		// the person before the timer: the order in which ingest locks them
		this.writer.lock(candidate.personId());
		List<DueTimer> claimed = this.jdbc.query(
				"select " + DueTimer.COLUMNS + " from sla_timers where tenant_id = ? and id = ? "
						+ "and next_step = ? and next_step_at <= ? for update skip locked",
				DueTimer::of, candidate.tenantId(), candidate.id(), candidate.step(), Timestamp.from(now));
		if (claimed.isEmpty()) {
			return false;
		}
		DueTimer timer = claimed.get(0);
		List<SlaPolicy.Step> ladder = List.of(this.json.readValue(timer.ladder(), SlaPolicy.Step[].class));
		String action = ladder.get(timer.step()).action();
		UUID breach = UUID.randomUUID();
		int recorded = this.jdbc.update("insert into sla_breaches (tenant_id, id, timer_id, person_id, stage, step, "
				+ "action, due_at, at) values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id, timer_id, step) "
				+ "do nothing", timer.tenantId(), breach, timer.id(), timer.personId(), timer.stage(), timer.step(),
				action, Timestamp.from(timer.dueAt()), Timestamp.from(now));
		boolean handedOver = false;
		if (recorded == 1) {
			Map<String, Object> data = timer.data(breach, action);
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
					title = timer.title(" (reassigned to you)");
				}
				else {
					data.put("outcome", "nobody else is eligible: the owner is unchanged");
					title = timer.title(" (could not reassign: nobody else is eligible)");
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
					title = timer.title(" (recycled)");
				}
				catch (Cycle.NotAllowed ex) {
					data.put("outcome", ex.getMessage());
					title = timer.title(" (could not recycle: " + ex.getMessage() + ")");
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
			this.timeline.append(List.of(timer.entry(action, now, data)));
			this.events
				.publishEvent(new SlaBreachesRecorded(timer.tenantId(), List.of(timer.breached(breach, action, now))));
		}
		int next = timer.step() + 1;
		Instant nextAt = handedOver ? null : timer.nextAt(ladder, next);
		// an auto-recycle, or a hand-over to a new owner, has closed the timer by now: it
		// stays closed
		this.jdbc.update("update sla_timers set status = 'BREACHED', next_step = ?, "
				+ "next_step_at = case when closed_at is null then ?::timestamptz end where tenant_id = ? and id = ?",
				next, (nextAt != null) ? Timestamp.from(nextAt) : null, timer.tenantId(), timer.id());
		return true;
	}

}
