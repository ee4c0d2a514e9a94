package io.revcycle.sla;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.cycle.StageEntered;
import io.revcycle.cycle.StageMoves;
import io.revcycle.http.CursorPage;
import io.revcycle.kernel.PgArrays;
import io.revcycle.ingest.ActivitiesRecorded;
import io.revcycle.people.People;
import io.revcycle.people.Person;
import io.revcycle.routing.OwnerAssigned;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Opens a timer when a person enters a stage with an SLA, and closes the open one when
 * the person leaves its stage: met if before the due time. Activities the policy names
 * satisfy the timer, or restart its clock. Runs in the transaction of the stage change or
 * of the activities.
 */
@Component
class Timers {

	private final JdbcTemplate jdbc;

	private final SlaPolicies settings;

	private final JsonMapper json;

	private final People people;

	Timers(JdbcTemplate jdbc, SlaPolicies settings, JsonMapper json, People people) {
		this.people = people;
		this.jdbc = jdbc;
		this.settings = settings;
		this.json = json;
	}

	/** An open timer of a person with new activities, locked. */
	private record Open(UUID id, UUID personId, String stage, String status, Instant openedAt, Instant dueAt,
			String ladder, UUID ownerId) {
	}

	/** A timer opened afresh: the clock restarted after a breach. */
	private record Fresh(UUID personId, String stage, UUID ownerId, Instant openedAt, Instant dueAt,
			Instant firstStepAt, String ladder) {
	}

