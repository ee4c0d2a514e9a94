package io.revcycle.routing;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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
import io.revcycle.kernel.InvalidInput;
import io.revcycle.kernel.PerTransaction;
import io.revcycle.kernel.WrittenBeforeCommit;
import io.revcycle.notifications.Notifications;
import io.revcycle.people.Account;
import io.revcycle.people.Accounts;
import io.revcycle.people.People;
import io.revcycle.people.PeopleWriter;
import io.revcycle.people.Person;
import io.revcycle.tenancy.Members;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.timeline.Timeline;
import io.revcycle.timeline.TimelineEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
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

	/**
	 * The routing settings, read once per transaction: a batch of events or a rescoring
	 * chunk that makes thousands of MQLs would otherwise read them several times for
	 * each. Forgotten when routing is changed ({@link #replace},
	 * {@link #forgetSettings}).
	 */
	private final PerTransaction<Map<UUID, RoutingRules>> settingsOfTransaction = new PerTransaction<>();

	/**
	 * Who is told of an MQL nobody could take, by team, once per transaction (the team's
	 * managers, then the admins).
	 */
	private final PerTransaction<Map<TeamOf, Set<UUID>>> unassignedRecipients = new PerTransaction<>();

	/**
	 * The notices and timeline notes of the MQLs nobody could take, written once per
	 * transaction (a batch that makes hundreds wrote two rows for each).
	 */
	private final WrittenBeforeCommit<Unassigned> unassignedNotes;

	/** An MQL nobody could take: who is told, and the note on its timeline. */
	private record Unassigned(Notifications.Notice notice, TimelineEntry note) {
	}

	/** A team (null: no team) of a tenant. */
	private record TeamOf(UUID tenantId, String team) {
	}

	private final JdbcTemplate jdbc;

	private final People people;

	private final Timeline timeline;

	private final JsonMapper json;

	private final Clock clock;

	private final Notifications notifications;

	private final Members members;

	private final Accounts accounts;

	private final PeopleWriter writer;

	private final ApplicationEventPublisher events;

	Routing(JdbcTemplate jdbc, People people, Accounts accounts, PeopleWriter writer, Timeline timeline,
			JsonMapper json, Clock clock, Notifications notifications, Members members,
			ApplicationEventPublisher events) {
		this.accounts = accounts;
		this.writer = writer;
		this.events = events;
		this.notifications = notifications;
		this.members = members;
		this.jdbc = jdbc;
		this.people = people;
		this.timeline = timeline;
		this.json = json;
		this.clock = clock;
		this.unassignedNotes = new WrittenBeforeCommit<>((written) -> {
			this.notifications.notify(written.stream().map(Unassigned::notice).toList());
			this.timeline.append(written.stream().map(Unassigned::note).toList());
		});
	}

	/**
	 * The tenant's routing. A stored document that can no longer be read never breaks
	 * routing: it counts as no territory rules, and the problem is logged once.
	 */
	public RoutingRules settings() {
		return this.settingsOfTransaction.get(HashMap::new)
			.computeIfAbsent(TenantContext.require(), (tenant) -> read());
	}

	/**
	 * Forgets the settings read in this transaction, after a change to the tenant's reps
	 * made outside {@link #change}.
	 */
	void forgetSettings() {
		this.settingsOfTransaction.forget();
	}

	private RoutingRules read() {
		List<Object[]> found = this.jdbc.query(
				"select rules::text, default_team, about_to_breach_minutes from routing_settings",
				(rs, row) -> new Object[] { rs.getString(1), rs.getString(2), (Integer) rs.getObject(3) });
		if (found.isEmpty()) {
			return new RoutingRules(List.of(), null, reps(), null);
		}
		List<RoutingRules.Rule> rules;
		try {
			rules = List.of(this.json.readValue((String) found.get(0)[0], RoutingRules.Rule[].class));
			rules.forEach((rule) -> java.util.Objects.requireNonNull(rule.team()));
		}
		catch (tools.jackson.core.JacksonException | NullPointerException ex) {
			if (this.reported.add(TenantContext.require())) {
				log.error("The stored routing rules of tenant {} are not usable ({}); routing uses none until "
						+ "valid rules are saved", TenantContext.require(), ex.getMessage());
			}
			rules = List.of();
		}
		return new RoutingRules(rules, (String) found.get(0)[1], reps(), (Integer) found.get(0)[2]);
	}

	/**
	 * Checks and replaces the tenant's routing: its territory rules, default team,
	 * about-to-breach window and reps.
	 * @return the routing as it is now
	 * @throws InvalidInput naming every problem by its path ({@code reps[0].userId})
	 */
	public RoutingRules change(RoutingRules settings) {
		List<RoutingRules.Rule> rules = (settings.rules() != null) ? settings.rules() : List.of();
		List<RoutingRules.Rep> reps = (settings.reps() != null) ? settings.reps() : List.of();
		InvalidInput.Collector problems = new InvalidInput.Collector();
		problems.check(settings.rules() == null, "rules", "is required (may be empty): the territory rules, in order");
		problems.check(settings.reps() == null, "reps", "is required (may be empty): how each rep takes part");
		for (int i = 0; i < rules.size(); i++) {
			RoutingRules.Rule rule = rules.get(i);
			String at = "rules[" + i + "]";
			if (problems.check(rule == null, at, "must be a rule")) {
				continue;
			}
			problems.check(rule.team() == null || rule.team().isBlank() || rule.team().length() > 100, at + ".team",
					"is required (a team name of at most 100 characters)");
			problems.check(
					rule.countries() != null
							&& rule.countries().stream().anyMatch((c) -> c == null || !c.matches("[A-Za-z]{2}")),
					at + ".countries", "must be ISO 3166 two-letter country codes");
			problems.check(
					rule.industries() != null
							&& rule.industries().stream().anyMatch((c) -> c == null || c.isBlank() || c.length() > 200),
					at + ".industries", "must be industry names of at most 200 characters");
		}
		problems.check(settings.defaultTeam() != null && settings.defaultTeam().length() > 100, "defaultTeam",
				"must be at most 100 characters");
		problems.check(
				settings.aboutToBreachMinutes() != null
						&& (settings.aboutToBreachMinutes() < 0 || settings.aboutToBreachMinutes() > 7 * 24 * 60),
				"aboutToBreachMinutes", "must be 0 to 10080 minutes");
		Set<Object> seen = new HashSet<>();
		for (int i = 0; i < reps.size(); i++) {
			RoutingRules.Rep rep = reps.get(i);
			String at = "reps[" + i + "]";
			if (problems.check(rep == null, at, "must be a rep")) {
				continue;
			}
			if (!problems.check(rep.userId() == null || !this.members.exists(rep.userId()), at + ".userId",
					"not a user of this tenant")) {
				problems.check(!seen.add(rep.userId()), at + ".userId", "listed twice");
			}
			problems.check(rep.weight() < 1 || rep.weight() > 1000, at + ".weight", "must be 1 to 1000");
			problems.check(rep.capacity() != null && (rep.capacity() < 0 || rep.capacity() > 100_000), at + ".capacity",
					"must be 0 to 100000");
		}
		problems.throwIfAny();
		replace(new RoutingRules(rules, blankToNull(settings.defaultTeam()), reps, settings.aboutToBreachMinutes()));
		return settings();
	}

	private static String blankToNull(String text) {
		return (text != null && !text.isBlank()) ? text.trim() : null;
	}

	/** Replaces the tenant's routing: its rules, default team, window and reps. */
	void replace(RoutingRules rules) {
		forgetSettings();
		this.jdbc.update(
				"insert into routing_settings (tenant_id, rules, default_team, about_to_breach_minutes, updated_at) "
						+ "values (?, ?::jsonb, ?, ?, ?) on conflict (tenant_id) do update set rules = excluded.rules, "
						+ "default_team = excluded.default_team, "
						+ "about_to_breach_minutes = excluded.about_to_breach_minutes, updated_at = excluded.updated_at",
				TenantContext.require(), this.json.writeValueAsString(rules.rules()), rules.defaultTeam(),
				rules.aboutToBreachMinutes(), Timestamp.from(this.clock.instant()));
		this.jdbc.update("delete from routing_reps");
		this.jdbc.batchUpdate(
				"insert into routing_reps (tenant_id, user_id, weight, capacity, away) values (?, ?, ?, ?, ?)",
				rules.reps(), 100, (statement, rep) -> {
					statement.setObject(1, TenantContext.require());
					statement.setObject(2, rep.userId());
					statement.setInt(3, rep.weight());
					statement.setObject(4, rep.capacity());
					statement.setBoolean(5, rep.away());
				});
	}

	private List<RoutingRules.Rep> reps() {
		return this.jdbc.query("select user_id, weight, capacity, away from routing_reps",
				(rs, row) -> new RoutingRules.Rep(rs.getObject(1, UUID.class), rs.getInt(2), (Integer) rs.getObject(3),
						rs.getBoolean(4)));
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
	 * reps): it waits without an owner, and the team's managers and the admins are told
	 * (the notice and the timeline note are written with the others of the transaction,
	 * before it commits).
	 */
	private void unassigned(Person person, Instant at) {
		String team = team(person);
		Set<UUID> recipients = this.unassignedRecipients.get(HashMap::new)
			.computeIfAbsent(new TeamOf(TenantContext.require(), team), (key) -> {
				Set<UUID> users = new LinkedHashSet<>(this.members.managersOf(team));
				users.addAll(this.members.admins());
				return users;
			});
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("personId", person.id());
		data.put("team", team);
		this.unassignedNotes.add(new Unassigned(
				new Notifications.Notice(recipients, "mql_unassigned",
						"No rep could take a new MQL" + ((person.email() != null) ? " (" + person.email() + ")" : "")
								+ ((team != null) ? " of team " + team : "") + ": it waits in the unassigned queue",
						data),
				new TimelineEntry(person.id(), person.accountId(), at, "note", "owner_unassigned",
						"No rep could take this MQL" + ((team != null) ? " (team " + team + ")" : ""), data)));
	}

	/** The team a person would be routed to, or null for all reps. */
	private String team(Person person) {
		Optional<Account> account = account(person);
		return settings().team(account.map(Account::country).orElse(null), account.map(Account::industry).orElse(null));
	}

	private Optional<Account> account(Person person) {
		return (person.accountId() != null) ? this.accounts.findById(person.accountId()) : Optional.empty();
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

	/**
	 * Gives a person an owner a user chose (or none), records it and tells the new owner.
	 * @param person the person, of the current tenant
	 * @param owner a user of the tenant, or null for none
	 * @param by who chose
	 * @param at when
	 */
	public void assignByUser(Person person, UUID owner, String by, Instant at) {
		if (Objects.equals(owner, person.ownerId())) {
			return;
		}
		if (owner == null) {
			UUID previous = person.ownerId();
			this.writer.assignOwner(person, null);
			this.events.publishEvent(
					new OwnerAssigned(TenantContext.require(), person.id(), null, previous, "unassigned by " + by, at));
			return;
		}
		assign(person, owner, "assigned by a user", "owner_assigned", "Owner assigned by a user", at);
		if (!owner.toString().equals(by)) {
			Map<String, Object> notice = new LinkedHashMap<>();
			notice.put("personId", person.id());
			this.notifications.notify(List.of(owner), "owner_assigned",
					"Assigned to you: " + ((person.email() != null) ? person.email() : "a person"), notice);
		}
	}

	/**
	 * A rep takes an unowned person for themselves, or an admin gives one to a rep, if
	 * nobody owns it yet: the owner is set only where the stored row has none, so of two
	 * takes at once exactly one wins. The assignment is recorded as routing's own are
	 * (the person's open SLA timers follow it, the timeline shows it), and a user given
	 * the person by someone else is told.
	 * @param person the person, of the current tenant
	 * @param owner a user of the tenant
	 * @param by who took it (a user id, or an API key's subject)
	 * @param at when
	 * @return whether it was taken; false when someone else owns the person
	 */
	public boolean take(Person person, UUID owner, String by, Instant at) {
		if (!this.writer.claimOwner(person, owner)) {
			return false;
		}
		boolean self = owner.toString().equals(by);
		recordAssignment(person, owner, null, self ? "taken from the unassigned queue" : "assigned by a user",
				"owner_assigned", self ? "Taken from the unassigned queue" : "Owner assigned by a user", at);
		if (!self) {
			Map<String, Object> notice = new LinkedHashMap<>();
			notice.put("personId", person.id());
			this.notifications.notify(List.of(owner), "owner_assigned",
					"Assigned to you: " + ((person.email() != null) ? person.email() : "a person"), notice);
		}
		return true;
	}

	private void assign(Person person, UUID owner, String reason, String type, String summary, Instant at) {
		UUID previous = person.ownerId();
		this.writer.assignOwner(person, owner);
		recordAssignment(person, owner, previous, reason, type, summary, at);
	}

	/**
	 * What every assignment does once the owner is stored: tells the features that follow
	 * owners (SLA timers, analytics), counts it for round robin, and puts it on the
	 * timeline.
	 */
	private void recordAssignment(Person person, UUID owner, UUID previous, String reason, String type, String summary,
			Instant at) {
		this.events.publishEvent(new OwnerAssigned(TenantContext.require(), person.id(), owner, previous, reason, at));
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
		Optional<Account> account = account(person);
		UUID accountOwner = account.map(Account::ownerId).orElse(null);
		if (accountOwner != null && !accountOwner.equals(excluded) && this.members.exists(accountOwner)) {
			return new Assignment(accountOwner, "account owner");
		}
		RoutingRules settings = settings();
		Optional<RoutingRules.Rule> territory = settings.territory(account.map(Account::country).orElse(null),
				account.map(Account::industry).orElse(null));
		String team = territory.map(RoutingRules.Rule::team).orElse(settings.defaultTeam());
		String reason = territory.map((rule) -> "territory " + rule.team())
			.orElse((team != null) ? "default team " + team : "round robin");
		UUID rep = roundRobin(settings.reps(), team, excluded, settings.aboutToBreach());
		return (rep != null) ? new Assignment(rep, reason + ", weighted round robin") : null;
	}

	/**
	 * The eligible rep of the team with the fewest assignments per unit of weight (ties:
	 * the earliest user). Reps away, at capacity (open MQLs), or holding an MQL about to
	 * breach are not eligible.
	 */
	private UUID roundRobin(List<RoutingRules.Rep> reps, String team, UUID excluded, Duration aboutToBreach) {
		Map<UUID, RoutingRules.Rep> byUser = new HashMap<>();
		reps.forEach((r) -> byUser.put(r.userId(), r));
		List<Members.Member> candidates = this.members.inTeam(team)
			.stream()
			.filter((m) -> byUser.containsKey(m.id()) && !byUser.get(m.id()).away() && !m.id().equals(excluded))
			.toList();
		if (candidates.isEmpty()) {
			return null;
		}
		List<UUID> ids = candidates.stream().map(Members.Member::id).toList();
		Map<UUID, Long> open = new HashMap<>();
		this.people.countOwnedInStage(ids, "MQL").forEach((row) -> open.put((UUID) row[0], (Long) row[1]));
		Set<UUID> breaching = breachingSoon(ids, this.clock.instant().plus(aboutToBreach));
		Map<UUID, Long> assigned = assignmentCounts(ids);
		return candidates.stream()
			.filter((m) -> !breaching.contains(m.id()))
			.filter((m) -> byUser.get(m.id()).capacity() == null
					|| open.getOrDefault(m.id(), 0L) < byUser.get(m.id()).capacity())
			.min(Comparator.comparingDouble(
					(Members.Member m) -> assigned.getOrDefault(m.id(), 0L).doubleValue() / byUser.get(m.id()).weight())
				.thenComparing(Members.Member::createdAt))
			.map(Members.Member::id)
			.orElse(null);
	}

	/**
	 * Of these reps, those holding an open SLA timer due by {@code soon}, from sla's
	 * view.
	 */
	private Set<UUID> breachingSoon(List<UUID> reps, Instant soon) {
		return Set.copyOf(this.jdbc.query((connection) -> {
			PreparedStatement statement = connection
				.prepareStatement("select owner_id from sla_owner_due where owner_id = any(?) and due_at <= ?");
			statement.setArray(1, connection.createArrayOf("uuid", reps.toArray()));
			statement.setTimestamp(2, Timestamp.from(soon));
			return statement;
		}, (rs, row) -> rs.getObject(1, UUID.class)));
	}

	private Map<UUID, Long> assignmentCounts(List<UUID> reps) {
		Map<UUID, Long> counts = new HashMap<>();
		this.jdbc.query((connection) -> {
			PreparedStatement statement = connection.prepareStatement(
					"select user_id, count(*) from routing_assignments where user_id = any(?) group by user_id");
			statement.setArray(1, connection.createArrayOf("uuid", reps.toArray()));
			return statement;
		}, (rs) -> {
			counts.put(rs.getObject(1, UUID.class), rs.getLong(2));
		});
		return counts;
	}

}
