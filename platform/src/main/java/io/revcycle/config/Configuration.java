package io.revcycle.config;

import java.math.BigDecimal;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.revcycle.connectors.ConnectorConfigurations;
import io.revcycle.cycle.Cycle;
import io.revcycle.cycle.StageModelDefinition;
import io.revcycle.kernel.Audited;
import io.revcycle.kernel.Conflict;
import io.revcycle.kernel.InvalidInput;
import io.revcycle.kernel.Money;
import io.revcycle.notifications.AlertRule;
import io.revcycle.notifications.AlertRules;
import io.revcycle.revenue.Campaigns;
import io.revcycle.revenue.RevenueSettings;
import io.revcycle.routing.Routing;
import io.revcycle.routing.RoutingRules;
import io.revcycle.scoring.Scoring;
import io.revcycle.sla.SlaPolicies;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.tenancy.TenantPrincipal;
import io.revcycle.webhooks.WebhookSubscriptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the tenant's configuration as one document, and applies a document in one
 * transaction through each feature's own checks and write paths. Problems of every
 * section are collected, each named by its path in the document, and nothing is changed
 * when there is one. A stage or scoring model that differs from the one in force becomes
 * a proposal that marketing and sales sign, never a model in force; the same proposal is
 * never made twice. A dry run does all of it and rolls it back.
 */
@Component
class Configuration {

	private final Cycle cycle;

	private final Scoring scoring;

	private final SlaPolicies sla;

	private final Routing routing;

	private final AlertRules alerts;

	private final WebhookSubscriptions webhooks;

	private final Campaigns campaigns;

	private final RevenueSettings revenue;

	private final ConnectorConfigurations connectors;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final TransactionTemplate tx;

	private final ApplicationEventPublisher events;

	Configuration(Cycle cycle, Scoring scoring, SlaPolicies sla, Routing routing, AlertRules alerts,
			WebhookSubscriptions webhooks, Campaigns campaigns, RevenueSettings revenue,
			ConnectorConfigurations connectors, JdbcTemplate jdbc, JsonMapper json, TransactionTemplate tx,
			ApplicationEventPublisher events) {
		this.cycle = cycle;
		this.scoring = scoring;
		this.sla = sla;
		this.routing = routing;
		this.alerts = alerts;
		this.webhooks = webhooks;
		this.campaigns = campaigns;
		this.revenue = revenue;
		this.connectors = connectors;
		this.jdbc = jdbc;
		this.json = json;
		this.tx = tx;
		this.events = events;
	}

	/**
	 * What an apply did, or would do.
	 *
	 * @param dryRun whether it was a dry run, which changed nothing
	 * @param changes every change, in document order; those marked {@code proposal} wait
	 * for marketing's and sales' sign-off
	 * @param proposals the model versions proposed (ids only when really applied)
	 */
	record Result(boolean dryRun, List<ConfigDiff.Change> changes, List<Proposal> proposals) {
	}

	/**
	 * A model version proposed for sign-off.
	 *
	 * @param section {@code stageModel} or {@code scoring}
	 * @param id the version, null in a dry run
	 * @param approve where marketing and sales approve it
	 */
	record Proposal(String section, UUID id, String approve) {
	}

	/** The tenant's configuration, read in one transaction. */
	ConfigDocument read() {
		return this.tx.execute((status) -> current());
	}

	/** The document as a tree, without null fields: how it is written and compared. */
	JsonNode tree(Object value) {
		return strip(this.json.valueToTree(value));
	}

	/**
	 * Applies a document, or (dry run) finds what applying it would change.
	 * @throws InvalidInput naming every problem by its path; nothing is changed then
	 */
	Result apply(ConfigDocument document, boolean dryRun) {
		return this.tx.execute((status) -> {
			Result result = applyInTransaction(document, dryRun);
			if (dryRun) {
				status.setRollbackOnly();
			}
			return result;
		});
	}