	/**
	 * Activities a policy names satisfy the open timer of their person's stage, or
	 * restart its clock: a timer not yet breached comes due {@code minutes} after the
	 * latest such activity, with its ladder from the start; a breached one is closed and
	 * a fresh one opens at the activity. Where the policy says so, only the activities of
	 * the person's owner count.
	 */
	@EventListener
	void on(ActivitiesRecorded event) {
		SlaTerms current = this.settings.current();
		Map<String, SlaPolicy> policies = new HashMap<>();
		for (SlaPolicy policy : current.policies()) {
			if ((policy.satisfiedBy() != null && !policy.satisfiedBy().isEmpty())
					|| (policy.restartOn() != null && !policy.restartOn().isEmpty())) {
				policies.put(policy.stage(), policy);
			}
		}
		Map<UUID, List<ActivitiesRecorded.Activity>> byPerson = new HashMap<>();
		for (ActivitiesRecorded.Activity activity : event.activities()) {
			if (policies.values()
				.stream()
				.anyMatch((p) -> p.satisfiedBy(activity.type()) || p.restartsOn(activity.type()))) {
				byPerson.computeIfAbsent(activity.personId(), (k) -> new ArrayList<>()).add(activity);
			}
		}
		if (byPerson.isEmpty()) {
			return;
		}
		// locked first, so a concurrent SLA clock step is seen once it commits
		List<Open> open = this.jdbc.query((connection) -> {
			PreparedStatement statement = connection.prepareStatement("select t.id, t.person_id, t.stage, t.status, "
					+ "t.opened_at, t.due_at, t.ladder::text, t.owner_id from sla_timers t "
					+ "where t.tenant_id = ? and t.person_id = any(?) "
					+ "and t.stage = any(?) and t.closed_at is null order by t.id for update of t");
			statement.setObject(1, event.tenantId());
			statement.setArray(2, connection.createArrayOf("uuid", byPerson.keySet().toArray()));
			statement.setArray(3, connection.createArrayOf("text", policies.keySet().toArray()));
			return statement;
		}, (rs, row) -> new Open(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
				rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getString(7),
				rs.getObject(8, UUID.class)));

		List<Object[]> closed = new ArrayList<>();
		List<Object[]> pushed = new ArrayList<>();
		List<Fresh> fresh = new ArrayList<>();
		for (Open timer : open) {
			SlaPolicy policy = policies.get(timer.stage());
			List<ActivitiesRecorded.Activity> counted = byPerson.get(timer.personId())
				.stream()
				.filter((a) -> !policy.ownerOnly() || (timer.ownerId() != null && timer.ownerId().equals(a.actorId())))
				.toList();
			if (counted.stream().anyMatch((a) -> policy.satisfiedBy(a.type()))) {
				String status = !"OPEN".equals(timer.status()) ? timer.status()
						: (event.at().isAfter(timer.dueAt()) ? "BREACHED" : "MET");
				closed.add(new Object[] { timer.id(), Timestamp.from(event.at()), status });
				continue;
			}
			Instant latest = counted.stream()
				.filter((a) -> policy.restartsOn(a.type()))
				.map((a) -> a.occurredAt().isAfter(event.at()) ? event.at() : a.occurredAt())
				.max(Instant::compareTo)
				.orElse(null);
			if (latest == null || !latest.isAfter(timer.openedAt())) {
				continue;
			}
			Instant due = dueFrom(current, policy, latest);
			if ("OPEN".equals(timer.status())) {
				if (due.isAfter(timer.dueAt())) {
					List<SlaPolicy.Step> ladder = List.of(this.json.readValue(timer.ladder(), SlaPolicy.Step[].class));
					pushed.add(new Object[] { timer.id(), Timestamp.from(due),
							Timestamp.from(due.plus(Duration.ofMinutes(ladder.get(0).afterMinutes()))) });
				}
			}
			else {
				// breached: that breach stands; quiet time is counted afresh from the
				// activity
				closed.add(new Object[] { timer.id(), Timestamp.from(latest), timer.status() });
				fresh.add(new Fresh(timer.personId(), timer.stage(), timer.ownerId(), latest, due,
						due.plus(Duration.ofMinutes(policy.ladder().get(0).afterMinutes())),
						this.json.writeValueAsString(policy.ladder())));
			}
		}
		if (!closed.isEmpty()) {
			this.jdbc.update((connection) -> {
				PreparedStatement statement = connection.prepareStatement("update sla_timers t set closed_at = c.at, "
						+ "next_step_at = null, status = c.status from unnest(?, ?, ?) as c(id, at, status) "
						+ "where t.tenant_id = ? and t.id = c.id");
				PgArrays.bind(connection, statement, 1, closed, new PgArrays.Column<Object[]>("uuid", (r) -> r[0]),
						new PgArrays.Column<Object[]>("timestamptz", (r) -> r[1]),
						new PgArrays.Column<Object[]>("text", (r) -> r[2]));
				statement.setObject(4, event.tenantId());
				return statement;
			});
		}
		if (!pushed.isEmpty()) {
			this.jdbc.update((connection) -> {
				PreparedStatement statement = connection.prepareStatement("update sla_timers t set due_at = p.due, "
						+ "next_step = 0, next_step_at = p.first from unnest(?, ?, ?) as p(id, due, first) "
						+ "where t.tenant_id = ? and t.id = p.id");
				PgArrays.bind(connection, statement, 1, pushed, new PgArrays.Column<Object[]>("uuid", (r) -> r[0]),
						new PgArrays.Column<Object[]>("timestamptz", (r) -> r[1]),
						new PgArrays.Column<Object[]>("timestamptz", (r) -> r[2]));
				statement.setObject(4, event.tenantId());
				return statement;
			});
		}
		if (!fresh.isEmpty()) {
			this.jdbc.update((connection) -> {
				PreparedStatement statement = connection.prepareStatement("insert into sla_timers (tenant_id, id, "
						+ "person_id, stage, owner_id, opened_at, due_at, status, ladder, next_step, next_step_at) "
						+ "select ?, gen_random_uuid(), p, s, o, a, d, 'OPEN', l::jsonb, 0, f "
						+ "from unnest(?, ?, ?, ?, ?, ?, ?) as n(p, s, o, a, d, f, l)");
				statement.setObject(1, event.tenantId());
				PgArrays.bind(connection, statement, 2, fresh, new PgArrays.Column<Fresh>("uuid", Fresh::personId),
						new PgArrays.Column<Fresh>("text", Fresh::stage),
						new PgArrays.Column<Fresh>("uuid", Fresh::ownerId),
						new PgArrays.Column<Fresh>("timestamptz", (f) -> Timestamp.from(f.openedAt())),
						new PgArrays.Column<Fresh>("timestamptz", (f) -> Timestamp.from(f.dueAt())),
						new PgArrays.Column<Fresh>("timestamptz", (f) -> Timestamp.from(f.firstStepAt())),
						new PgArrays.Column<Fresh>("text", Fresh::ladder));
				return statement;
			});
		}
	}

