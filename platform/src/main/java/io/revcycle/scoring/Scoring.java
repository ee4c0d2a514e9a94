package io.revcycle.scoring;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.revcycle.cycle.Cycle;
import io.revcycle.kernel.PerTransaction;
import io.revcycle.people.Account;
import io.revcycle.people.Accounts;
import io.revcycle.people.PeopleWriter;
import io.revcycle.people.Person;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.timeline.Timeline;
import io.revcycle.timeline.TimelineEntry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Scores people with the tenant's active model, inside the caller's transaction, and
 * records every change in the score ledger (the person's timeline).
 */
@Component
public class Scoring {

	private final ScoringModels models;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Timeline timeline;

	private final Accounts accounts;

	private final Clock clock;

	private final Cycle cycle;

	private final PeopleWriter writer;

	/**
	 * The active model, read once per transaction: a chunk of people or a batch of events
	 * asks for it several times, and each query would make Hibernate flush first.
	 */
	private final PerTransaction<Of<ActiveModel>> activeOfTransaction = new PerTransaction<>();

	Scoring(ScoringModels models, JdbcTemplate jdbc, JsonMapper json, Timeline timeline, Accounts accounts, Clock clock,
			Cycle cycle, PeopleWriter writer) {
		this.writer = writer;
		this.clock = clock;
		this.cycle = cycle;
		this.models = models;
		this.jdbc = jdbc;
		this.json = json;
		this.timeline = timeline;
		this.accounts = accounts;
	}

	/**
	 * The model in force and its definition.
	 *
	 * @param model the model version
	 * @param definition what it says
	 */
	public record ActiveModel(ScoringModel model, ScoringDefinition definition) {
	}

	/**
	 * The tenant's active model; the default model is created (as version 1) on first
	 * use.
	 */
	public ActiveModel active() {
		UUID tenant = TenantContext.require();
		Of<ActiveModel> cached = this.activeOfTransaction.get(() -> new Of<>(tenant, read()));
		if (!cached.tenant().equals(tenant)) {
			this.activeOfTransaction.forget();
			cached = this.activeOfTransaction.get(() -> new Of<>(tenant, read()));
		}
		return cached.value();
	}

	/**
	 * Forgets the active model read in this transaction: another one was just activated.
	 */
	void forgetActive() {
		this.activeOfTransaction.forget();
	}

	private ActiveModel read() {
		ScoringModel model = this.models.findActive().orElseGet(this::createDefault);
		return new ActiveModel(model, definition(model));
	}

	/** A value read for a tenant. */
	private record Of<T>(UUID tenant, T value) {
	}

	/**
	 * Proposes a scoring model for both teams' sign-off (marketing and sales), unless it
	 * says what the active model says already; it never becomes active without them.
	 * @param name the version's name, may be null
	 * @param definition the model
	 * @param actor who proposes it
	 * @return the proposed version's id, or empty when the active model is the same
	 * @throws io.revcycle.kernel.InvalidInput when the model is not usable (naming every
	 * problem by its path)
	 */
	public java.util.Optional<UUID> propose(String name, ScoringDefinition definition, String actor) {
		definition.validate();
		if (definition.equals(active().definition())) {
			return java.util.Optional.empty();
		}
		int version = this.models.maxVersion() + 1;
		ScoringModel model = new ScoringModel(UUID.randomUUID(), version,
				(name != null && !name.isBlank()) ? name.trim() : "Version " + version,
				this.json.writeValueAsString(definition), actor, this.clock.instant());
		model.propose(this.clock.instant());
		this.models.save(model);
		return java.util.Optional.of(model.id());
	}

	/**
	 * Whether a proposed version that says exactly this awaits sign-off, so that
	 * proposing the same model again can be skipped.
	 */
	public boolean awaitingSignOff(ScoringDefinition definition) {
		return this.models.findAll()
			.stream()
			.filter((model) -> model.status() == ScoringModel.Status.PROPOSED)
			.anyMatch((model) -> definition.equals(definition(model)));
	}

	ScoringDefinition definition(ScoringModel model) {
		return this.json.readValue(model.definitionJson(), ScoringDefinition.class);
	}

	private ScoringModel createDefault() {
		ScoringModel model = new ScoringModel(UUID.randomUUID(), 1, "Default",
				this.json.writeValueAsString(ScoringDefinition.defaults()), "system", this.clock.instant());
		model.activate(model.createdAt());
		try {
			return this.models.save(model);
		}
		catch (DataIntegrityViolationException ex) {
			// a concurrent first use created it
			return this.models.findActive().orElseThrow(() -> ex);
		}
	}

	/**
	 * Why a score was recomputed, recorded with every entry of the score ledger.
	 *
	 * @param kind {@code activity} (activities just stored for the person),
	 * {@code model_activation} (a new scoring model), {@code decay} (time passed),
	 * {@code import} (a CSV import changed the person or its account)
	 * @param detail what exactly: the activities, the model
	 */
	public record Cause(String kind, Map<String, Object> detail) {

		/**
		 * Activities just stored for the person, each as {@code type}, {@code source},
		 * {@code externalId}.
		 */
		public static Cause activities(List<Map<String, Object>> activities) {
			return new Cause("activity", Map.of("activities", activities));
		}

		public static Cause imported() {
			return new Cause("import", Map.of());
		}

		static Cause decay() {
			return new Cause("decay", Map.of());
		}

		static Cause activation(ScoringModel model) {
			return new Cause("model_activation", Map.of("modelId", model.id(), "modelVersion", model.version()));
		}

	}

	/**
	 * Rescores people and records the changes in the score ledger, each with its cause.
	 * @param people the people
	 * @param known their accounts, by id, as far as the caller has them; the others are
	 * loaded
	 * @param at the instant to score at
	 * @param causeOf why each person is rescored
	 * @return each person's new score
	 */
	public Map<UUID, Scorer.Score> rescore(Collection<Person> people, Map<UUID, Account> known, Instant at,
			Function<UUID, Cause> causeOf) {
		return rescore(people, known, Map.of(), at, causeOf);
	}

	/**
	 * Rescores people and records the changes in the score ledger, each with its cause. A
	 * person's behaviour score comes from its running sums when they are known for the
	 * active model: the activities just stored are folded in and the sums decayed to
	 * {@code at}, without reading the history. The history is read, and the sums built
	 * again from it, for people whose sums are not known (from before they were kept,
	 * after a merge or an erasure), were kept for another model, or would take an
	 * activity older than one they already count.
	 * @param people the people
	 * @param known their accounts, by id, as far as the caller has them; the others are
	 * loaded
	 * @param added per person, the activities stored for it in this transaction (already
	 * in its history)
	 * @param at the instant to score at
	 * @param causeOf why each person is rescored
	 * @return each person's new score
	 */
	public Map<UUID, Scorer.Score> rescore(Collection<Person> people, Map<UUID, Account> known,
			Map<UUID, List<Scorer.Touch>> added, Instant at, Function<UUID, Cause> causeOf) {
		Map<UUID, Account> accounts = new HashMap<>(known);
		Set<UUID> missing = people.stream()
			.map(Person::accountId)
			.filter((id) -> id != null && !accounts.containsKey(id))
			.collect(Collectors.toSet());
		this.accounts.findAllById(missing).forEach((a) -> accounts.put(a.id(), a));
		ActiveModel active = active();
		Scorer scorer = new Scorer(active.definition());
		Map<UUID, String> stored = this.writer.lockBehaviourSums(people.stream().map(Person::id).toList());
		Map<UUID, Map<String, Scorer.RuleSum>> sums = new HashMap<>();
		List<UUID> unknown = new ArrayList<>();
		for (Person person : people) {
			Map<String, Scorer.RuleSum> onward = onward(scorer, active.model(), stored.get(person.id()),
					added.getOrDefault(person.id(), List.of()), at);
			if (onward != null) {
				sums.put(person.id(), onward);
			}
			else {
				unknown.add(person.id());
			}
		}
		Set<UUID> unkept = new HashSet<>();
		history(unknown).forEach((id, touches) -> {
			List<Scorer.Touch> past = touches.stream().filter((t) -> !t.occurredAt().isAfter(at)).toList();
			if (past.size() < touches.size()) {
				// activities after the instant: the sums of this instant cannot take them
				// later
				unkept.add(id);
			}
			sums.put(id, scorer.fold(Map.of(), past));
		});
		Map<UUID, Scorer.Score> scores = new LinkedHashMap<>();
		List<TimelineEntry> ledger = new ArrayList<>();
		for (Person person : people) {
			Account account = (person.accountId() != null) ? accounts.get(person.accountId()) : null;
			Map<String, Scorer.RuleSum> behaviour = sums.getOrDefault(person.id(), Map.of());
			Scorer.Score score = scorer.evaluate(person, account, behaviour, at);
			scores.put(person.id(), score);
			if (score.fit() != person.fitScore() || score.behaviour() != person.behaviourScore()) {
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("fit", score.fit());
				data.put("behaviour", score.behaviour());
				data.put("fitChange", score.fit() - person.fitScore());
				data.put("behaviourChange", score.behaviour() - person.behaviourScore());
				data.put("model", active.model().id());
				data.put("modelVersion", active.model().version());
				data.put("rules", score.contributions());
				Cause cause = causeOf.apply(person.id());
				data.put("cause", cause.kind());
				data.putAll(cause.detail());
				ledger.add(new TimelineEntry(person.id(), person.accountId(), at, "score", "score_changed",
						"Fit " + score.fit() + " (" + signed(score.fit() - person.fitScore()) + "), behaviour "
								+ score.behaviour() + " (" + signed(score.behaviour() - person.behaviourScore()) + ")",
						data));
			}
			person.scored(score.fit(), score.behaviour(), at, Decay.staleAt(score.behaviour(), active.definition(), at),
					unkept.contains(person.id()) ? null : stored(active.model(), behaviour));
		}
		this.timeline.append(ledger);
		return scores;
	}

	/**
	 * A person's running sums carried on by the activities just added, or null when the
	 * history must be read instead.
	 */
	private Map<String, Scorer.RuleSum> onward(Scorer scorer, ScoringModel model, String stored,
			List<Scorer.Touch> added, Instant at) {
		if (stored == null) {
			return null;
		}
		Kept kept;
		try {
			kept = this.json.readValue(stored, Kept.class);
		}
		catch (tools.jackson.core.JacksonException ex) {
			// sums that cannot be read are rebuilt from the history, never an error
			return null;
		}
		Map<String, Scorer.RuleSum> rules = (kept.rules() != null) ? kept.rules() : Map.of();
		boolean nothingDone = kept.model() == null && rules.isEmpty();
		if (!nothingDone && !model.id().equals(kept.model())) {
			return null;
		}
		if (added.stream().anyMatch((t) -> t.occurredAt().isAfter(at))) {
			return null;
		}
		Map<String, Scorer.RuleSum> onward = scorer.fold(rules, added);
		Instant latest = (onward != null) ? Scorer.latest(onward) : null;
		return (onward == null || (latest != null && latest.isAfter(at))) ? null : onward;
	}

	private String stored(ScoringModel model, Map<String, Scorer.RuleSum> sums) {
		return this.json.writeValueAsString(new Kept(model.id(), sums));
	}

	/**
	 * Running sums as stored on the person: the model they were kept for and each rule's
	 * sum. A person who has done nothing has neither.
	 */
	record Kept(UUID model, Map<String, Scorer.RuleSum> rules) {
	}

	/**
	 * Rescores people, then moves them through the cycle by their new scores and what
	 * just happened to them: the one way a change to people (new activities, an import, a
	 * new model) reaches their stage.
	 * @param people the people, of the current tenant
	 * @param known their accounts, by id, as far as the caller has them
	 * @param events per person, the activity types that just happened, each with when the
	 * latest of its kind occurred
	 * @param at the instant to score at
	 * @param causeOf why each person is rescored, for the ledger
	 * @return the stage moves made
	 */
	public List<Cycle.Move> advance(Collection<Person> people, Map<UUID, Account> known,
			Map<UUID, Map<String, Instant>> events, Instant at, Function<UUID, Cause> causeOf) {
		return advance(people, known, Map.of(), events, at, causeOf);
	}

	/**
	 * Rescores people with the activities just stored for them, then moves them through
	 * the cycle (see {@link #advance(Collection, Map, Map, Instant, Function)}).
	 * @param added per person, the activities stored for it in this transaction
	 */
	public List<Cycle.Move> advance(Collection<Person> people, Map<UUID, Account> known,
			Map<UUID, List<Scorer.Touch>> added, Map<UUID, Map<String, Instant>> events, Instant at,
			Function<UUID, Cause> causeOf) {
		rescore(people, known, added, at, causeOf);
		return this.cycle.evaluate(
				people.stream().map((p) -> new Cycle.Facts(p, events.getOrDefault(p.id(), Map.of()))).toList(),
				active().definition().thresholds(), at);
	}

	/** A person's score now, with its explanation, without storing it. */
	public Scorer.Score explain(Person person, Account account, Instant at) {
		ActiveModel active = active();
		return new Scorer(active.definition()).score(person, account,
				touches(List.of(person.id()), at).getOrDefault(person.id(), List.of()), at);
	}

	/** People's whole histories, activities after now included. */
	private Map<UUID, List<Scorer.Touch>> history(List<UUID> personIds) {
		return touches(personIds, LATEST);
	}

	@SuppressWarnings("unchecked")
	private Map<UUID, List<Scorer.Touch>> touches(List<UUID> personIds, Instant at) {
		Map<UUID, List<Scorer.Touch>> touches = new HashMap<>();
		if (personIds.isEmpty()) {
			return touches;
		}
		this.jdbc.query("select person_id, type, occurred_at, properties::text from activity_log "
				+ "where person_id = any(?) and occurred_at <= ?", (rs) -> {
					touches.computeIfAbsent(rs.getObject(1, UUID.class), (k) -> new ArrayList<>())
						.add(new Scorer.Touch(rs.getString(2), rs.getTimestamp(3).toInstant(),
								this.json.readValue(rs.getString(4), Map.class)));
				}, personIds.toArray(UUID[]::new), Timestamp.from(at));
		return touches;
	}

	/** Later than any stored activity, and within what PostgreSQL stores. */
	private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

	private static String signed(int change) {
		return (change >= 0) ? "+" + change : Integer.toString(change);
	}

}
