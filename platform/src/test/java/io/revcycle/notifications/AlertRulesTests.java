package io.revcycle.notifications;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.ApiTest;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alert rules as a tenant's configuration: they decide who is alerted of payments,
 * refunds and new customers, with thresholds; a tenant without rules keeps the default
 * alerts; bad rules are refused by path; rules stored that can no longer be read fall
 * back to the defaults; and no tenant reads or changes another's rules.
 */
class AlertRulesTests extends ApiTest {

	private static final String PASSWORD = "long-enough-password";

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TransactionTemplate tx;

	/** A tenant's users: an admin, a sales owner, finance, and support. */
	private record Team(SignedUp tenant, String[] sally, String sallyId, String[] fiona, String fionaId, String[] vic,
			String vicId) {
	}

	@Test
	void rulesDecideWhoIsAlertedAndThresholdsAreRespected() {
		Team a = team(TestTenants.signUp(this.api, "alert-rules-a"));
		Team b = team(TestTenants.signUp(this.api, "alert-rules-b"));

		// a tenant without rules has the default alerts, as every tenant had
		JsonNode defaults = this.api.get("/api/v1/alert-rules", a.tenant().auth()).json();
		assertThat(events(defaults)).containsExactly("payment_received", "payment_refunded", "customer_created");
		assertThat(this.api.get("/api/v1/alert-rules", b.tenant().auth()).json()).isEqualTo(defaults);

		// A: big payments go to finance and to Vic (not the sales owner); refunds alert
		// nobody (the rule is off); new customers alert nobody (no rule)
		ApiClient.Response put = this.api.put("/api/v1/alert-rules",
				Map.of("rules", List.of(
						rule("Big payments", "payment_received",
								Map.of("minimumAmount", money("1000.00", "EUR"), "sources", List.of("Stripe")),
								Map.of("roles", List.of("finance"), "users", List.of(a.vicId()), "fallbackToAdmins",
										false)),
						Map.of("name", "Refunds", "event", "payment_refunded", "enabled", false, "recipients",
								Map.of("owner", true)))),
				a.tenant().auth());
		assertThat(put.status()).as(put.toString()).isEqualTo(200);
		JsonNode stored = put.json();
		assertThat(stored.get("rules").get(0).get("enabled").asBoolean()).as("normalized: explicit").isTrue();
		assertThat(stored.get("rules").get(0).get("conditions").get("minimumAmount").get("amount").asString())
			.isEqualTo("1000.00");
		assertThat(this.api.get("/api/v1/alert-rules", a.tenant().auth()).json()).isEqualTo(stored);
		assertThat(this.api.get("/api/v1/alert-rules", a.sally()).status()).as("every user reads them").isEqualTo(200);

		for (Team team : List.of(a, b)) {
			pay(team, "p-small", "payment_succeeded", "99.00", "EUR");
			pay(team, "p-refund", "payment_refunded", "99.00", "EUR");
		}
		assertThat(kinds(a.fiona())).as("under the threshold, no refund rule, no customer rule").isEmpty();
		assertThat(kinds(a.vic())).isEmpty();
		assertThat(kinds(a.sally())).doesNotContain("payment_received", "payment_refunded");
		assertThat(kinds(b.sally())).as("B keeps the default alerts").contains("payment_received", "payment_refunded");
		assertThat(kinds(b.fiona())).containsExactly("customer_created");
		assertThat(kinds(b.vic())).isEmpty();

		for (Team team : List.of(a, b)) {
			pay(team, "p-big", "payment_succeeded", "1500.00", "EUR");
		}
		assertThat(kinds(a.fiona())).as("over the threshold").containsExactly("payment_received");
		assertThat(kinds(a.vic())).containsExactly("payment_received");
		JsonNode notice = inbox(a.vic()).get(0);
		assertThat(notice.get("title").asString()).contains("1500.00 EUR");
		assertThat(notice.get("data").get("rule").asString()).isEqualTo("Big payments");
		assertThat(kinds(a.sally())).doesNotContain("payment_received");
		assertThat(kinds(b.fiona())).containsExactly("customer_created");
		assertThat(kinds(b.vic())).isEmpty();

		// another currency: converted with the tenant's FX rates, else no match
		pay(a, "p-usd", "payment_succeeded", "1200.00", "USD");
		assertThat(kinds(a.fiona())).as("no rate for USD: not known to be over the threshold").hasSize(1);
		assertThat(this.api
			.put("/api/v1/revenue-settings", Map.of("reportingCurrency", "EUR", "fxRates", Map.of("USD", "0.92")),
					a.tenant().auth())
			.status()).isEqualTo(200);
		pay(a, "p-usd-2", "payment_succeeded", "1200.00", "USD");
		pay(a, "p-usd-3", "payment_succeeded", "1000.00", "USD");
		assertThat(kinds(a.fiona())).as("1200 USD is 1104 EUR; 1000 USD is 920 EUR").hasSize(2);
		assertThat(inbox(a.fiona()).get(0).get("title").asString()).contains("1200.00 USD");

		// each change is audited, in its tenant only
		JsonNode audit = this.api.get("/api/v1/audit?action=alert_rules", a.tenant().auth()).json().get("items");
		assertThat(audit.size()).isEqualTo(1);
		assertThat(audit.get(0).get("action").asString()).isEqualTo("alert_rules.changed");
		assertThat(audit.get(0).get("diff").toString()).contains("Big payments");
		assertThat(this.api.get("/api/v1/audit?action=alert_rules", b.tenant().auth()).json().get("items").size())
			.isZero();
	}