	private Result applyInTransaction(ConfigDocument doc, boolean dryRun) {
		ConfigDocument before = current();
		InvalidInput.Collector problems = new InvalidInput.Collector();
		problems.check(doc.version() != null && doc.version() != ConfigDocument.VERSION, "version",
				"must be " + ConfigDocument.VERSION + " (the format this platform reads)");
		List<ConfigDiff.Change> proposed = new ArrayList<>();
		List<Proposal> proposals = new ArrayList<>();
		String actor = TenantContext.principal().map(TenantPrincipal::subject).orElse(null);
		if (doc.stageModel() != null) {
			section(problems, "stageModel", () -> {
				if (!doc.stageModel().equals(this.cycle.definition())
						&& !this.cycle.awaitingSignOff(doc.stageModel())) {
					this.cycle.propose("From configuration", doc.stageModel(), actor).ifPresent((id) -> {
						proposed.addAll(ConfigDiff.between("stageModel", tree(before.stageModel()),
								tree(doc.stageModel()), true));
						proposals.add(new Proposal("stageModel", dryRun ? null : id,
								dryRun ? null : "/api/v1/stage-models/" + id + "/approvals"));
						if (!dryRun) {
							this.events.publishEvent(new Audited("stage_model.proposed", "stage-model:" + id,
									before.stageModel(), doc.stageModel()));
						}
					});
				}
			});
		}
		if (doc.scoring() != null) {
			section(problems, "scoring", () -> {
				if (!doc.scoring().equals(this.scoring.active().definition())
						&& !this.scoring.awaitingSignOff(doc.scoring())) {
					this.scoring.propose("From configuration", doc.scoring(), actor).ifPresent((id) -> {
						proposed
							.addAll(ConfigDiff.between("scoring", tree(before.scoring()), tree(doc.scoring()), true));
						proposals.add(new Proposal("scoring", dryRun ? null : id,
								dryRun ? null : "/api/v1/scoring-models/" + id + "/approvals"));
						if (!dryRun) {
							this.events.publishEvent(new Audited("scoring_model.proposed", "scoring-model:" + id,
									before.scoring(), doc.scoring()));
						}
					});
				}
			});
		}
		if (doc.sla() != null && !tree(doc.sla()).equals(tree(before.sla()))) {
			section(problems, "sla", () -> {
				// the policies may name stages of the model proposed with them
				Set<String> stages = new LinkedHashSet<>(this.cycle.stageNames());
				if (doc.stageModel() != null && doc.stageModel().stages() != null) {
					doc.stageModel().stages().stream().filter(Objects::nonNull).forEach((s) -> stages.add(s.name()));
				}
				this.sla.save(doc.sla(), List.copyOf(stages));
			});
		}
		if (doc.routing() != null) {
			applyRouting(doc.routing(), problems);
		}
		if (doc.alerts() != null) {
			applyAlerts(doc.alerts(), problems);
		}
		if (doc.webhooks() != null) {
			applyWebhooks(doc.webhooks(), problems);
		}
		if (doc.campaigns() != null) {
			applyCampaigns(doc.campaigns(), problems);
		}
		if (doc.connectors() != null) {
			applyConnectors(doc.connectors(), problems);
		}
		if (doc.revenue() != null && !tree(doc.revenue()).equals(tree(before.revenue()))) {
			section(problems, "revenue",
					() -> this.revenue.replace(new RevenueSettings.View(doc.revenue().reportingCurrency(),
							doc.revenue().fxRates(), doc.revenue().attributionLookbackDays(), null)));
		}
		problems.throwIfAny();
		ConfigDocument after = current();
		List<ConfigDiff.Change> changes = new ArrayList<>(proposed);
		changes.addAll(ConfigDiff.between(tree(before), tree(after)));
		if (!dryRun) {
			this.events.publishEvent(new Audited("config.applied", "config", tree(before), tree(after)));
		}
		return new Result(dryRun, changes, proposals);
	}

