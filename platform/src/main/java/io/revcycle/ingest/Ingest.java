package io.revcycle.ingest;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.revcycle.cycle.StageModelDefinition;
import io.revcycle.kernel.PgArrays;
import io.revcycle.people.IdentityResolution;
import io.revcycle.people.PeopleWriter;
import io.revcycle.people.Person;
import io.revcycle.scoring.Scorer;
import io.revcycle.scoring.Scoring;
import io.revcycle.tenancy.Members;
import io.revcycle.tenancy.TenantContext;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * One call of the event API, in one transaction: skip what was stored before, resolve
 * identities, store the activities (the timeline shows them from there), rescore the
 * people they touched and move them through the cycle.
 */
@Component
class Ingest {

	/** Activities named as the cause of one score change, at most. */
	static final int MAX_CAUSES = 10;

	/** The longest campaign key kept. */
	static final int MAX_CAMPAIGN_KEY = 200;

	private final JdbcTemplate jdbc;

	private final IdentityResolution identities;

	private final Scoring scoring;

	private final JsonMapper json;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final Members members;

	private final PeopleWriter writer;

	Ingest(JdbcTemplate jdbc, IdentityResolution identities, Scoring scoring, JsonMapper json, Clock clock,
			ApplicationEventPublisher events, Members members, PeopleWriter writer) {
		this.writer = writer;
		this.members = members;
		this.jdbc = jdbc;
		this.identities = identities;
		this.scoring = scoring;
		this.json = json;
		this.clock = clock;
		this.events = events;
	}