	@Test
	void recipientsByOwnerManagerRoleAndCountry() {
		Team a = team(TestTenants.signUp(this.api, "alert-recipients-a"));
		Team b = team(TestTenants.signUp(this.api, "alert-recipients-b"));
		// Vic manages Sally in A only
		assertThat(this.api.patch("/api/v1/users/" + a.sallyId(), Map.of("managerId", a.vicId()), a.tenant().auth())
			.status()).isEqualTo(200);
		ApiClient.Response put = this.api.put("/api/v1/alert-rules",
				Map.of("rules",
						List.of(rule("German customers", "customer_created", Map.of("countries", List.of("de")),
								Map.of("owner", true, "ownerManager", true)),
								rule("French customers", "customer_created", Map.of("countries", List.of("FR")),
										Map.of("roles", List.of("finance"))),
								rule("Every payment, once", "payment_received", null, Map.of("owner", true)),
								rule("Every payment, twice", "payment_received", null,
										Map.of("owner", true, "roles", List.of("finance"))))),
				a.tenant().auth());
		assertThat(put.status()).as(put.toString()).isEqualTo(200);
		for (Team team : List.of(a, b)) {
			pay(team, "p-de", "payment_succeeded", "10.00", "EUR");
		}
		assertThat(kinds(a.sally())).as("the owner, once though two rules name her")
			.containsOnlyOnce("payment_received")
			.contains("customer_created");
		assertThat(kinds(a.vic())).as("the owner's manager, for a German customer").containsExactly("customer_created");
		assertThat(kinds(a.fiona())).as("not French; the second payment rule").containsExactly("payment_received");
		assertThat(kinds(b.vic())).isEmpty();
		assertThat(kinds(b.fiona())).containsExactly("customer_created");
	}

