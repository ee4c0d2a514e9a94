package io.revcycle.routing;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.revcycle.cycle.StageEntered;
import io.revcycle.notifications.Notifications;
import io.revcycle.people.People;
import io.revcycle.people.Person;
import io.revcycle.tenancy.Members;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.timeline.Timeline;
import io.revcycle.timeline.TimelineEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Assigns an owner to a person who becomes an MQL without one, in the transaction of the
 * stage change, and records why; and reassigns a person to someone else when asked (an
 * SLA's escalation ladder).
 */
@Component
public class Routing {

	private static final Logger log = LoggerFactory.getLogger(Routing.class);

	/** Tenants whose stored rules were reported unusable, so the log says it once. */
	private final Set<UUID> reported = ConcurrentHashMap.newKeySet();

	private final JdbcTemplate jdbc;

	private final People people;

	private final Timeline timeline;

	private final JsonMapper json;

	private final Clock clock;

	private final Notifications notifications;

	private final Members members;

	Routing(JdbcTemplate jdbc, People people, Timeline timeline, JsonMapper json, Clock clock,
			Notifications notifications, Members members) {
		this.notifications = notifications;
		this.members = members;
		this.jdbc = jdbc;
		this.people = people;
		this.timeline = timeline;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * The tenant's routing. A stored document that can no longer be read never breaks
	 * routing: it counts as no territory rules, and the problem is logged once.
	 */
	RoutingSettings settings() {
		List<Object[]> found = this.jdbc.query(
				"select rules::text, default_team, about_to_breach_minutes from routing_settings",
				(rs, row) -> new Object[] { rs.getString(1), rs.getString(2), (Integer) rs.getObject(3) });
		if (found.isEmpty()) {
			return new RoutingSettings(List.of(), null, reps(), null);
		}
		List<RoutingSettings.Rule> rules;
		try {
			rules = List.of(this.json.readValue((String) found.get(0)[0], RoutingSettings.Rule[].class));
			rules.forEach((rule) -> java.util.Objects.requireNonNull(rule.team()));
		}
		catch (tools.jackson.core.JacksonException | NullPointerException ex) {
			if (this.reported.add(TenantContext.require())) {
				log.error("The stored routing rules of tenant {} are not usable ({}); routing uses none until "
						+ "valid rules are saved", TenantContext.require(), ex.getMessage());
			}
			rules = List.of();
		}
		return new RoutingSettings(rules, (String) found.get(0)[1], reps(), (Integer) found.get(0)[2]);
	}

	private List<RoutingSettings.Rep> reps() {
		return this.jdbc.query("select user_id, weight, capacity, away from routing_reps",
				(rs, row) -> new RoutingSettings.Rep(rs.getObject(1, UUID.class), rs.getInt(2),
						(Integer) rs.getObject(3), rs.getBoolean(4)));
	}

	@EventListener
	void on(StageEntered event) {
		if (!"MQL".equals(event.stage())) {
			return;
		}
		Person person = this.people.findById(event.personId()).orElse(null);
		if (person == null || person.ownerId() != null) {
			return;
		}
		Assignment assignment = choose(person, null);
		if (assignment == null) {
			unassigned(person, event.at());
			return;
		}
		assign(person, assignment.userId(), assignment.reason(), "owner_assigned",
				"Owner assigned (" + assignment.reason() + ")", event.at());
		Map<String, Object> notice = new LinkedHashMap<>();
		notice.put("personId", person.id());
		notice.put("reason", assignment.reason());
		this.notifications.notify(List.of(assignment.userId()), "owner_assigned", "New " + person.stage()
				+ " assigned to you: " + ((person.email() != null) ? person.email() : "a person"), notice);
	}

	/**
	 * Nobody could take a new MQL (everyone away, at capacity or about to breach, or no
	 * reps): it waits without an owner, and the team's managers and the admins are told.
	 */
	private void unassigned(Person person, Instant at) {
		String team = team(person);
		Set<UUID> recipients = new LinkedHashSet<>(this.members.managersOf(team));
		recipients.addAll(this.members.admins());
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("personId", person.id());
		data.put("team", team);
		this.notifications.notify(recipients, "mql_unassigned",
				"No rep could take a new MQL" + ((person.email() != null) ? " (" + person.email() + ")" : "")
						+ ((team != null) ? " of team " + team : "") + ": it waits in the unassigned queue",
				data);
		this.timeline.append(List.of(new TimelineEntry(person.id(), person.accountId(), at, "note", "owner_unassigned",
				"No rep could take this MQL" + ((team != null) ? " (team " + team + ")" : ""), data)));
	}

	/** The team a person would be routed to, or null for all reps. */
	private String team(Person person) {
		Map<String, Object> account = account(person);
		RoutingSettings settings = settings();
		for (RoutingSettings.Rule rule : settings.rules()) {
			if (matches(rule.countries(), (String) account.get("country"))
					&& matches(rule.industries(), (String) account.get("industry"))) {
				return rule.team();
			}
		}
		return settings.defaultTeam();
	}

	private Map<String, Object> account(Person person) {
		return (person.accountId() != null) ? this.jdbc
			.queryForList("select owner_id, country, industry from accounts where id = ?", person.accountId())
			.stream()
			.findFirst()
			.orElse(Map.of()) : Map.of();
	}

	/**
	 * Gives a person a new owner by the tenant's rules (account owner, territory,
	 * weighted round robin), never its current owner; records the assignment with
	 * {@code reason} and puts it on the timeline, in the caller's transaction. The caller
	 * tells the new owner, in the words of why it reassigned.
	 * @param person the person, of the current tenant
	 * @param reason why, recorded with the assignment (for example
	 * {@code sla reassignment})
	 * @param at when
	 * @return the new owner, or empty when nobody else is eligible (the person keeps its
	 * owner)
	 */
	public Optional<UUID> reassign(Person person, String reason, Instant at) {
		Assignment assignment = choose(person, person.ownerId());
		if (assignment == null) {
			return Optional.empty();
		}
		assign(person, assignment.userId(), reason, "owner_reassigned",
				"Owner reassigned (" + reason + "; " + assignment.reason() + ")", at);
		return Optional.of(assignment.userId());
	}

	private void assign(Person person, UUID owner, String reason, String type, String summary, Instant at) {
		UUID previous = person.ownerId();
		person.assignOwner(owner);
		this.jdbc.update("update persons set owner_id = ? where id = ?", owner, person.id());
		this.jdbc.update(
				"insert into routing_assignments (tenant_id, id, person_id, user_id, reason, at) "
						+ "values (?, ?, ?, ?, ?, ?)",
				TenantContext.require(), UUID.randomUUID(), person.id(), owner, reason, Timestamp.from(at));
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("ownerId", owner);
		data.put("reason", reason);
		if (previous != null) {
			data.put("previousOwnerId", previous);
		}
		this.timeline
			.append(List.of(new TimelineEntry(person.id(), person.accountId(), at, "note", type, summary, data)));
	}

	record Assignment(UUID userId, String reason) {
	}

	/**
	 * The account owner; else the team of the first matching territory rule, by weighted
	 * round robin; never {@code excluded}.
	 */
	Assignment choose(Person person, UUID excluded) {
		Map<String, Object> account = account(person);
		if (account.get("owner_id") != null && !account.get("owner_id").equals(excluded)) {
			return new Assignment((UUID) account.get("owner_id"), "account owner");
		}
		RoutingSettings settings = settings();
		String team = settings.defaultTeam();
		String reason = (team != null) ? "default team " + team : "round robin";
		for (RoutingSettings.Rule rule : settings.rules()) {
			if (matches(rule.countries(), (String) account.get("country"))
					&& matches(rule.industries(), (String) account.get("industry"))) {
				team = rule.team();
				reason = "territory " + rule.team();
				break;
			}
		}
		UUID rep = roundRobin(settings.reps(), team, excluded, settings.aboutToBreach());
		return (rep != null) ? new Assignment(rep, reason + ", weighted round robin") : null;
	}

	private static boolean matches(List<String> allowed, String value) {
		return allowed == null || allowed.isEmpty()
				|| (value != null && allowed.stream().anyMatch((a) -> a.equalsIgnoreCase(value)));
	}

	/**
	 * The eligible rep of the team with the fewest assignments per unit of weight (ties:
	 * the earliest user). Reps away, at capacity (open MQLs), or holding an MQL about to
	 * breach are not eligible.
	 */
	private UUID roundRobin(List<RoutingSettings.Rep> reps, String team, UUID excluded, Duration aboutToBreach) {
		Instant soon = this.clock.instant().plus(aboutToBreach);
		List<Map<String, Object>> candidates = this.jdbc.queryForList("select u.id, u.created_at, "
				+ "(select count(*) from routing_assignments a where a.user_id = u.id) as assigned, "
				+ "(select count(*) from persons p where p.owner_id = u.id and p.stage = 'MQL') as open, "
				+ "exists (select 1 from sla_timers t join persons p on p.id = t.person_id where p.owner_id = u.id "
				+ "and t.closed_at is null and t.status = 'OPEN' and t.due_at <= ?) as breaching "
				+ "from tenant_users u where (cast(? as text) is null or lower(u.team) = lower(cast(? as text)))",
				Timestamp.from(soon), team, team);
		Map<UUID, RoutingSettings.Rep> byUser = new HashMap<>();
		reps.forEach((r) -> byUser.put(r.userId(), r));
		List<Map<String, Object>> eligible = new ArrayList<>();
		for (Map<String, Object> candidate : candidates) {
			RoutingSettings.Rep rep = byUser.get((UUID) candidate.get("id"));
			if (rep == null || rep.away() || Boolean.TRUE.equals(candidate.get("breaching"))
					|| candidate.get("id").equals(excluded)) {
				continue;
			}
			if (rep.capacity() != null && ((Number) candidate.get("open")).intValue() >= rep.capacity()) {
				continue;
			}
			eligible.add(candidate);
		}
		return eligible.stream()
			.min(Comparator
				.comparingDouble((Map<String, Object> c) -> ((Number) c.get("assigned")).doubleValue()
						/ byUser.get((UUID) c.get("id")).weight())
				.thenComparing((c) -> (Timestamp) c.get("created_at")))
			.map((c) -> (UUID) c.get("id"))
			.filter(Objects::nonNull)
			.orElse(null);
	}

}