	private void applyRouting(ConfigDocument.Routing wanted, InvalidInput.Collector problems) {
		Map<String, Member> byEmail = new HashMap<>();
		directory().forEach((m) -> byEmail.put(m.email().toLowerCase(Locale.ROOT), m));
		List<RoutingRules.Rep> reps = new ArrayList<>();
		List<String> paths = new ArrayList<>();
		Set<String> teamNames = new HashSet<>();
		List<ConfigDocument.Team> teams = (wanted.teams() != null) ? wanted.teams() : List.of();
		for (int t = 0; t < teams.size(); t++) {
			ConfigDocument.Team team = teams.get(t);
			String at = "routing.teams[" + t + "]";
			if (problems.check(team == null, at, "must be a team")) {
				continue;
			}
			if (!problems.check(team.name() == null || team.name().isBlank(), at + ".name", "is required")) {
				problems.check(!teamNames.add(team.name().trim().toLowerCase(Locale.ROOT)), at + ".name",
						"names the team '" + team.name() + "' a second time");
			}
			List<ConfigDocument.Rep> members = (team.reps() != null) ? team.reps() : List.of();
			for (int r = 0; r < members.size(); r++) {
				rep(members.get(r), at + ".reps[" + r + "]", team.name(), byEmail, reps, paths, problems);
			}
		}
		List<ConfigDocument.Rep> teamless = (wanted.reps() != null) ? wanted.reps() : List.of();
		for (int r = 0; r < teamless.size(); r++) {
			rep(teamless.get(r), "routing.reps[" + r + "]", null, byEmail, reps, paths, problems);
		}
		RoutingRules rules = new RoutingRules((wanted.rules() != null) ? wanted.rules() : List.of(),
				wanted.defaultTeam(), reps, wanted.aboutToBreachMinutes());
		if (normal(rules).equals(normal(this.routing.settings()))) {
			return;
		}
		try {
			this.routing.change(rules);
		}
		catch (InvalidInput ex) {
			for (InvalidInput.Violation violation : ex.violations()) {
				String field = violation.field();
				java.util.regex.Matcher rep = java.util.regex.Pattern.compile("^reps\\[(\\d+)\\](.*)$").matcher(field);
				if (rep.matches() && Integer.parseInt(rep.group(1)) < paths.size()) {
					String rest = rep.group(2).equals(".userId") ? ".email" : rep.group(2);
					problems.add(paths.get(Integer.parseInt(rep.group(1))) + rest, violation.message());
				}
				else {
					problems.add(join("routing", field), violation.message());
				}
			}
		}
	}

	private void rep(ConfigDocument.Rep rep, String at, String team, Map<String, Member> byEmail,
			List<RoutingRules.Rep> reps, List<String> paths, InvalidInput.Collector problems) {
		if (problems.check(rep == null, at, "must be a rep")) {
			return;
		}
		if (problems.check(rep.email() == null || rep.email().isBlank(), at + ".email", "is required")) {
			return;
		}
		Member member = byEmail.get(rep.email().trim().toLowerCase(Locale.ROOT));
		if (problems.check(member == null || !member.active(), at + ".email",
				"no user with this email in this tenant")) {
			return;
		}
		if (team != null && (member.team() == null || !member.team().equalsIgnoreCase(team.trim()))) {
			problems.add(at + ".email",
					((member.team() == null) ? "is in no team" : "is in the team '" + member.team() + "'")
							+ " in this tenant, not '" + team + "'; set the user's team first (PATCH /api/v1/users/"
							+ member.id() + ")");
			return;
		}
		if (team == null && member.team() != null) {
			problems.add(at + ".email", "is in the team '" + member.team()
					+ "' in this tenant; list the rep under routing.teams with that team");
			return;
		}
		reps.add(new RoutingRules.Rep(member.id(), rep.weight(), rep.capacity(), rep.away()));
		paths.add(at);
	}

	private static RoutingRules normal(RoutingRules rules) {
		List<RoutingRules.Rep> reps = new ArrayList<>((rules.reps() != null) ? rules.reps() : List.of());
		reps.sort(Comparator.comparing(RoutingRules.Rep::userId));
		String team = (rules.defaultTeam() != null && !rules.defaultTeam().isBlank()) ? rules.defaultTeam().trim()
				: null;
		return new RoutingRules((rules.rules() != null) ? rules.rules() : List.of(), team, reps,
				rules.aboutToBreachMinutes());
	}