	@Test
	void noTenantReadsOrChangesAnothersRules() {
		Team a = team(TestTenants.signUp(this.api, "alert-iso-a"));
		SignedUp b = TestTenants.signUp(this.api, "alert-iso-b");
		ApiClient.Response put = this.api.put("/api/v1/alert-rules",
				Map.of("rules", List
					.of(rule("A's secret rule", "payment_received", null, Map.of("users", List.of(a.vicId()))))),
				a.tenant().auth());
		assertThat(put.status()).as(put.toString()).isEqualTo(200);
		JsonNode aRules = put.json();

		JsonNode bRules = this.api.get("/api/v1/alert-rules", b.auth()).json();
		assertThat(events(bRules)).as("B's own defaults")
			.containsExactly("payment_received", "payment_refunded", "customer_created");
		assertThat(bRules.toString()).doesNotContain("A's secret rule").doesNotContain(a.vicId());

		ApiClient.Response crossed = this.api.put("/api/v1/alert-rules",
				Map.of("rules", List.of(rule("Steal", "payment_received", null, Map.of("users", List.of(a.vicId()))))),
				b.auth());
		assertThat(crossed.status()).as(crossed.toString()).isEqualTo(400);
		assertThat(fields(crossed)).containsExactly("rules[0].recipients.users[0]");
		ApiClient.Response own = this.api.put("/api/v1/alert-rules", Map.of("rules", List.of()), b.auth());
		assertThat(own.status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/alert-rules", a.tenant().auth()).json()).as("A's rules as they were")
			.isEqualTo(aRules);
		assertThat(this.api.get("/api/v1/alert-rules", b.auth()).json().get("rules").size()).isZero();

		assertThat(this.api.put("/api/v1/alert-rules", Map.of("rules", List.of()), a.sally()).status())
			.as("tenant admins change them")
			.isEqualTo(403);
		assertThat(this.api.get("/api/v1/alert-rules", a.tenant().auth()).json()).isEqualTo(aRules);
	}

	@Test
	void aBadDocumentIsRefusedNamingEveryPath() {
		Team a = team(TestTenants.signUp(this.api, "alert-bad-a"));
		SignedUp b = TestTenants.signUp(this.api, "alert-bad-b");
		JsonNode before = this.api.get("/api/v1/alert-rules", a.tenant().auth()).json();
		JsonNode bBefore = this.api.get("/api/v1/alert-rules", b.auth()).json();

		List<Object> rules = new ArrayList<>();
		rules.add(rule("Same", "deal_won", null, Map.of("owner", true)));
		rules.add(rule("same", "customer_created", Map.of("minimumAmount", money("5.00", "EUR")),
				Map.of("roles", List.of("boss"))));
		rules.add(rule("Nobody", "payment_received", Map.of("minimumAmount", money("0", "EUR")), Map.of()));
		rules.add(rule(" ", "payment_refunded", Map.of("countries", List.of("")),
				Map.of("users", List.of(UUID.randomUUID().toString()))));
		Map<String, Object> noRecipients = new LinkedHashMap<>();
		noRecipients.put("name", "Nobody at all");
		noRecipients.put("event", "payment_received");
		rules.add(noRecipients);
		ApiClient.Response refused = this.api.put("/api/v1/alert-rules", Map.of("rules", rules), a.tenant().auth());
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(fields(refused)).containsExactlyInAnyOrder("rules[0].event", "rules[1].name",
				"rules[1].conditions.minimumAmount", "rules[1].recipients.roles[0]",
				"rules[2].conditions.minimumAmount.amount", "rules[2].recipients", "rules[3].name",
				"rules[3].conditions.countries[0]", "rules[3].recipients.users[0]", "rules[4].recipients");
		assertThat(refused.json().get("detail").asString()).contains("names the rule 'same' a second time")
			.contains("must be one of payment_received, payment_refunded, customer_created")
			.doesNotContain("java")
			.doesNotContain("Exception");

		// unknown fields, bad money and missing rules are 400s naming the field, never
		// 500
		ApiClient.Response unknown = this.api.put("/api/v1/alert-rules", Map.of("rules", List.of(Map.of("name", "X",
				"event", "payment_received", "colour", "blue", "recipients", Map.of("owner", true)))),
				a.tenant().auth());
		assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
		assertThat(unknown.json().get("detail").asString()).contains("colour").doesNotContain("java");
		ApiClient.Response badMoney = this.api.put("/api/v1/alert-rules", Map.of("rules", List
			.of(rule("X", "payment_received", Map.of("minimumAmount", money("5", "EURO")), Map.of("owner", true)))),
				a.tenant().auth());
		assertThat(badMoney.status()).as(badMoney.toString()).isEqualTo(400);
		assertThat(badMoney.json().get("detail").asString()).contains("minimumAmount").doesNotContain("java");
		ApiClient.Response missing = this.api.put("/api/v1/alert-rules", Map.of(), a.tenant().auth());
		assertThat(missing.status()).as(missing.toString()).isEqualTo(400);
		assertThat(fields(missing)).containsExactly("rules");

		assertThat(this.api.get("/api/v1/alert-rules", a.tenant().auth()).json()).as("nothing stored")
			.isEqualTo(before);
		assertThat(this.api.get("/api/v1/alert-rules", b.auth()).json()).isEqualTo(bBefore);
		assertThat(this.api.get("/api/v1/audit?action=alert_rules", a.tenant().auth()).json().get("items").size())
			.isZero();
	}

	@Test
	void storedRulesThatCannotBeReadFallBackToTheDefaults() {
		Team a = team(TestTenants.signUp(this.api, "alert-stored-a"));
		Team b = team(TestTenants.signUp(this.api, "alert-stored-b"));
		assertThat(this.api.put("/api/v1/alert-rules",
				Map.of("rules",
						List.of(rule("Finance only", "payment_received", null, Map.of("roles", List.of("finance"))))),
				b.tenant().auth())
			.status()).isEqualTo(200);
		// written before a check existed, or by hand: an event that does not exist, and
		// a document that is no list at all
		TenantContext.runAs(a.tenant().id(), () -> this.tx.executeWithoutResult((status) -> this.jdbc
			.update("insert into alert_rules (tenant_id, rules, updated_at) values (?, "
					+ "'[{\"name\": \"x\", \"event\": \"no_such_event\", \"recipients\": {\"owner\": true}}]'::jsonb, now())",
					a.tenant().id())));
		for (Team team : List.of(a, b)) {
			pay(team, "p-1", "payment_succeeded", "50.00", "EUR");
		}
		assertThat(kinds(a.sally())).as("the default alerts apply").contains("payment_received");
		assertThat(kinds(a.fiona())).containsExactly("customer_created");
		assertThat(events(this.api.get("/api/v1/alert-rules", a.tenant().auth()).json()))
			.containsExactly("payment_received", "payment_refunded", "customer_created");
		assertThat(kinds(b.sally())).as("B's own rules").doesNotContain("payment_received");
		assertThat(kinds(b.fiona())).containsExactly("payment_received");

		TenantContext.runAs(a.tenant().id(), () -> this.tx.executeWithoutResult(
				(status) -> this.jdbc.update("update alert_rules set rules = '{\"not\": \"a list\"}'::jsonb")));
		pay(a, "p-2", "payment_succeeded", "50.00", "EUR");
		assertThat(kinds(a.sally()).stream().filter("payment_received"::equals).count()).isEqualTo(2);

		// saving valid rules replaces what could not be read
		assertThat(this.api.put("/api/v1/alert-rules", Map.of("rules", List.of()), a.tenant().auth()).status())
			.isEqualTo(200);
		pay(a, "p-3", "payment_succeeded", "50.00", "EUR");
		assertThat(kinds(a.sally()).stream().filter("payment_received"::equals).count()).isEqualTo(2);
	}

	// ---- helpers --------------------------------------------------------------------

	private Team team(SignedUp tenant) {
		String sally = user(tenant, "sally", "ae");
		String fiona = user(tenant, "fiona", "finance");
		String vic = user(tenant, "vic", "support");
		// the buyer, owned by Sally, of a German account
		String person = event(tenant, "email_opened", "e-1", null, null);
		assertThat(
				this.api.post("/api/v1/people/" + person + "/owner", Map.of("ownerId", sally), tenant.auth()).status())
			.isEqualTo(200);
		return new Team(tenant, login(tenant, "sally"), sally, login(tenant, "fiona"), fiona, login(tenant, "vic"),
				vic);
	}

	private void pay(Team team, String externalId, String type, String amount, String currency) {
		event(team.tenant(), type, externalId, amount, currency);
	}

	private String event(SignedUp tenant, String type, String externalId, String amount, String currency) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", type);
		event.put("occurredAt", Instant.now().minusSeconds(1).toString());
		event.put("source", "stripe");
		event.put("externalId", externalId);
		event.put("person", Map.of("email", "buyer@initech.com"));
		event.put("account", Map.of("domain", "initech.com", "name", "Initech", "country", "DE"));
		if (amount != null) {
			event.put("amount", money(amount, currency));
		}
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", List.of(event)), tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("results").get(0).get("personId").asString();
	}

