package io.revcycle.scoring;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

	/**
	 * What a person's matching activities add up to for one behaviour rule, kept so that
	 * new activities and the passing of time update a score without reading the person's
	 * history again: the points decayed to the latest matching activity, and the rule's
	 * cap already used in that activity's period.
	 *
	 * @param points the points earned, decayed to {@code latest}
	 * @param latest the latest matching activity, in microseconds since the epoch (the
	 * precision activities are stored with)
	 * @param matches how many activities earned points
	 * @param period the cap period of the latest matching activity
	 * @param used the points of the cap used in that period
	 */
	public record RuleSum(double points, long latest, int matches, long period, int used) {
	}

	/**
	 * A score from the person's whole history: its activities up to {@code at} folded in
	 * time order, then decayed to {@code at}.
	 */
	public Score score(Person person, Account account, List<Touch> touches, Instant at) {
		List<Touch> past = touches.stream().filter((t) -> !t.occurredAt().isAfter(at)).toList();
		return evaluate(person, account, fold(Map.of(), past), at);
	}

	/**
	 * Adds activities to a person's running sums, without their history: each activity
	 * earns its points (after the rule's cap) and every sum is carried to the latest
	 * activity by the half-life, so the result is what folding the whole history in time
	 * order gives.
	 * @param sums the running sums so far, by rule id (not changed)
	 * @param touches the new activities, in any order
	 * @return the new sums, or null when an activity is older than the latest one a rule
	 * has already counted (its cap and decay would depend on the order: only a full
	 * recomputation can place it)
	 */
	public Map<String, RuleSum> fold(Map<String, RuleSum> sums, List<Touch> touches) {
		List<Touch> ordered = new ArrayList<>(touches);
		ordered.sort(Comparator.comparing(Touch::occurredAt));
		Map<String, RuleSum> folded = new LinkedHashMap<>(sums);
		for (ScoringDefinition.BehaviourRule rule : this.definition.behaviourRules()) {
			long periodSeconds = (long) (((rule.capPeriodDays() != null) ? rule.capPeriodDays() : 1) * DAY_SECONDS);
			RuleSum sum = folded.get(rule.id());
			for (Touch touch : ordered) {
				if (!matches(rule, touch)) {
					continue;
				}
				long at = micros(touch.occurredAt());
				if (sum != null && at < sum.latest()) {
					return null;
				}
				long period = Math.floorDiv(touch.occurredAt().getEpochSecond(), periodSeconds);
				int used = (sum != null && sum.period() == period) ? sum.used() : 0;
				int raw = rule.points();
				if (rule.cap() != null) {
					int allowed = Math.max(0, Math.min(raw, rule.cap() - used));
					used += allowed;
					raw = (raw < 0) ? raw : allowed;
				}
				double carried = (sum != null) ? sum.points() * decay(sum.latest(), at) : 0;
				int matches = (sum != null) ? sum.matches() : 0;
				sum = new RuleSum(carried + raw, at, (raw != 0) ? matches + 1 : matches, period, used);
			}
			if (sum != null) {
				folded.put(rule.id(), sum);
			}
		}
		return folded;
	}

	/**
	 * A score from running sums, decayed to {@code at}.
	 * @throws IllegalArgumentException when a sum counts an activity after {@code at}
	 */
	public Score evaluate(Person person, Account account, Map<String, RuleSum> sums, Instant at) {
		List<Contribution> contributions = new ArrayList<>();
		double fit = 0;
		for (ScoringDefinition.FitRule rule : this.definition.fitRules()) {
			if (matches(rule, person, account)) {
				fit += rule.points();
				contributions.add(new Contribution(rule.id(), "fit", rule.points(), 1));
			}
		}
		long now = micros(at);
		double behaviour = 0;
		for (ScoringDefinition.BehaviourRule rule : this.definition.behaviourRules()) {
			RuleSum sum = sums.get(rule.id());
			if (sum == null || sum.matches() == 0) {
				continue;
			}
			if (sum.latest() > now) {
				throw new IllegalArgumentException("running sums count an activity after " + at);
			}
			double points = sum.points() * decay(sum.latest(), now);
			behaviour += points;
			contributions.add(new Contribution(rule.id(), "behaviour", Math.round(points * 10) / 10d, sum.matches()));
		}
		return new Score((int) Math.round(fit), (int) Math.round(behaviour), contributions, at);
	}

	/**
	 * The latest activity the sums count, or null when they count none: sums can be
	 * evaluated at any instant from then on.
	 */
	public static Instant latest(Map<String, RuleSum> sums) {
		long latest = sums.values().stream().mapToLong(RuleSum::latest).max().orElse(Long.MIN_VALUE);
		return (latest == Long.MIN_VALUE) ? null : Instant.EPOCH.plus(latest, ChronoUnit.MICROS);
	}

	/** The factor a point has after its age: halves every half-life. */
	private double decay(long fromMicros, long toMicros) {
		double ageDays = Math.max(0, toMicros - fromMicros) / (DAY_SECONDS * 1_000_000);
		return Math.pow(0.5, ageDays / this.definition.halfLifeDays());
	}

	private static long micros(Instant instant) {
		return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
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