	/**
	 * Replaces the alert rules, users named by email; a user no active member of this
	 * tenant has is named by its path.
	 */
	private void applyAlerts(List<ConfigDocument.Alert> wanted, InvalidInput.Collector problems) {
		Map<String, Member> byEmail = new HashMap<>();
		directory().forEach((m) -> byEmail.put(m.email().toLowerCase(Locale.ROOT), m));
		List<AlertRule> rules = new ArrayList<>();
		// the users' paths whose email names nobody: the rules carry an id of nobody
		// there
		Map<String, String> unknown = new HashMap<>();
		for (int i = 0; i < wanted.size(); i++) {
			ConfigDocument.Alert alert = wanted.get(i);
			if (alert == null) {
				rules.add(null);
				continue;
			}
			ConfigDocument.AlertRecipients to = alert.recipients();
			AlertRule.Recipients recipients = null;
			if (to != null) {
				List<UUID> users = null;
				if (to.users() != null) {
					users = new ArrayList<>();
					for (int u = 0; u < to.users().size(); u++) {
						String email = to.users().get(u);
						Member member = (email != null) ? byEmail.get(email.trim().toLowerCase(Locale.ROOT)) : null;
						if (member != null && member.active()) {
							users.add(member.id());
						}
						else {
							users.add(new UUID(0, u));
							unknown.put("rules[" + i + "].recipients.users[" + u + "]",
									(email == null || email.isBlank()) ? "is required: a user's email"
											: "no user with this email in this tenant");
						}
					}
				}
				recipients = new AlertRule.Recipients(to.owner(), to.ownerManager(), to.roles(), users,
						to.fallbackToAdmins());
			}
			rules.add(new AlertRule(alert.name(), alert.event(), alert.enabled(), alert.conditions(), recipients));
		}
		if (unknown.isEmpty() && this.alerts.inForce(rules)) {
			return;
		}
		try {
			this.alerts.change(rules);
		}
		catch (InvalidInput ex) {
			for (InvalidInput.Violation violation : ex.violations()) {
				String field = violation.field();
				String message = unknown.getOrDefault(field, violation.message());
				problems.add(field.startsWith("rules") ? "alerts" + field.substring("rules".length()) : "alerts",
						message);
			}
		}
	}

	private void applyWebhooks(List<ConfigDocument.Webhook> wanted, InvalidInput.Collector problems) {
		Map<String, List<WebhookSubscriptions.Subscription>> existing = new LinkedHashMap<>();
		this.webhooks.all().forEach((s) -> existing.computeIfAbsent(s.url(), (k) -> new ArrayList<>()).add(s));
		Set<String> urls = new HashSet<>();
		Set<UUID> kept = new HashSet<>();
		for (int i = 0; i < wanted.size(); i++) {
			ConfigDocument.Webhook hook = wanted.get(i);
			String at = "webhooks[" + i + "]";
			if (problems.check(hook == null, at, "must be a webhook endpoint")) {
				continue;
			}
			if (hook.url() != null && problems.check(!urls.add(hook.url()), at + ".url",
					"names the endpoint " + hook.url() + " a second time")) {
				continue;
			}
			boolean active = !Boolean.FALSE.equals(hook.active());
			List<WebhookSubscriptions.Subscription> same = existing.getOrDefault(hook.url(), List.of());
			if (same.isEmpty()) {
				section(problems, at,
						() -> this.webhooks.create(hook.url(), hook.eventTypes(), hook.description(), active));
				continue;
			}
			WebhookSubscriptions.Subscription found = same.get(0);
			kept.add(found.id());
			if (!Objects.equals(found.eventTypes(), hook.eventTypes())
					|| !Objects.equals(found.description(), blankToNull(hook.description()))
					|| found.active() != active) {
				section(problems, at, () -> this.webhooks.change(found.id(), hook.url(), hook.eventTypes(),
						blankToNull(hook.description()), active));
			}
		}
		existing.values()
			.stream()
			.flatMap(List::stream)
			.filter((s) -> !kept.contains(s.id()))
			.forEach((s) -> this.webhooks.delete(s.id()));
	}

