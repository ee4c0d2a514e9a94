package io.revcycle.scoring;

import java.util.List;

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