	@Transactional
	EventIntake.Outcome ingest(List<EventIntake.Incoming> events) {
		UUID tenant = TenantContext.require();
		Instant now = this.clock.instant();
		Map<String, UUID> stored = storedBefore(events);
		List<EventIntake.Incoming> fresh = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (EventIntake.Incoming event : events) {
			if (!stored.containsKey(event.key()) && seen.add(event.key())) {
				fresh.add(event);
			}
		}

		// the persons are written here, all at once, when the batch is done with them
		IdentityResolution.Resolution resolution = this.identities.resolveForBulkWrite(fresh.stream()
			.map((e) -> new IdentityResolution.Claim(lower(e.person().email()), e.person().firstName(),
					e.person().lastName(), e.person().title(), e.person().phone(), e.person().anonymousId(), e.source(),
					e.person().externalId(),
					(e.account() != null) ? new IdentityResolution.AccountClaim(e.account().domain(),
							e.account().name(), e.account().industry(), e.account().employees(),
							e.account().annualRevenue(), e.account().country()) : null,
					e.occurredAt()))
			.toList());

		Map<String, UUID> actors = this.members.resolve(
				fresh.stream().map(EventIntake.Incoming::actor).filter((a) -> a != null).map(String::trim).toList());
		List<ActivitiesRecorded.Activity> activities = new ArrayList<>(fresh.size());
		Map<String, UUID> personOf = new HashMap<>();
		Map<UUID, Person> touched = new LinkedHashMap<>();
		Map<UUID, Map<String, Instant>> eventsOf = new HashMap<>();
		Map<UUID, List<Map<String, Object>>> causes = new HashMap<>();
		Map<UUID, List<Scorer.Touch>> added = new HashMap<>();
		List<Object[]> rows = new ArrayList<>(fresh.size());
		Timestamp received = Timestamp.from(now);
		for (int i = 0; i < fresh.size(); i++) {
			EventIntake.Incoming event = fresh.get(i);
			Person person = resolution.persons().get(i);
			personOf.put(event.key(), person.id());
			touched.put(person.id(), person);
			List<Map<String, Object>> cause = causes.computeIfAbsent(person.id(), (k) -> new ArrayList<>());
			if (cause.size() < MAX_CAUSES) {
				cause.add(Map.of("type", event.type(), "source", event.source(), "externalId", event.externalId()));
			}
			Map<String, Instant> happened = eventsOf.computeIfAbsent(person.id(), (k) -> new HashMap<>());
			happened.merge(event.type(), event.occurredAt(), (a, b) -> a.isAfter(b) ? a : b);
			if ("payment_succeeded".equals(event.type()) && expansion(event.properties())) {
				happened.merge(StageModelDefinition.EXPANSION_PAYMENT, event.occurredAt(),
						(a, b) -> a.isAfter(b) ? a : b);
			}
			// as stored: to the microsecond
			Instant occurred = event.occurredAt().truncatedTo(ChronoUnit.MICROS);
			added.computeIfAbsent(person.id(), (k) -> new ArrayList<>())
				.add(new Scorer.Touch(event.type(), occurred, event.properties()));
			String properties = this.json.writeValueAsString(event.properties());
			UUID actorId = (event.actor() != null) ? actors.get(event.actor().trim()) : null;
			UUID id = UUID.randomUUID();
			String campaign = campaignOf(event);
			activities.add(new ActivitiesRecorded.Activity(id, event.source(), event.externalId(), person.id(),
					event.type(), event.occurredAt(), actorId, campaign, lower(event.person().email()) != null,
					event.money(), references(event)));
			rows.add(new Object[] { id, event.source(), event.externalId(), event.type(), Timestamp.from(occurred),
					person.id(), person.accountId(), campaign, properties, event.actor(), actorId,
					(event.money() != null) ? event.money().amount() : null,
					(event.money() != null) ? event.money().currency() : null });
		}
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement("insert into activities (tenant_id, id, source, "
					+ "external_id, type, occurred_at, received_at, person_id, account_id, campaign, properties, actor, "
					+ "actor_id, amount, currency) select ?, i, s, x, t, o, ?, p, a, c, pr::jsonb, ac, ai, am, cu "
					+ "from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) as r(i, s, x, t, o, p, a, c, pr, ac, ai, am, cu)");
			statement.setObject(1, tenant);
			statement.setTimestamp(2, received);
			String[] types = { "uuid", "text", "text", "text", "timestamptz", "uuid", "uuid", "text", "text", "text",
					"uuid", "numeric", "text" };
			for (int c = 0; c < types.length; c++) {
				int column = c;
				PgArrays.bind(connection, statement, 3 + c, rows,
						new PgArrays.Column<Object[]>(types[c], (row) -> row[column]));
			}
			return statement;
		});

		List<Person> people = new ArrayList<>(touched.values());
		this.scoring.advance(people, resolution.accounts(), added, eventsOf, now,
				(id) -> Scoring.Cause.activities(causes.getOrDefault(id, List.of())));

		if (!activities.isEmpty()) {
			this.events.publishEvent(new ActivitiesRecorded(tenant, activities, now));
		}
		for (int i = 0; i < fresh.size(); i++) {
			EventIntake.Incoming event = fresh.get(i);
			Person payer = resolution.persons().get(i);
			if ("payment_succeeded".equals(event.type())) {
				this.events.publishEvent(new PaymentReceived(tenant, payer.id(), payer.accountId(), event.money(),
						event.occurredAt(), event.source(), event.externalId()));
			}
			else if ("payment_refunded".equals(event.type())) {
				this.events.publishEvent(new PaymentRefunded(tenant, payer.id(), payer.accountId(), event.money(),
						event.occurredAt(), event.source(), event.externalId()));
			}
		}

		this.writer.writeAll(people);

		List<EventIntake.Result> results = new ArrayList<>(events.size());
		Set<String> answered = new HashSet<>();
		int accepted = 0;
		for (EventIntake.Incoming event : events) {
			boolean first = answered.add(event.key());
			if (first && !stored.containsKey(event.key())) {
				accepted++;
				results.add(new EventIntake.Result(event.externalId(),
						resolution.merged().getOrDefault(personOf.get(event.key()), personOf.get(event.key())),
						"accepted"));
			}
			else {
				UUID person = stored.containsKey(event.key()) ? stored.get(event.key()) : personOf.get(event.key());
				results.add(new EventIntake.Result(event.externalId(), person, "duplicate"));
			}
		}
		return new EventIntake.Outcome(accepted, events.size() - accepted, results);
	}

	/** The events of this call stored by an earlier one, with their person. */
	private Map<String, UUID> storedBefore(List<EventIntake.Incoming> events) {
		String[] sources = events.stream().map(EventIntake.Incoming::source).toArray(String[]::new);
		String[] ids = events.stream().map(EventIntake.Incoming::externalId).toArray(String[]::new);
		Map<String, UUID> stored = new HashMap<>();
		this.jdbc.query("select a.source, a.external_id, a.person_id from activities a "
				+ "join unnest(?::text[], ?::text[]) as k(source, external_id) "
				+ "on a.source = k.source and a.external_id = k.external_id", (rs) -> {
					stored.put(rs.getString(1) + "\u0000" + rs.getString(2), rs.getObject(3, UUID.class));
				}, sources, ids);
		return stored;
	}

	/**
	 * Whether a payment's source marks it as an expansion: {@code properties.expansion}
	 * true (or "true").
	 */
	static boolean expansion(Map<String, Object> properties) {
		Object marked = (properties != null) ? properties.get("expansion") : null;
		return Boolean.TRUE.equals(marked) || "true".equals(marked);
	}

	/**
	 * The key of the campaign an event belongs to: its {@code campaign}, else the
	 * {@code utm_campaign} of its properties (as a web form or tracking script passes it
	 * on), trimmed; null when it names none.
	 */
	static String campaignOf(EventIntake.Incoming event) {
		String named = (event.campaign() != null && !event.campaign().isBlank()) ? event.campaign()
				: (event.properties().get("utm_campaign") instanceof String utm) ? utm : null;
		if (named == null || named.isBlank()) {
			return null;
		}
		String key = named.trim();
		return (key.length() > MAX_CAMPAIGN_KEY) ? key.substring(0, MAX_CAMPAIGN_KEY) : key;
	}

	/** The payment references an event's properties give, as text. */
	private static Map<String, String> references(EventIntake.Incoming event) {
		if (event.money() == null) {
			return Map.of();
		}
		Map<String, String> references = new HashMap<>();
		for (String name : ActivitiesRecorded.Activity.REFERENCES) {
			Object value = event.properties().get(name);
			if (value instanceof String text && !text.isBlank()) {
				references.put(name, text.trim());
			}
		}
		return references;
	}

	private static String lower(String email) {
		return (email != null && !email.isBlank()) ? email.trim().toLowerCase(Locale.ROOT) : null;
	}

}
