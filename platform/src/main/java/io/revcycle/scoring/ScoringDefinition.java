package io.revcycle.scoring;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.revcycle.kernel.InvalidInput;

import io.revcycle.cycle.Cycle;

/**
 * What a scoring model says: fit rules (who they are), behaviour rules (what they do),
 * how fast behaviour decays, and the thresholds of the stages marketing and sales agreed
 * on.
 *
 * @param fitRules rules on person and account attributes
 * @param behaviourRules rules on activities
 * @param halfLifeDays behaviour points halve after this many days
 * @param engagedThreshold behaviour score from which a person is Engaged
 * @param targetThreshold fit score from which a person is a Target
 * @param mqlFit the fit score an MQL needs
 * @param mqlBehaviour the behaviour score an MQL needs (both are required)
 */
public record ScoringDefinition(List<FitRule> fitRules, List<BehaviourRule> behaviourRules, double halfLifeDays,
		int engagedThreshold, int targetThreshold, int mqlFit, int mqlBehaviour) {

	/**
	 * A fit rule. {@code attribute} is one of {@code person.title},
	 * {@code person.emailDomain}, {@code account.industry}, {@code account.employees},
	 * {@code account.annualRevenue}, {@code account.country}, {@code account.domain}.
	 *
	 * @param id a stable name, shown in explanations
	 * @param attribute what is tested
	 * @param operator {@code in} (one of {@code values}, case-insensitive),
	 * {@code between} ({@code min} to {@code max} inclusive), {@code matches} (the
	 * regular expression {@code pattern}), {@code personal} (the email domain is a
	 * personal mailbox)
	 * @param values for {@code in}
	 * @param min for {@code between}, may be null
	 * @param max for {@code between}, may be null
	 * @param pattern for {@code matches}
	 * @param points the points, negative to penalise
	 */
	public record FitRule(String id, String attribute, String operator, List<String> values, Double min, Double max,
			String pattern, int points) {
	}

	/**
	 * A behaviour rule: points for each activity of a type, optionally only where a
	 * property contains a text, capped per period.
	 *
	 * @param id a stable name, shown in explanations
	 * @param type the activity type
	 * @param property a property the activity must have, may be null
	 * @param contains a text that property must contain (case-insensitive), may be null
	 * @param points points per matching activity
	 * @param cap the most points the rule gives per period, may be null for no cap
	 * @param capPeriodDays the period of the cap in days (default 1)
	 */
	public record BehaviourRule(String id, String type, String property, String contains, int points, Integer cap,
			Integer capPeriodDays) {
	}

	private static final Set<String> FIT_ATTRIBUTES = Set.of("person.title", "person.emailDomain", "account.industry",
			"account.employees", "account.annualRevenue", "account.country", "account.domain");

	private static final Set<String> OPERATORS = Set.of("in", "between", "matches", "personal");

	/** The longest regular expression a fit rule may hold. */
	static final int MAX_PATTERN = 500;

	/** Checks a whole definition; every problem is named by its path. */
	void validate() {
		ScoringDefinition definition = this;
		InvalidInput.Collector problems = new InvalidInput.Collector();
		problems.check(definition.fitRules() == null, "definition.fitRules", "is required (may be empty)");
		problems.check(definition.behaviourRules() == null, "definition.behaviourRules", "is required (may be empty)");
		problems.check(!(definition.halfLifeDays() > 0 && definition.halfLifeDays() <= 3650), "definition.halfLifeDays",
				"must be more than 0 and at most 3650 days");
		for (String threshold : List.of("engagedThreshold", "targetThreshold", "mqlFit", "mqlBehaviour")) {
			int value = switch (threshold) {
				case "engagedThreshold" -> definition.engagedThreshold();
				case "targetThreshold" -> definition.targetThreshold();
				case "mqlFit" -> definition.mqlFit();
				default -> definition.mqlBehaviour();
			};
			problems.check(value < -100_000 || value > 100_000, "definition." + threshold,
					"must be between -100000 and 100000");
		}
		Set<String> ids = new HashSet<>();
		for (int i = 0; definition.fitRules() != null && i < definition.fitRules().size(); i++) {
			ScoringDefinition.FitRule rule = definition.fitRules().get(i);
			String at = "definition.fitRules[" + i + "]";
			if (problems.check(rule == null, at, "must be a rule")) {
				continue;
			}
			checkId(rule.id(), at, ids, problems);
			problems.check(rule.points() < -1000 || rule.points() > 1000, at + ".points", "must be -1000 to 1000");
			if (problems.check(rule.operator() == null || !OPERATORS.contains(rule.operator()), at + ".operator",
					"must be one of " + new TreeSet<>(OPERATORS))) {
				continue;
			}
			problems.check(
					!"personal".equals(rule.operator())
							&& (rule.attribute() == null || !FIT_ATTRIBUTES.contains(rule.attribute())),
					at + ".attribute", "must be one of " + new TreeSet<>(FIT_ATTRIBUTES));
			problems.check(
					"in".equals(rule.operator()) && (rule.values() == null || rule.values().isEmpty()
							|| rule.values().stream().anyMatch((v) -> v == null || v.length() > 200)),
					at + ".values", "'in' needs at least one value, each at most 200 characters");
			problems.check("between".equals(rule.operator()) && rule.min() == null && rule.max() == null, at,
					"'between' needs min and/or max");
			if ("matches".equals(rule.operator())) {
				boolean valid = rule.pattern() != null && !rule.pattern().isEmpty()
						&& rule.pattern().length() <= MAX_PATTERN;
				if (valid) {
					try {
						Pattern.compile(rule.pattern());
					}
					catch (PatternSyntaxException ex) {
						valid = false;
					}
				}
				problems.check(!valid, at + ".pattern",
						"must be a regular expression of at most " + MAX_PATTERN + " characters");
			}
		}
		for (int i = 0; definition.behaviourRules() != null && i < definition.behaviourRules().size(); i++) {
			ScoringDefinition.BehaviourRule rule = definition.behaviourRules().get(i);
			String at = "definition.behaviourRules[" + i + "]";
			if (problems.check(rule == null, at, "must be a rule")) {
				continue;
			}
			checkId(rule.id(), at, ids, problems);
			problems.check(rule.type() == null || !rule.type().matches("[a-z][a-z0-9_]{1,63}"), at + ".type",
					"is required: a lowercase activity type such as page_view");
			problems.check(rule.points() < -1000 || rule.points() > 1000, at + ".points", "must be -1000 to 1000");
			problems.check(rule.property() != null && (rule.property().isBlank() || rule.property().length() > 100),
					at + ".property", "must be a property name of at most 100 characters");
			problems.check(rule.contains() != null && rule.contains().length() > 200, at + ".contains",
					"must be at most 200 characters");
			problems.check(rule.cap() != null && (rule.cap() < 0 || rule.cap() > 100_000), at + ".cap",
					"must be 0 to 100000");
			problems.check(rule.capPeriodDays() != null && (rule.capPeriodDays() < 1 || rule.capPeriodDays() > 3650),
					at + ".capPeriodDays", "must be 1 to 3650");
		}
		problems.throwIfAny();
	}

	private static void checkId(String id, String at, Set<String> ids, InvalidInput.Collector problems) {
		if (!problems.check(id == null || id.isBlank() || id.length() > 100, at + ".id",
				"is required (a name of at most 100 characters)")) {
			problems.check(!ids.add(id), at + ".id", "'" + id + "' names two rules");
		}
	}

	/** The thresholds the stage model's automatic transitions test. */
	public Cycle.Thresholds thresholds() {
		return new Cycle.Thresholds(this.engagedThreshold, this.targetThreshold, this.mqlFit, this.mqlBehaviour);
	}

	/** The default model every tenant starts with. */
	public static ScoringDefinition defaults() {
		return new ScoringDefinition(List.of(new FitRule("target-industry", "account.industry", "in",
				List.of("Software", "SaaS", "Information Technology", "Financial Services"), null, null, null, 20),
				new FitRule("company-size", "account.employees", "between", null, 50.0, 5000.0, null, 15),
				new FitRule("decision-maker", "person.title", "matches", null, null, null,
						"(?i).*\\b(vp|vice president|head|director|chief|c[etfom]o|founder|owner)\\b.*", 10),
				new FitRule("target-country", "account.country", "in",
						List.of("US", "GB", "DE", "FR", "NL", "CA", "AU"), null, null, null, 5),
				new FitRule("personal-mailbox", "person.emailDomain", "personal", null, null, null, null, -20)),
				List.of(new BehaviourRule("pricing-page", "page_view", "url", "/pricing", 20, 40, 1),
						new BehaviourRule("page-view", "page_view", null, null, 1, 10, 1),
						new BehaviourRule("content-download", "content_downloaded", null, null, 15, 45, 7),
						new BehaviourRule("form-submitted", "form_submitted", null, null, 10, 30, 7),
						new BehaviourRule("email-click", "email_clicked", null, null, 5, 15, 7),
						new BehaviourRule("email-open", "email_opened", null, null, 1, 5, 7),
						new BehaviourRule("meeting", "meeting_held", null, null, 25, null, null),
						new BehaviourRule("inbound-call", "call_inbound", null, null, 25, null, null),
						new BehaviourRule("demo-request", "demo_requested", null, null, 30, null, null),
						new BehaviourRule("unsubscribed", "email_unsubscribed", null, null, -15, null, null)),
				30, 15, 30, 30, 30);
	}

}
