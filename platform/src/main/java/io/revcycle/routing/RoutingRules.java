package io.revcycle.routing;

import java.util.List;
import java.util.UUID;

/**
 * A tenant's routing.
 *
 * @param rules territory rules, tried in order
 * @param defaultTeam the team of MQLs no rule matches, or null for all reps
 * @param reps how each rep takes part
 * @param aboutToBreachMinutes a rep holding an open MQL due within this many minutes is
 * skipped: they have work that cannot wait; null means
 * {@value #DEFAULT_ABOUT_TO_BREACH_MINUTES}, 0 skips nobody
 */
public record RoutingRules(List<Rule> rules, String defaultTeam, List<Rep> reps, Integer aboutToBreachMinutes) {

	/** The about-to-breach window when the tenant sets none. */
	public static final int DEFAULT_ABOUT_TO_BREACH_MINUTES = 60;

	/** The about-to-breach window in force. */
	public java.time.Duration aboutToBreach() {
		return java.time.Duration.ofMinutes(
				(this.aboutToBreachMinutes != null) ? this.aboutToBreachMinutes : DEFAULT_ABOUT_TO_BREACH_MINUTES);
	}

	/**
	 * The first territory rule an account with this country and industry matches.
	 * @param country the account's country, or null (no account, or none known)
	 * @param industry the account's industry, or null
	 */
	public java.util.Optional<Rule> territory(String country, String industry) {
		return this.rules.stream().filter((rule) -> rule.matches(country, industry)).findFirst();
	}

	/**
	 * The team routing sends an MQL of an account with this country and industry to: the
	 * first matching territory rule's, else the default team; null means every rep.
	 */
	public String team(String country, String industry) {
		return territory(country, industry).map(Rule::team).orElse(this.defaultTeam);
	}

	/**
	 * Whether routing may send an MQL of {@code leadTeam} to a rep of {@code repTeam}: an
	 * MQL of no team goes to any rep, one of a team only to its members
	 * (case-insensitive).
	 */
	public static boolean reaches(String leadTeam, String repTeam) {
		return leadTeam == null || leadTeam.equalsIgnoreCase(repTeam);
	}

	/**
	 * A territory rule: MQLs whose account matches go to a team. An empty list matches
	 * anything.
	 *
	 * @param countries ISO country codes
	 * @param industries industries, case-insensitive
	 * @param team the team (a user's {@code team})
	 */
	public record Rule(List<String> countries, List<String> industries, String team) {

		/**
		 * Whether an account with this country and industry (either may be null) matches.
		 */
		public boolean matches(String country, String industry) {
			return matches(this.countries, country) && matches(this.industries, industry);
		}

		private static boolean matches(List<String> allowed, String value) {
			return allowed == null || allowed.isEmpty()
					|| (value != null && allowed.stream().anyMatch((a) -> a.equalsIgnoreCase(value)));
		}

	}

	/**
	 * A rep's part in round robin.
	 *
	 * @param userId the user
	 * @param weight their share: a rep of weight 2 gets twice the MQLs of a rep of weight
	 * 1
	 * @param capacity the most open MQLs they may hold, or null for no limit
	 * @param away whether they are away (skipped)
	 */
	public record Rep(UUID userId, int weight, Integer capacity, boolean away) {
	}

}
