package io.revcycle.scoring;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.revcycle.cycle.Cycle;
import io.revcycle.kernel.Money;
import io.revcycle.people.Account;
import io.revcycle.people.Accounts;
import io.revcycle.people.People;
import io.revcycle.people.Person;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Replays a tenant's stored history under a model: who would have become an MQL by the
 * model's definition (fit AND behaviour thresholds reached after some activity, scored as
 * of that activity), and what those people actually did next, from the stage history and
 * the payments.
 */
@Component
class Backtest {

	/** Stages at or beyond SQL, Opportunity and Customer, in funnel order. */
	static final List<String> FROM_SQL = List.of("SQL", "Opportunity", "Customer", "Onboarding", "Adopted", "Expansion",
			"Churned");

	static final List<String> FROM_OPPORTUNITY = FROM_SQL.subList(1, FROM_SQL.size());

	static final List<String> FROM_CUSTOMER = FROM_SQL.subList(2, FROM_SQL.size());

	private final People people;

	private final Accounts accounts;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Cycle cycle;

	Backtest(People people, Accounts accounts, JdbcTemplate jdbc, JsonMapper json, Cycle cycle) {
		this.cycle = cycle;
		this.people = people;
		this.accounts = accounts;
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * The figures of one model.
	 *
	 * @param modelId the model
	 * @param version its version
	 * @param mqls how many people would have become MQL
	 * @param reachedSql how many of those reached SQL or later
	 * @param reachedOpportunity how many of those reached Opportunity or later
	 * @param reachedCustomer how many of those became customers
	 * @param revenue the cash they paid, net of refunds, per currency
	 */
	record Figures(UUID modelId, int version, int mqls, int reachedSql, int reachedOpportunity, int reachedCustomer,
			List<Money> revenue) {
	}

	/** Back-tests models on the same history, read once. */
	List<Figures> run(List<ScoringModel> models, List<ScoringDefinition> definitions) {
		Map<UUID, Set<String>> reached = reachedStages();
		Map<UUID, Map<String, BigDecimal>> payments = new HashMap<>();
		List<Set<UUID>> mqls = new ArrayList<>();
		List<Scorer> scorers = new ArrayList<>();
		for (ScoringDefinition definition : definitions) {
			mqls.add(new HashSet<>());
			scorers.add(new Scorer(definition));
		}
		UUID after = new UUID(0, 0);
		while (true) {
			List<Person> chunk = this.people.chunkAfter(after, Limit.of(Rescoring.CHUNK));
			if (chunk.isEmpty()) {
				break;
			}
			after = chunk.get(chunk.size() - 1).id();
			Map<UUID, Account> accounts = new HashMap<>();
			this.accounts.findAllById(chunk.stream().map(Person::accountId).filter((id) -> id != null).toList())
				.forEach((a) -> accounts.put(a.id(), a));
			Map<UUID, List<Scorer.Touch>> touches = touches(chunk, payments);
			for (Person person : chunk) {
				List<Scorer.Touch> history = touches.getOrDefault(person.id(), List.of());
				Account account = (person.accountId() != null) ? accounts.get(person.accountId()) : null;
				for (int m = 0; m < scorers.size(); m++) {
					if (wouldBeMql(scorers.get(m), definitions.get(m), person, account, history)) {
						mqls.get(m).add(person.id());
					}
				}
			}
		}
		List<Figures> figures = new ArrayList<>();
		for (int m = 0; m < models.size(); m++) {
			Set<UUID> found = mqls.get(m);
			Map<String, BigDecimal> revenue = new TreeMap<>();
			found.forEach((id) -> payments.getOrDefault(id, Map.of())
				.forEach((currency, amount) -> revenue.merge(currency, amount, BigDecimal::add)));
			figures.add(new Figures(models.get(m).id(), models.get(m).version(), found.size(),
					count(found, reached, FROM_SQL), count(found, reached, FROM_OPPORTUNITY),
					count(found, reached, FROM_CUSTOMER),
					revenue.entrySet().stream().map((e) -> new Money(e.getValue(), e.getKey())).toList()));
		}
		return figures;
	}

	/**
	 * Money of a stored currency, none for one no longer valid (kept from older data).
	 */
	private static java.util.stream.Stream<Money> money(BigDecimal amount, String currency) {
		try {
			return java.util.stream.Stream.of(new Money(amount, currency));
		}
		catch (IllegalArgumentException ex) {
			return java.util.stream.Stream.empty();
		}
	}

	/**
	 * Whether, after some activity, the score as of that moment met the MQL definition.
	 */
	private static boolean wouldBeMql(Scorer scorer, ScoringDefinition definition, Person person, Account account,
			List<Scorer.Touch> history) {
		if (history.isEmpty()) {
			return false;
		}
		Scorer.Score fit = scorer.score(person, account, List.of(), history.get(0).occurredAt());
		if (fit.fit() < definition.mqlFit()) {
			return false;
		}
		for (Scorer.Touch touch : history) {
			Scorer.Score score = scorer.score(person, account, history, touch.occurredAt());
			if (score.behaviour() >= definition.mqlBehaviour()) {
				return true;
			}
		}
		return false;
	}

	private static int count(Set<UUID> people, Map<UUID, Set<String>> reached, List<String> stages) {
		return (int) people.stream()
			.filter((id) -> reached.getOrDefault(id, Set.of()).stream().anyMatch(stages::contains))
			.count();
	}

	private Map<UUID, Set<String>> reachedStages() {
		return this.cycle.stagesReached();
	}

	@SuppressWarnings("unchecked")
	private Map<UUID, List<Scorer.Touch>> touches(List<Person> chunk, Map<UUID, Map<String, BigDecimal>> payments) {
		Map<UUID, List<Scorer.Touch>> touches = new HashMap<>();
		this.jdbc.query("select person_id, type, occurred_at, properties::text, amount, currency from activity_log "
				+ "where person_id = any(?) order by person_id, occurred_at", (rs) -> {
					UUID person = rs.getObject(1, UUID.class);
					String type = rs.getString(2);
					Map<String, Object> properties = this.json.readValue(rs.getString(4), Map.class);
					touches.computeIfAbsent(person, (k) -> new ArrayList<>())
						.add(new Scorer.Touch(type, rs.getTimestamp(3).toInstant(), properties));
					BigDecimal amount = rs.getBigDecimal(5);
					if (amount != null) {
						// cash collected, net of what was given back
						BigDecimal signed = "payment_refunded".equals(type) ? amount.negate()
								: "payment_succeeded".equals(type) ? amount : BigDecimal.ZERO;
						payments.computeIfAbsent(person, (k) -> new HashMap<>())
							.merge(rs.getString(6), signed, BigDecimal::add);
					}
				}, (Object) chunk.stream().map(Person::id).toArray(UUID[]::new));
		return touches;
	}

}