	private void applyCampaigns(List<ConfigDocument.Campaign> wanted, InvalidInput.Collector problems) {
		Map<String, Campaigns.Campaign> existing = new HashMap<>();
		this.campaigns.all().values().forEach((c) -> existing.put(c.key().toLowerCase(Locale.ROOT), c));
		Set<String> keys = new HashSet<>();
		for (int i = 0; i < wanted.size(); i++) {
			ConfigDocument.Campaign campaign = wanted.get(i);
			String at = "campaigns[" + i + "]";
			if (problems.check(campaign == null, at, "must be a campaign")) {
				continue;
			}
			// the same limits as the campaigns API
			String key = campaign.key();
			if (problems.check(key == null || key.isBlank() || key.length() > 200 || !key.equals(key.strip()),
					at + ".key", "is required: at most 200 characters, not starting or ending with spaces")) {
				continue;
			}
			if (problems.check(!keys.add(key.toLowerCase(Locale.ROOT)), at + ".key",
					"names the campaign '" + key + "' a second time (keys are unique whatever their case)")) {
				continue;
			}
			String name = (campaign.name() != null && !campaign.name().isBlank()) ? campaign.name().trim() : key;
			boolean bad = problems.check(name.length() > 200, at + ".name", "must be at most 200 characters");
			String channel = blankToNull((campaign.channel() != null) ? campaign.channel().trim() : null);
			bad |= problems.check(channel != null && channel.length() > 100, at + ".channel",
					"must be at most 100 characters");
			List<Campaigns.Cost> costs = new ArrayList<>();
			List<Map.Entry<String, Money>> given = new ArrayList<>();
			(campaign.costs() != null ? campaign.costs() : List.<ConfigDocument.Cost>of()).forEach((c) -> given
				.add(new AbstractMap.SimpleEntry<>((c != null) ? c.month() : null, (c != null) ? c.amount() : null)));
			try {
				costs.addAll(Campaigns.checkCosts(given));
			}
			catch (InvalidInput ex) {
				ex.violations().forEach((v) -> problems.add(join(at, v.field()), v.message()));
				bad = true;
			}
			if (bad) {
				continue;
			}
			Campaigns.Campaign found = existing.get(key.toLowerCase(Locale.ROOT));
			UUID id;
			List<Campaigns.Cost> before;
			if (found == null) {
				id = this.campaigns.create(key, name, channel).id();
				before = List.of();
			}
			else {
				id = found.id();
				if (!found.name().equals(name) || !Objects.equals(found.channel(), channel)) {
					this.campaigns.change(id, name, (channel != null) ? channel : "");
				}
				before = this.campaigns.costs(id);
			}
			List<Campaigns.Cost> positive = costs.stream().filter((c) -> c.amount().isPositive()).toList();
			if (!sameCosts(before, positive)) {
				List<Campaigns.Cost> replacing = new ArrayList<>(costs);
				Set<java.time.YearMonth> named = new HashSet<>();
				costs.forEach((c) -> named.add(c.month()));
				before.stream()
					.filter((c) -> !named.contains(c.month()))
					.forEach((c) -> replacing
						.add(new Campaigns.Cost(c.month(), new Money(BigDecimal.ZERO, c.amount().currency()))));
				this.campaigns.replaceCosts(id, replacing);
			}
		}
	}

	private static boolean sameCosts(List<Campaigns.Cost> a, List<Campaigns.Cost> b) {
		Comparator<Campaigns.Cost> order = Comparator.comparing(Campaigns.Cost::month)
			.thenComparing((c) -> c.amount().currency());
		List<Campaigns.Cost> x = new ArrayList<>(a);
		List<Campaigns.Cost> y = new ArrayList<>(b);
		x.sort(order);
		y.sort(order);
		return x.equals(y);
	}