	private String user(SignedUp tenant, String name, String role) {
		ApiClient.Response created = this.api.post("/api/v1/users", Map.of("email",
				name + "@" + tenant.slug() + ".example.com", "password", PASSWORD, "roles", List.of(role)),
				tenant.auth());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private String[] login(SignedUp tenant, String name) {
		return ApiClient
			.bearer(TestServices.keycloak().passwordGrant(name + "@" + tenant.slug() + ".example.com", PASSWORD));
	}

	private static Map<String, Object> rule(String name, String event, Map<String, Object> conditions,
			Map<String, Object> recipients) {
		Map<String, Object> rule = new LinkedHashMap<>();
		rule.put("name", name);
		rule.put("event", event);
		if (conditions != null) {
			rule.put("conditions", conditions);
		}
		rule.put("recipients", recipients);
		return rule;
	}

	private static Map<String, Object> money(String amount, String currency) {
		return Map.of("amount", amount, "currency", currency);
	}

	private static List<String> events(JsonNode rules) {
		List<String> events = new ArrayList<>();
		rules.get("rules").values().forEach((rule) -> events.add(rule.get("event").asString()));
		return events;
	}

	private static List<String> fields(ApiClient.Response response) {
		List<String> fields = new ArrayList<>();
		response.json().get("errors").values().forEach((e) -> fields.add(e.get("field").asString()));
		return fields;
	}

	private List<JsonNode> inbox(String[] auth) {
		List<JsonNode> items = new ArrayList<>();
		this.api.get("/api/v1/notifications?limit=200", auth).json().get("items").forEach(items::add);
		return items;
	}

	/** The kinds of alerts in a user's inbox, newest first, without owner assignments. */
	private List<String> kinds(String[] auth) {
		return inbox(auth).stream()
			.map((n) -> n.get("kind").asString())
			.filter((kind) -> !kind.equals("owner_assigned"))
			.toList();
	}

}
