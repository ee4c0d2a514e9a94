package io.revcycle.config;

import java.util.List;
import java.util.Map;

import io.revcycle.cycle.StageModelDefinition;
import io.revcycle.kernel.Money;
import io.revcycle.notifications.AlertRule;
import io.revcycle.routing.RoutingRules;
import io.revcycle.scoring.ScoringDefinition;
import io.revcycle.sla.SlaTerms;

/**
 * A tenant's configuration as one document. Users are named by email and teams by name,
 * never by id, so the document applies to another tenant as well. It never holds a
 * secret. A section left out (or null) is left as it is when the document is applied.
 *
 * @param version the version of the document's format, {@value #VERSION}
 * @param stageModel the stage model in force: stages (with their plain-language
 * definition, entry and exit criteria), transitions and fast-track window
 * @param scoring the active scoring model
 * @param sla the SLA policies and the business calendar
 * @param routing territory rules, default team and the reps of round robin
 * @param alerts the alert rules: who is alerted of payments, refunds and new customers
 * @param webhooks the webhook endpoints, without their signing secrets
 * @param campaigns the campaigns and their monthly costs
 * @param connectors the connector instances, without the values of secret fields
 * @param revenue the reporting currency, FX rates and attribution lookback
 */
record ConfigDocument(Integer version, StageModelDefinition stageModel, ScoringDefinition scoring, SlaTerms sla,
		Routing routing, List<Alert> alerts, List<Webhook> webhooks, List<Campaign> campaigns,
		List<Connector> connectors, Revenue revenue) {

	/** The version of the format this platform writes and reads. */
	static final int VERSION = 1;

	/**
	 * Routing, with reps grouped by the team they belong to.
	 *
	 * @param rules territory rules, tried in order
	 * @param defaultTeam the team of MQLs no rule matches, or null for all reps
	 * @param aboutToBreachMinutes reps holding an MQL due within this many minutes are
	 * skipped; null for the default
	 * @param teams the reps of each team (the team is the user's, set with the user)
	 * @param reps the reps who belong to no team
	 */
	record Routing(List<RoutingRules.Rule> rules, String defaultTeam, Integer aboutToBreachMinutes, List<Team> teams,
			List<Rep> reps) {
	}

	/**
	 * A team and its reps.
	 *
	 * @param name the team's name
	 * @param reps its reps in round robin
	 */
	record Team(String name, List<Rep> reps) {
	}

	/**
	 * A rep's part in round robin.
	 *
	 * @param email the user's email
	 * @param weight their share, 1 to 1000
	 * @param capacity the most open MQLs they hold, or null for no limit
	 * @param away whether they are skipped
	 */
	record Rep(String email, int weight, Integer capacity, boolean away) {
	}

	/**
	 * An alert rule, known by its name (whatever its case).
	 *
	 * @param name the rule's name
	 * @param event {@code payment_received}, {@code payment_refunded} or
	 * {@code customer_created}
	 * @param enabled whether it alerts; null means true
	 * @param conditions what the event must match, or null for every one
	 * @param recipients who is alerted
	 */
	record Alert(String name, String event, Boolean enabled, AlertRule.Conditions conditions,
			AlertRecipients recipients) {
	}

	/**
	 * Who an alert rule alerts, users named by email.
	 *
	 * @param owner the account's owner, else the person's owner
	 * @param ownerManager that owner's manager
	 * @param roles every active user with one of these roles
	 * @param users these users, by email
	 * @param fallbackToAdmins whether the admins are alerted when nobody else is; null
	 * means true
	 */
	record AlertRecipients(Boolean owner, Boolean ownerManager, List<String> roles, List<String> users,
			Boolean fallbackToAdmins) {
	}

	/**
	 * A webhook endpoint, known by its URL.
	 *
	 * @param url where deliveries go
	 * @param eventTypes the event types it subscribes to
	 * @param description the tenant's note, or null
	 * @param active whether it receives deliveries; null means true
	 */
	record Webhook(String url, List<String> eventTypes, String description, Boolean active) {
	}

	/**
	 * A campaign, known by its key (whatever its case).
	 *
	 * @param key the key events name it by
	 * @param name its name; null means the key
	 * @param channel its channel, or null
	 * @param costs what it cost, month by month
	 */
	record Campaign(String key, String name, String channel, List<Cost> costs) {
	}

	/**
	 * A month's cost.
	 *
	 * @param month the month, {@code 2026-11}
	 * @param amount what the campaign cost that month
	 */
	record Cost(String month, Money amount) {
	}

	/**
	 * A connector instance, known by its name.
	 *
	 * @param name the tenant's name for it
	 * @param connector the connector (plugin) id
	 * @param config the values of its fields that are not secret
	 * @param pollEverySeconds how often it is polled, or null for never
	 * @param enabled whether it takes webhooks, polls and actions; null means true
	 */
	record Connector(String name, String connector, Map<String, String> config, Integer pollEverySeconds,
			Boolean enabled) {
	}

	/**
	 * The revenue settings.
	 *
	 * @param reportingCurrency the currency reports are in
	 * @param fxRates per other currency, the reporting-currency units one unit is worth
	 * @param attributionLookbackDays how many days before a payment a touch still earns
	 * credit
	 */
	record Revenue(String reportingCurrency, Map<String, String> fxRates, Integer attributionLookbackDays) {
	}

}
