package io.revcycle.scoring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.revcycle.people.Account;
import io.revcycle.people.Person;
import io.revcycle.people.PersonalDomains;

/**
 * Computes a score from a model, a person, its account and its activities, at an instant.
 * Pure: the same inputs give the same score, and decay is computed from the activities'
 * own times, so no nightly job is needed.
 */
public final class Scorer {

	private static final double DAY_SECONDS = 86_400d;

	private final ScoringDefinition definition;

	private final Map<String, Pattern> patterns = new HashMap<>();

	public Scorer(ScoringDefinition definition) {
		this.definition = definition;
	}

	/**
	 * An activity as the scorer sees it.
	 *
	 * @param type the type
	 * @param occurredAt when it happened
	 * @param properties its properties
	 */
	public record Touch(String type, Instant occurredAt, Map<String, Object> properties) {
	}

	/**
	 * What one rule contributed.
	 *
	 * @param rule the rule id
	 * @param kind {@code fit} or {@code behaviour}
	 * @param points the points, after caps and decay
	 * @param matches how many activities matched (behaviour rules)
	 */
	public record Contribution(String rule, String kind, double points, int matches) {
	}

	/**
	 * A score with its explanation.
	 *
	 * @param fit the fit score
	 * @param behaviour the behaviour score, decayed to {@code at}
	 * @param contributions every rule that contributed
	 * @param at when it was computed
	 */
	public record Score(int fit, int behaviour, List<Contribution> contributions, Instant at) {
	}

	/** Scores a person. */
	public Score score(Person person, Account account, List<Touch> touches, Instant at) {
		List<Contribution> contributions = new ArrayList<>();
		double fit = 0;
		for (ScoringDefinition.FitRule rule : this.definition.fitRules()) {
			if (matches(rule, person, account)) {
				fit += rule.points();
				contributions.add(new Contribution(rule.id(), "fit", rule.points(), 1));
			}
		}
		double behaviour = 0;
		List<Touch> ordered = new ArrayList<>(touches);
		ordered.sort(Comparator.comparing(Touch::occurredAt));
		for (ScoringDefinition.BehaviourRule rule : this.definition.behaviourRules()) {
			double points = 0;
			int count = 0;
			Map<Long, Integer> usedPerPeriod = new LinkedHashMap<>();
			long periodSeconds = (long) (((rule.capPeriodDays() != null) ? rule.capPeriodDays() : 1) * DAY_SECONDS);
			for (Touch touch : ordered) {
				if (touch.occurredAt().isAfter(at) || !matches(rule, touch)) {
					continue;
				}
				int raw = rule.points();
				if (rule.cap() != null) {
					long period = Math.floorDiv(touch.occurredAt().getEpochSecond(), periodSeconds);
					int used = usedPerPeriod.getOrDefault(period, 0);
					int allowed = Math.max(0, Math.min(raw, rule.cap() - used));
					usedPerPeriod.put(period, used + allowed);
					raw = (raw < 0) ? raw : allowed;
				}
				if (raw == 0) {
					continue;
				}
				count++;
				points += raw * decay(touch.occurredAt(), at);
			}
			if (count > 0) {
				behaviour += points;
				contributions.add(new Contribution(rule.id(), "behaviour", Math.round(points * 10) / 10d, count));
			}
		}
		return new Score((int) Math.round(fit), (int) Math.round(behaviour), contributions, at);
	}

	/** The factor a point has after its age: halves every half-life. */
	double decay(Instant occurredAt, Instant at) {
		double ageDays = Math.max(0, Duration.between(occurredAt, at).getSeconds()) / DAY_SECONDS;
		return Math.pow(0.5, ageDays / this.definition.halfLifeDays());
	}

	private boolean matches(ScoringDefinition.BehaviourRule rule, Touch touch) {
		if (!rule.type().equals(touch.type())) {
			return false;
		}
		if (rule.property() == null) {
			return true;
		}
		Object value = (touch.properties() != null) ? touch.properties().get(rule.property()) : null;
		if (value == null) {
			return false;
		}
		return rule.contains() == null
				|| String.valueOf(value).toLowerCase(Locale.ROOT).contains(rule.contains().toLowerCase(Locale.ROOT));
	}

	private boolean matches(ScoringDefinition.FitRule rule, Person person, Account account) {
		if ("personal".equals(rule.operator())) {
			return PersonalDomains.isPersonal(person.emailDomain());
		}
		Object value = attribute(rule.attribute(), person, account);
		if (value == null) {
			return false;
		}
		return switch (rule.operator()) {
			case "in" -> rule.values().stream().anyMatch((v) -> v.equalsIgnoreCase(String.valueOf(value)));
			case "between" -> {
				double number = ((Number) value).doubleValue();
				yield (rule.min() == null || number >= rule.min()) && (rule.max() == null || number <= rule.max());
			}
			case "matches" ->
				matchesBounded(this.patterns.computeIfAbsent(rule.pattern(), Pattern::compile), String.valueOf(value));
			default -> false;
		};
	}

	/**
	 * Whether a pattern matches, giving up (no match) after a bounded amount of work: a
	 * tenant's regular expression that backtracks catastrophically must not take a CPU.
	 */
	static boolean matchesBounded(Pattern pattern, String text) {
		try {
			return pattern.matcher(new BoundedText(text, MATCH_BUDGET)).matches();
		}
		catch (BoundedText.Exhausted ex) {
			return false;
		}
	}

	/** Characters a match may read before it is given up. */
	static final long MATCH_BUDGET = 1_000_000;

	/** Text that counts the characters read from it and gives up past a budget. */
	private static final class BoundedText implements CharSequence {

		static final class Exhausted extends RuntimeException {

			Exhausted() {
				super("match budget exhausted", null, false, false);
			}

		}

		private final String text;

		private final long[] budget;

		BoundedText(String text, long budget) {
			this(text, new long[] { budget });
		}

		private BoundedText(String text, long[] budget) {
			this.text = text;
			this.budget = budget;
		}

		@Override
		public char charAt(int index) {
			if (--this.budget[0] < 0) {
				throw new Exhausted();
			}
			return this.text.charAt(index);
		}

		@Override
		public int length() {
			return this.text.length();
		}

		@Override
		public CharSequence subSequence(int start, int end) {
			return new BoundedText(this.text.substring(start, end), this.budget);
		}

		@Override
		public String toString() {
			return this.text;
		}

	}

	private static Object attribute(String attribute, Person person, Account account) {
		return switch (attribute) {
			case "person.title" -> person.title();
			case "person.emailDomain" -> person.emailDomain();
			case "account.industry" -> (account != null) ? account.industry() : null;
			case "account.employees" -> (account != null) ? account.employees() : null;
			case "account.annualRevenue" -> (account != null) ? account.annualRevenue() : null;
			case "account.country" -> (account != null) ? account.country() : null;
			case "account.domain" -> (account != null) ? account.domain() : null;
			default -> null;
		};
	}

}