	/**
	 * The moves of a batch, as their {@link StageEntered} one by one would handle them,
	 * in two statements: each person's open timers are closed at the person's first move;
	 * a stage with an SLA that the person left again within the batch gets its timer
	 * opened and closed (met unless the next move came after it was due); the stage the
	 * person ends in gets an open timer. A timer's owner is the person's owner at the
	 * move (routing's assignment, which may follow, moves the open timers to the new
	 * owner).
	 */
	@EventListener
	void on(StageMoves event) {
		Map<UUID, List<StageMoves.Moved>> byPerson = new LinkedHashMap<>();
		event.moves().forEach((m) -> byPerson.computeIfAbsent(m.personId(), (k) -> new ArrayList<>()).add(m));
		List<Object[]> closing = new ArrayList<>();
		List<Object[]> opening = new ArrayList<>();
		SlaTerms current = this.settings.current();
		byPerson.forEach((person, path) -> {
			closing.add(new Object[] { person, Timestamp.from(path.get(0).at()) });
			for (int i = 0; i < path.size(); i++) {
				StageMoves.Moved move = path.get(i);
				StageMoves.Moved next = (i + 1 < path.size()) ? path.get(i + 1) : null;
				current.policy(move.to()).ifPresent((policy) -> {
					Instant due = dueFrom(current, policy, move.at());
					Instant firstStep = due.plus(Duration.ofMinutes(policy.ladder().get(0).afterMinutes()));
					boolean left = next != null;
					opening.add(new Object[] { person, move.to(), move.ownerId(), Timestamp.from(move.at()),
							Timestamp.from(due), this.json.writeValueAsString(policy.ladder()),
							left ? null : Timestamp.from(firstStep), left ? Timestamp.from(next.at()) : null,
							left ? (next.at().isAfter(due) ? "BREACHED" : "MET") : "OPEN" });
				});
			}
		});
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement("update sla_timers t set closed_at = c.at, "
					+ "next_step_at = null, status = case when t.status = 'OPEN' then (case when c.at <= t.due_at "
					+ "then 'MET' else 'BREACHED' end) else t.status end from unnest(?, ?) as c(p, at) "
					+ "where t.tenant_id = ? and t.person_id = c.p and t.closed_at is null");
			PgArrays.bind(connection, statement, 1, closing, new PgArrays.Column<Object[]>("uuid", (r) -> r[0]),
					new PgArrays.Column<Object[]>("timestamptz", (r) -> r[1]));
			statement.setObject(3, event.tenantId());
			return statement;
		});
		if (opening.isEmpty()) {
			return;
		}
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement("insert into sla_timers (tenant_id, id, "
					+ "person_id, stage, owner_id, opened_at, due_at, status, ladder, next_step, next_step_at, "
					+ "closed_at) select ?, gen_random_uuid(), p, s, o, a, d, st, l::jsonb, 0, f, c "
					+ "from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?) with ordinality as n(p, s, o, a, d, l, f, c, st, i) "
					+ "order by i");
			statement.setObject(1, event.tenantId());
			String[] types = { "uuid", "text", "uuid", "timestamptz", "timestamptz", "text", "timestamptz",
					"timestamptz", "text" };
			for (int c = 0; c < types.length; c++) {
				int column = c;
				PgArrays.bind(connection, statement, 2 + c, opening,
						new PgArrays.Column<Object[]>(types[c], (row) -> row[column]));
			}
			return statement;
		});
	}

	/**
	 * A move published on its own (the cycle's moves come in {@link StageMoves}): handled
	 * as a batch of one, its owner read from the person.
	 */
	@EventListener
	void on(StageEntered event) {
		if (event.batched()) {
			return;
		}
		UUID owner = this.people.findById(event.personId()).map(Person::ownerId).orElse(null);
		on(new StageMoves(event.tenantId(), List.of(new StageMoves.Moved(event.personId(), owner, event.from(),
				event.stage(), event.at(), event.cause(), event.actor(), null))));
	}

	/**
	 * A timer as the API shows it.
	 *
	 * @param id the id
	 * @param personId the person
	 * @param stage the stage whose SLA it times
	 * @param ownerId who was to act, or null
	 * @param openedAt when it started
	 * @param dueAt when it is due
	 * @param closedAt when it was closed, or null while it runs
	 * @param status {@code OPEN}, {@code MET}, {@code BREACHED} or {@code CANCELLED}
	 * @param nextStepAt when the next escalation step runs, or null
	 */
	record View(UUID id, UUID personId, String stage, UUID ownerId, Instant openedAt, Instant dueAt, Instant closedAt,
			String status, Instant nextStepAt) {
	}

	/**
	 * What a list of timers is filtered by; null parts do not filter.
	 *
	 * @param personId the person
	 * @param state {@code open}, {@code met}, {@code breached} or {@code cancelled}
	 * @param ownerId the owner
	 * @param stage the stage
	 */
	record Filter(UUID personId, String state, UUID ownerId, String stage) {
	}

	/** A page of the current tenant's timers, newest first. */
	List<View> page(Filter filter, CursorPage.Position after, int limit) {
		StringBuilder sql = new StringBuilder("select id, person_id, stage, owner_id, opened_at, due_at, closed_at, "
				+ "status, next_step_at from sla_timers where tenant_id = nullif(current_setting('app.tenant_id', "
				+ "true), '')::uuid");
		List<Object> arguments = new ArrayList<>();
		if (filter.personId() != null) {
			sql.append(" and person_id = ?");
			arguments.add(filter.personId());
		}
		if (filter.ownerId() != null) {
			sql.append(" and owner_id = ?");
			arguments.add(filter.ownerId());
		}
		if (filter.stage() != null) {
			sql.append(" and stage = ?");
			arguments.add(filter.stage());
		}
		if (filter.state() != null) {
			sql.append(switch (filter.state()) {
				case "open" -> " and closed_at is null";
				case "met" -> " and status = 'MET'";
				case "breached" -> " and status = 'BREACHED'";
				default -> " and status = 'CANCELLED'";
			});
		}
		if (after != null) {
			sql.append(" and (opened_at, id) < (?, ?)");
			arguments.add(Timestamp.from(after.at()));
			arguments.add(after.uuid());
		}
		sql.append(" order by opened_at desc, id desc limit ?");
		arguments.add(limit);
		return this.jdbc.query(sql.toString(),
				(rs, row) -> new View(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
						rs.getObject(4, UUID.class), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(),
						instant(rs.getTimestamp(7)), rs.getString(8), instant(rs.getTimestamp(9))),
				arguments.toArray());
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/**
	 * Hands a timer to a new owner: the breached timer is closed, and a fresh one opens
	 * now for the same stage with the new owner, its due time and ladder from the
	 * tenant's policy (or, without one, the old timer's ladder and duration from now), so
	 * the new owner gets the time the SLA promises instead of inheriting the breach.
	 * @return the fresh timer's id
	 */
	UUID handOver(UUID tenantId, UUID timerId, UUID personId, String stage, UUID newOwner, Instant now) {
		this.jdbc.update("update sla_timers set closed_at = ?, next_step_at = null where tenant_id = ? and id = ?",
				Timestamp.from(now), tenantId, timerId);
		SlaTerms current = this.settings.current();
		SlaPolicy policy = current.policy(stage).orElse(null);
		UUID fresh = UUID.randomUUID();
		if (policy != null) {
			Instant due = dueFrom(current, policy, now);
			this.jdbc.update("insert into sla_timers (tenant_id, id, person_id, stage, owner_id, opened_at, due_at, "
					+ "status, ladder, next_step, next_step_at) values (?, ?, ?, ?, ?, ?, ?, 'OPEN', ?::jsonb, 0, ?)",
					tenantId, fresh, personId, stage, newOwner, Timestamp.from(now), Timestamp.from(due),
					this.json.writeValueAsString(policy.ladder()),
					Timestamp.from(due.plus(Duration.ofMinutes(policy.ladder().get(0).afterMinutes()))));
		}
		else {
			this.jdbc.update("insert into sla_timers (tenant_id, id, person_id, stage, owner_id, opened_at, due_at, "
					+ "status, ladder, next_step, next_step_at) select tenant_id, ?, person_id, stage, ?, ?, "
					+ "?::timestamptz + (due_at - opened_at), 'OPEN', ladder, 0, "
					+ "?::timestamptz + (due_at - opened_at) + make_interval(mins => (ladder -> 0 ->> 'afterMinutes')::int) "
					+ "from sla_timers where tenant_id = ? and id = ?", fresh, newOwner, Timestamp.from(now),
					Timestamp.from(now), Timestamp.from(now), tenantId, timerId);
		}
		return fresh;
	}

	/**
	 * A person's open timers follow the person's owner: whoever owns the person now is
	 * who must act, is notified of a breach, and is skipped by routing when about to
	 * breach.
	 */
	@EventListener
	void on(OwnerAssigned event) {
		this.jdbc.update(
				"update sla_timers set owner_id = ? where tenant_id = ? and person_id = ? " + "and closed_at is null",
				event.ownerId(), event.tenantId(), event.personId());
	}

	/** When a timer that starts at {@code from} is due: business or clock time. */
	static Instant dueFrom(SlaTerms settings, SlaPolicy policy, Instant from) {
		return policy.businessTime() ? settings.calendar().plusBusinessTime(from, Duration.ofMinutes(policy.minutes()))
				: from.plus(Duration.ofMinutes(policy.minutes()));
	}

}