	private void applyConnectors(List<ConfigDocument.Connector> wanted, InvalidInput.Collector problems) {
		Map<String, ConnectorConfigurations.Configured> existing = new HashMap<>();
		this.connectors.all().forEach((c) -> existing.putIfAbsent(c.name().toLowerCase(Locale.ROOT), c));
		Set<String> names = new HashSet<>();
		for (int i = 0; i < wanted.size(); i++) {
			ConfigDocument.Connector connector = wanted.get(i);
			String at = "connectors[" + i + "]";
			if (problems.check(connector == null, at, "must be a connector instance")) {
				continue;
			}
			String name = connector.name();
			if (problems.check(name == null || name.isBlank() || name.length() > 200, at + ".name",
					"is required, at most 200 characters")) {
				continue;
			}
			if (problems.check(!names.add(name.toLowerCase(Locale.ROOT)), at + ".name",
					"names the instance '" + name + "' a second time")) {
				continue;
			}
			if (problems.check(connector.connector() == null || connector.connector().isBlank(), at + ".connector",
					"is required: the id of an installed connector")) {
				continue;
			}
			problems.check(
					connector.pollEverySeconds() != null
							&& (connector.pollEverySeconds() < 10 || connector.pollEverySeconds() > 86400),
					at + ".pollEverySeconds", "must be 10 to 86400");
			Map<String, String> config = (connector.config() != null) ? new TreeMap<>(connector.config())
					: new TreeMap<>();
			config.values().removeIf(Objects::isNull);
			boolean enabled = !Boolean.FALSE.equals(connector.enabled());
			ConnectorConfigurations.Configured found = existing.get(name.toLowerCase(Locale.ROOT));
			if (found == null) {
				section(problems, at, () -> this.connectors.create(connector.connector(), name, config,
						connector.pollEverySeconds(), enabled));
				continue;
			}
			if (problems.check(!found.connector().equals(connector.connector()), at + ".connector",
					"the instance '" + found.name() + "' is a '" + found.connector()
							+ "' connector; a connector instance cannot change its connector")) {
				continue;
			}
			if (!found.name().equals(name) || !new TreeMap<>(found.config()).equals(config)
					|| !Objects.equals(found.pollEverySeconds(), connector.pollEverySeconds())
					|| found.enabled() != enabled) {
				section(problems, at,
						() -> this.connectors.change(found.id(), name, config, connector.pollEverySeconds(), enabled));
			}
		}
	}

	/** Runs a section's writes, recording its problems under its path. */
	private static void section(InvalidInput.Collector problems, String at, Runnable work) {
		try {
			work.run();
		}
		catch (InvalidInput ex) {
			ex.violations().forEach((v) -> problems.add(join(at, v.field()), v.message()));
		}
		catch (Conflict ex) {
			problems.add(at, ex.getMessage());
		}
	}

	private static String join(String prefix, String field) {
		if (field == null || field.isEmpty()) {
			return prefix;
		}
		if (prefix.equals("scoring") && field.startsWith("definition.")) {
			// the scoring models API names the definition inside its request
			field = field.substring("definition.".length());
		}
		return field.startsWith("[") ? prefix + field : prefix + "." + field;
	}

