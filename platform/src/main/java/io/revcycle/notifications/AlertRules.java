package io.revcycle.notifications;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.revcycle.kernel.InvalidInput;
import io.revcycle.kernel.PerTransaction;
import io.revcycle.tenancy.Members;
import io.revcycle.tenancy.Roles;
import io.revcycle.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A tenant's alert rules; the defaults until the tenant sets its own: a payment or a
 * refund alerts the account's owner (else the person's owner, else the admins), a new
 * customer alerts finance (else the admins).
 */
@Component
public class AlertRules {

	private static final Logger log = LoggerFactory.getLogger(AlertRules.class);

	/** The most rules a tenant has. */
	static final int MAX_RULES = 100;

	/** The most entries of one list of a rule. */
	static final int MAX_ENTRIES = 200;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final Members members;

	/** Tenants whose stored rules were reported unusable, so the log says it once. */
	private final Set<UUID> reported = ConcurrentHashMap.newKeySet();

	private final PerTransaction<Map<UUID, List<AlertRule>>> cached = new PerTransaction<>();

	AlertRules(JdbcTemplate jdbc, JsonMapper json, Clock clock, Members members) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.members = members;
	}

	/** The rules that alerted every tenant before rules could be configured. */
	public static List<AlertRule> defaults() {
		return List.of(
				new AlertRule("Payment received: the sales owner", AlertRule.PAYMENT_RECEIVED, true, null,
						new AlertRule.Recipients(true, false, List.of(), List.of(), true)),
				new AlertRule("Payment refunded: the sales owner", AlertRule.PAYMENT_REFUNDED, true, null,
						new AlertRule.Recipients(true, false, List.of(), List.of(), true)),
				new AlertRule("New customer: finance", AlertRule.CUSTOMER_CREATED, true, null,
						new AlertRule.Recipients(false, false, List.of(Roles.FINANCE), List.of(), true)));
	}

	/** The rules in force, normalized; read once per transaction and tenant. */
	public List<AlertRule> current() {
		return this.cached.get(HashMap::new).computeIfAbsent(TenantContext.require(), (tenant) -> load());
	}

	/**
	 * The stored rules; the defaults when there are none, or when what is stored can no
	 * longer be read (logged once): a stored document never breaks the tenant.
	 */
	private List<AlertRule> load() {
		List<String> found = this.jdbc.queryForList("select rules::text from alert_rules", String.class);
		if (found.isEmpty()) {
			return defaults();
		}
		try {
			List<AlertRule> rules = List.of(this.json.readValue(found.get(0), AlertRule[].class));
			InvalidInput.Collector problems = new InvalidInput.Collector();
			check(rules, (user) -> true, problems);
			problems.throwIfAny();
			return normal(rules);
		}
		catch (JacksonException | InvalidInput | NullPointerException | IllegalArgumentException ex) {
			if (this.reported.add(TenantContext.require())) {
				log.error("The stored alert rules of tenant {} are not usable ({}); the default alerts apply until "
						+ "valid rules are saved", TenantContext.require(), ex.getMessage());
			}
			return defaults();
		}
	}

	/**
	 * Checks and replaces the tenant's rules, in the caller's transaction.
	 * @param rules the rules, in order; empty for no alerts at all
	 * @return the rules as they are now
	 * @throws InvalidInput naming every problem by its path ({@code rules[0].event})
	 */
	public List<AlertRule> change(List<AlertRule> rules) {
		InvalidInput.Collector problems = new InvalidInput.Collector();
		if (problems.check(rules == null, "rules", "is required (may be empty): the alert rules")) {
			problems.throwIfAny();
		}
		boolean namesUsers = rules.stream()
			.anyMatch((r) -> r != null && r.recipients() != null && r.recipients().users() != null
					&& !r.recipients().users().isEmpty());
		Set<UUID> active = new HashSet<>();
		if (namesUsers) {
			// one query, however many users the rules name
			this.members.inTeam(null).forEach((m) -> active.add(m.id()));
		}
		check(rules, active::contains, problems);
		problems.throwIfAny();
		List<AlertRule> normal = normal(rules);
		this.cached.forget();
		this.jdbc.update(
				"insert into alert_rules (tenant_id, rules, updated_at) values (?, ?::jsonb, ?) on conflict (tenant_id) "
						+ "do update set rules = excluded.rules, updated_at = excluded.updated_at",
				TenantContext.require(), this.json.writeValueAsString(normal), Timestamp.from(this.clock.instant()));
		return current();
	}

	/**
	 * Whether rules say the same as the rules in force, once normalized; false when they
	 * are not valid.
	 */
	public boolean inForce(List<AlertRule> rules) {
		try {
			InvalidInput.Collector problems = new InvalidInput.Collector();
			check(rules, (user) -> true, problems);
			problems.throwIfAny();
			return normal(rules).equals(current());
		}
		catch (InvalidInput | NullPointerException ex) {
			return false;
		}
	}

	/**
	 * Finds every problem of rules.
	 * @param member whether a user is an active member of the tenant
	 */
	private static void check(List<AlertRule> rules, Predicate<UUID> member, InvalidInput.Collector problems) {
		problems.check(rules.size() > MAX_RULES, "rules", "must be at most " + MAX_RULES + " rules");
		Set<String> names = new HashSet<>();
		for (int i = 0; i < rules.size(); i++) {
			AlertRule rule = rules.get(i);
			String at = "rules[" + i + "]";
			if (problems.check(rule == null, at, "must be a rule")) {
				continue;
			}
			if (!problems.check(rule.name() == null || rule.name().isBlank() || rule.name().trim().length() > 200,
					at + ".name", "is required, at most 200 characters")) {
				problems.check(!names.add(rule.name().trim().toLowerCase(Locale.ROOT)), at + ".name", "names the rule '"
						+ rule.name().trim() + "' a second time (names are unique whatever " + "their case)");
			}
			boolean known = rule.event() != null && AlertRule.EVENTS.contains(rule.event());
			problems.check(!known, at + ".event", "must be one of " + String.join(", ", AlertRule.EVENTS));
			boolean payment = known && AlertRule.PAYMENT_EVENTS.contains(rule.event());
			AlertRule.Conditions conditions = rule.conditions();
			if (conditions != null) {
				String on = at + ".conditions";
				if (conditions.minimumAmount() != null) {
					if (!problems.check(known && !payment, on + ".minimumAmount",
							"applies to payment events only (" + String.join(", ", AlertRule.PAYMENT_EVENTS) + ")")) {
						problems.check(!conditions.minimumAmount().isPositive(), on + ".minimumAmount.amount",
								"must be more than zero");
					}
				}
				if (conditions.sources() != null && !conditions.sources().isEmpty()) {
					problems.check(known && !payment, on + ".sources",
							"applies to payment events only (" + String.join(", ", AlertRule.PAYMENT_EVENTS) + ")");
				}
				texts(conditions.sources(), on + ".sources", problems);
				texts(conditions.countries(), on + ".countries", problems);
				texts(conditions.industries(), on + ".industries", problems);
			}
			String to = at + ".recipients";
			AlertRule.Recipients recipients = rule.recipients();
			if (problems.check(recipients == null, to,
					"is required: who is alerted (owner, ownerManager, roles, users)")) {
				continue;
			}
			List<String> roles = (recipients.roles() != null) ? recipients.roles() : List.of();
			List<UUID> users = (recipients.users() != null) ? recipients.users() : List.of();
			problems.check(roles.size() > Roles.ALL.size() * 2, to + ".roles", "names too many roles");
			for (int r = 0; r < roles.size() && r < MAX_ENTRIES; r++) {
				problems.check(roles.get(r) == null || !Roles.ALL.contains(roles.get(r)), to + ".roles[" + r + "]",
						"must be one of " + String.join(", ", Roles.ALL));
			}
			problems.check(users.size() > MAX_ENTRIES, to + ".users", "must be at most " + MAX_ENTRIES + " users");
			for (int u = 0; u < users.size() && u < MAX_ENTRIES; u++) {
				UUID user = users.get(u);
				if (!problems.check(user == null, to + ".users[" + u + "]", "must be a user id")) {
					problems.check(!member.test(user), to + ".users[" + u + "]",
							"no active user with this id in this tenant");
				}
			}
			problems.check(
					!Boolean.TRUE.equals(recipients.owner()) && !Boolean.TRUE.equals(recipients.ownerManager())
							&& roles.isEmpty() && users.isEmpty(),
					to, "names nobody: set owner, ownerManager, roles or users");
		}
	}

	private static void texts(List<String> values, String at, InvalidInput.Collector problems) {
		if (values == null) {
			return;
		}
		if (problems.check(values.size() > MAX_ENTRIES, at, "must be at most " + MAX_ENTRIES + " entries")) {
			return;
		}
		for (int i = 0; i < values.size(); i++) {
			String value = values.get(i);
			problems.check(value == null || value.isBlank() || value.trim().length() > 100, at + "[" + i + "]",
					"must be a text of 1 to 100 characters");
		}
	}

	/**
	 * Rules as they are stored and shown: names and texts trimmed, flags and lists
	 * explicit, conditions null when there is none. The rules must be valid.
	 */
	static List<AlertRule> normal(List<AlertRule> rules) {
		List<AlertRule> normal = new ArrayList<>();
		for (AlertRule rule : rules) {
			AlertRule.Conditions conditions = rule.conditions();
			if (conditions != null) {
				conditions = new AlertRule.Conditions(conditions.minimumAmount(), trimmed(conditions.sources()),
						trimmed(conditions.countries()), trimmed(conditions.industries()));
				if (conditions.minimumAmount() == null && conditions.sources() == null && conditions.countries() == null
						&& conditions.industries() == null) {
					conditions = null;
				}
			}
			AlertRule.Recipients to = rule.recipients();
			AlertRule.Recipients recipients = new AlertRule.Recipients(Boolean.TRUE.equals(to.owner()),
					Boolean.TRUE.equals(to.ownerManager()),
					(to.roles() != null) ? to.roles().stream().distinct().toList() : List.of(),
					(to.users() != null) ? to.users().stream().distinct().toList() : List.of(),
					!Boolean.FALSE.equals(to.fallbackToAdmins()));
			normal.add(new AlertRule(rule.name().trim(), rule.event(), !Boolean.FALSE.equals(rule.enabled()),
					conditions, recipients));
		}
		return List.copyOf(normal);
	}

	private static List<String> trimmed(List<String> values) {
		if (values == null || values.isEmpty()) {
			return null;
		}
		return values.stream().map(String::trim).distinct().toList();
	}

}