	private ConfigDocument current() {
		Map<UUID, Member> members = new HashMap<>();
		directory().forEach((m) -> members.put(m.id(), m));
		RoutingRules rules = this.routing.settings();
		Map<String, List<ConfigDocument.Rep>> teams = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		List<ConfigDocument.Rep> teamless = new ArrayList<>();
		for (RoutingRules.Rep rep : rules.reps()) {
			Member member = members.get(rep.userId());
			ConfigDocument.Rep shown = new ConfigDocument.Rep(
					(member != null) ? member.email() : rep.userId().toString(), rep.weight(), rep.capacity(),
					rep.away());
			if (member != null && member.team() != null) {
				teams.computeIfAbsent(member.team(), (k) -> new ArrayList<>()).add(shown);
			}
			else {
				teamless.add(shown);
			}
		}
		Comparator<ConfigDocument.Rep> byEmail = Comparator.comparing(ConfigDocument.Rep::email,
				String.CASE_INSENSITIVE_ORDER);
		teamless.sort(byEmail);
		List<ConfigDocument.Team> teamList = new ArrayList<>();
		teams.forEach((name, reps) -> {
			reps.sort(byEmail);
			teamList.add(new ConfigDocument.Team(name, reps));
		});
		ConfigDocument.Routing routing = new ConfigDocument.Routing(rules.rules(), rules.defaultTeam(),
				rules.aboutToBreachMinutes(), teamList, teamless);

		List<ConfigDocument.Webhook> hooks = this.webhooks.all()
			.stream()
			.sorted(Comparator.comparing(WebhookSubscriptions.Subscription::url))
			.map((s) -> new ConfigDocument.Webhook(s.url(), s.eventTypes(), s.description(), s.active()))
			.toList();
		List<ConfigDocument.Campaign> campaigns = this.campaigns.all()
			.values()
			.stream()
			.sorted(Comparator.comparing((Campaigns.Campaign c) -> c.key().toLowerCase(Locale.ROOT)))
			.map((c) -> new ConfigDocument.Campaign(c.key(), c.name(), c.channel(),
					this.campaigns.costs(c.id())
						.stream()
						.map((cost) -> new ConfigDocument.Cost(cost.month().toString(), cost.amount()))
						.toList()))
			.toList();
		List<ConfigDocument.Connector> connectors = this.connectors.all()
			.stream()
			.sorted(Comparator.comparing((ConnectorConfigurations.Configured c) -> c.name().toLowerCase(Locale.ROOT)))
			.map((c) -> new ConfigDocument.Connector(c.name(), c.connector(), new TreeMap<>(c.config()),
					c.pollEverySeconds(), c.enabled()))
			.toList();
		List<ConfigDocument.Alert> alerts = this.alerts.current()
			.stream()
			.map((rule) -> new ConfigDocument.Alert(rule.name(), rule.event(), rule.enabled(), rule.conditions(),
					new ConfigDocument.AlertRecipients(rule.recipients().owner(), rule.recipients().ownerManager(),
							rule.recipients().roles(),
							rule.recipients()
								.users()
								.stream()
								.map((id) -> members.containsKey(id) ? members.get(id).email() : id.toString())
								.toList(),
							rule.recipients().fallbackToAdmins())))
			.toList();
		RevenueSettings.View money = this.revenue.view();
		ConfigDocument.Revenue revenue = new ConfigDocument.Revenue(money.reportingCurrency(),
				new TreeMap<>(money.fxRates()), money.attributionLookbackDays());
		StageModelDefinition stageModel = this.cycle.definition();
		return new ConfigDocument(ConfigDocument.VERSION, stageModel, this.scoring.active().definition(),
				this.sla.current(), routing, alerts, hooks, campaigns, connectors, revenue);
	}

	/**
	 * A user of the tenant, from the directory tenancy publishes.
	 *
	 * @param id the user
	 * @param email the email
	 * @param team the team, or null
	 * @param active whether the user is an active member
	 */
	private record Member(UUID id, String email, String team, boolean active) {
	}

	private List<Member> directory() {
		return this.jdbc.query("select user_id, email, team, status from member_directory",
				(rs, row) -> new Member(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
						"active".equals(rs.getString(4))));
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

	/** Removes null fields, so that a field left out and a null one read the same. */
	static JsonNode strip(JsonNode node) {
		if (node == null) {
			return null;
		}
		if (node instanceof ObjectNode object) {
			for (String name : List.copyOf(object.propertyNames())) {
				JsonNode child = object.get(name);
				if (child == null || child.isNull()) {
					object.remove(name);
				}
				else {
					strip(child);
				}
			}
		}
		else if (node.isArray()) {
			node.values().forEach(Configuration::strip);
		}
		return node;
	}

}
