package io.revcycle.config;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.revcycle.ApiTest;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configuration as code: a tenant's whole configuration read as one document (YAML or
 * JSON) and applied to another tenant gives it the same behaviour once marketing and
 * sales signed the models; a dry run is exact and changes nothing; a broken document
 * changes nothing and names every error; applying twice changes nothing the second time;
 * each apply is audited; and no tenant reads or changes another's configuration.
 */
class ConfigTests extends ApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	private static final String PASSWORD = "long-enough-password";

	@Test
	void aTenantsDocumentGivesAnotherTenantTheSameBehaviour() {
		SignedUp a = TestTenants.signUp(this.api, "config-a");
		SignedUp c = TestTenants.signUp(this.api, "config-c");
		SignedUp b = TestTenants.signUp(this.api, "config-b");
		String domain = "@" + a.slug() + "-people.example.com";
		String mia = "mia" + domain;
		String sam = "sam" + domain;
		String fay = "fay" + domain;
		for (SignedUp tenant : List.of(a, c)) {
			user(tenant, mia, null, "marketing");
			user(tenant, sam, "EMEA", "sdr");
			user(tenant, fay, null, "finance");
		}
		configure(a, mia, sam);
		// a connector's secret never leaves its tenant: C sets its own before it applies
		// A's document
		for (SignedUp tenant : List.of(a, c)) {
			ApiClient.Response stripe = this.api.post("/api/v1/connector-instances",
					Map.of("connectorId", "stripe", "name", "Stripe live", "config",
							Map.of("webhookSecret", "whsec_" + tenant.slug().replaceAll("[^A-Za-z0-9]", ""))),
					tenant.auth());
			assertThat(stripe.status()).as(stripe.toString()).isEqualTo(201);
		}

		// the whole configuration, in JSON and in YAML: the same document
		ApiClient.Response json = this.api.get("/api/v1/config", a.auth());
		assertThat(json.status()).as(json.toString()).isEqualTo(200);
		assertThat(json.contentType()).startsWith("application/json");
		JsonNode document = json.json();
		ApiClient.Response yaml = this.api.get("/api/v1/config", with(a.auth(), "Accept", "application/yaml"));
		assertThat(yaml.status()).as(yaml.toString()).isEqualTo(200);
		assertThat(yaml.contentType()).startsWith("application/yaml");
		assertThat(YAML.readTree(yaml.body())).isEqualTo(document);
		assertThat(document.get("stageModel").get("fastTrackWindowDays").asInt()).isEqualTo(3);
		assertThat(document.get("scoring").get("behaviourRules").toString()).contains("webinar");
		assertThat(document.get("sla").get("policies").toString()).contains("\"minutes\":120");
		JsonNode team = document.get("routing").get("teams").get(0);
		assertThat(team.get("name").asString()).isEqualTo("EMEA");
		assertThat(team.get("reps").get(0).get("email").asString()).isEqualTo(sam);
		assertThat(document.get("webhooks").get(0).get("url").asString()).isEqualTo("http://127.0.0.1:9/config-hook");
		assertThat(document.get("campaigns").get(0).get("key").asString()).isEqualTo("spring-launch");
		assertThat(document.get("revenue").get("reportingCurrency").asString()).isEqualTo("EUR");
		assertThat(document.get("connectors").get(0).get("name").asString()).isEqualTo("Stripe live");
		JsonNode alert = document.get("alerts").get(0);
		assertThat(alert.get("name").asString()).isEqualTo("Big payments");
		assertThat(alert.get("recipients").get("users").get(0).asString()).as("users by email").isEqualTo(mia);
		assertThat(document.toString()).as("no ids, no secrets")
			.doesNotContain("whsec_")
			.doesNotContain(userId(a, sam))
			.doesNotContain(userId(a, mia))
			.doesNotContain("secret")
			.doesNotContain(a.id().toString());

		// a dry run into C lists the changes and changes nothing
		JsonNode cBefore = this.api.get("/api/v1/config", c.auth()).json();
		int stageVersions = count(c, "/api/v1/stage-models");
		int scoringVersions = count(c, "/api/v1/scoring-models");
		ApiClient.Response dry = put(c, "?dryRun=true", yaml.body(), "application/yaml");
		assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
		assertThat(dry.json().get("dryRun").asBoolean()).isTrue();
		assertThat(paths(dry.json())).contains("webhooks[url=http://127.0.0.1:9/config-hook]",
				"campaigns[key=spring-launch]", "routing.teams[name=EMEA]", "alerts[name=Big payments]",
				"alerts[name=New customer: finance].enabled", "revenue.reportingCurrency",
				"stageModel.fastTrackWindowDays");
		assertThat(this.api.get("/api/v1/config", c.auth()).json()).as("a dry run changes nothing").isEqualTo(cBefore);
		assertThat(count(c, "/api/v1/stage-models")).isEqualTo(stageVersions);
		assertThat(count(c, "/api/v1/scoring-models")).isEqualTo(scoringVersions);

		// the real apply makes exactly the changes the dry run listed
		ApiClient.Response applied = put(c, "", yaml.body(), "application/yaml");
		assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
		assertThat(changes(applied.json())).isEqualTo(changes(dry.json()));
		JsonNode cAfter = this.api.get("/api/v1/config", c.auth()).json();
		List<String> made = new ArrayList<>();
		ConfigDiff.between(cBefore, cAfter)
			.forEach((change) -> made
				.add(change.path() + " " + change.kind() + " " + change.before() + " -> " + change.after()));
		assertThat(made).as("the changes made are those listed, except the proposals")
			.isEqualTo(changes(applied.json()).stream().filter((line) -> !line.startsWith("proposal ")).toList());
		assertThat(without(cAfter, "stageModel", "scoring")).isEqualTo(without(document, "stageModel", "scoring"));

		// the models are proposals both teams sign, not in force yet
		assertThat(cAfter.get("stageModel")).isEqualTo(cBefore.get("stageModel"));
		assertThat(cAfter.get("scoring")).isEqualTo(cBefore.get("scoring"));
		JsonNode proposals = applied.json().get("proposals");
		assertThat(proposals.size()).isEqualTo(2);
		String[] miaInC = ApiClient.bearer(TestTenants.login(mia, PASSWORD, c.slug()));
		String[] samInC = ApiClient.bearer(TestTenants.login(sam, PASSWORD, c.slug()));
		for (JsonNode proposal : proposals.values()) {
			String approve = proposal.get("approve").asString();
			ApiClient.Response first = this.api.post(approve, Map.of(), miaInC);
			assertThat(first.status()).as(first.toString()).isEqualTo(200);
			assertThat(first.json().get("status").asString()).isEqualTo("PROPOSED");
			ApiClient.Response second = this.api.post(approve, Map.of(), samInC);
			assertThat(second.status()).as(second.toString()).isEqualTo(200);
			assertThat(second.json().get("status").asString()).isEqualTo("ACTIVE");
		}
		JsonNode cSigned = this.api.get("/api/v1/config", c.auth()).json();
		assertThat(cSigned).as("C's configuration is A's").isEqualTo(document);

		// applying the same document again changes nothing and proposes nothing
		stageVersions = count(c, "/api/v1/stage-models");
		scoringVersions = count(c, "/api/v1/scoring-models");
		ApiClient.Response again = put(c, "", json.body(), "application/json");
		assertThat(again.status()).as(again.toString()).isEqualTo(200);
		assertThat(again.json().get("changes").size()).isZero();
		assertThat(again.json().get("proposals").size()).isZero();
		assertThat(count(c, "/api/v1/stage-models")).isEqualTo(stageVersions);
		assertThat(count(c, "/api/v1/scoring-models")).isEqualTo(scoringVersions);
		assertThat(this.api.get("/api/v1/config", c.auth()).json()).isEqualTo(document);

		// the same event gives the same score and the same stage in A and C
		JsonNode inA = lead(a);
		JsonNode inC = lead(c);
		assertThat(inA.get("behaviourScore").asInt()).isGreaterThan(0);
		assertThat(inC.get("fitScore").asInt()).isEqualTo(inA.get("fitScore").asInt());
		assertThat(inC.get("behaviourScore").asInt()).isEqualTo(inA.get("behaviourScore").asInt());
		assertThat(inC.get("stage").asString()).isEqualTo(inA.get("stage").asString());

		// the same payments alert the same user and the same role in A and C: only the
		// one
		// over the threshold
		for (SignedUp tenant : List.of(a, c)) {
			String[] miaThere = ApiClient.bearer(TestTenants.login(mia, PASSWORD, tenant.slug()));
			String[] fayThere = ApiClient.bearer(TestTenants.login(fay, PASSWORD, tenant.slug()));
			assertThat(alerts(miaThere)).isEmpty();
			pay(tenant, "p-small", "999.99");
			pay(tenant, "p-big", "1000.00");
			assertThat(alerts(miaThere)).as("in " + tenant.slug()).containsExactly("Payment received: 1000.00 EUR");
			assertThat(alerts(fayThere)).as("in " + tenant.slug()).containsExactly("Payment received: 1000.00 EUR");
		}

		// the audit log shows each apply, with its diff
		JsonNode audit = this.api.get("/api/v1/audit?action=config", c.auth()).json().get("items");
		assertThat(audit.size()).isEqualTo(2);
		assertThat(audit.get(1).get("action").asString()).isEqualTo("config.applied");
		assertThat(audit.get(1).get("actor").get("email").asString()).isEqualTo(c.adminEmail());
		assertThat(audit.get(1).get("diff").toString()).contains("webhooks").contains("spring-launch");
		assertThat(audit.get(0).get("diff").size()).as("the second apply changed nothing").isZero();
		assertThat(this.api.get("/api/v1/audit?action=stage_model.proposed", c.auth()).json().get("items").size())
			.isEqualTo(1);

		// B reads only its own configuration, and its apply never touches A's or C's
		JsonNode bDocument = this.api.get("/api/v1/config", b.auth()).json();
		assertThat(bDocument.toString()).doesNotContain("spring-launch")
			.doesNotContain("Big payments")
			.doesNotContain(mia)
			.doesNotContain("config-hook")
			.doesNotContain(sam);
		ObjectNode bChanged = (ObjectNode) bDocument.deepCopy();
		((ArrayNode) bChanged.get("campaigns")).add(JSON.valueToTree(Map.of("key", "spring-launch", "name", "B's")));
		ApiClient.Response bApplied = put(b, "", JSON.writeValueAsString(bChanged), "application/json");
		assertThat(bApplied.status()).as(bApplied.toString()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/config", a.auth()).json()).isEqualTo(document);
		assertThat(this.api.get("/api/v1/config", c.auth()).json()).isEqualTo(document);
		assertThat(this.api.get("/api/v1/audit?action=config", b.auth()).json().get("items").size()).isEqualTo(1);
		assertThat(
				this.api.get("/api/v1/config", ApiClient.bearer(TestTenants.login(sam, PASSWORD, a.slug()))).status())
			.as("tenant admins only")
			.isEqualTo(403);
	}

	@Test
	void aBrokenDocumentChangesNothingAndNamesEveryError() {
		SignedUp a = TestTenants.signUp(this.api, "config-broken");
		SignedUp b = TestTenants.signUp(this.api, "config-broken-b");
		String rep = "rep@" + a.slug() + ".example.com";
		user(a, rep, "EMEA", "sdr");
		JsonNode before = this.api.get("/api/v1/config", a.auth()).json();
		JsonNode bBefore = this.api.get("/api/v1/config", b.auth()).json();
		int stageVersions = count(a, "/api/v1/stage-models");

		ObjectNode broken = (ObjectNode) before.deepCopy();
		((ObjectNode) broken.get("stageModel")).put("fastTrackWindowDays", 5);
		((ObjectNode) broken.get("stageModel").get("stages").get(0)).put("definition", "x".repeat(2001));
		((ObjectNode) broken.get("sla").get("policies").get(0)).put("minutes", 0);
		((ObjectNode) broken.get("sla").get("calendar")).put("timeZone", "Mars/Olympus");
		((ObjectNode) broken.get("routing")).set("teams",
				JSON.valueToTree(List.of(Map.of("name", "EMEA", "reps", List.of(Map.of("email", rep, "weight", 1))),
						Map.of("name", "APAC", "reps",
								List.of(Map.of("email", "nobody@nowhere.example.com", "weight", 1),
										Map.of("email", rep, "weight", 1))))));
		broken.set("webhooks",
				JSON.valueToTree(
						List.of(Map.of("url", "http://127.0.0.1:9/fine", "eventTypes", List.of("stage.changed")),
								Map.of("url", "not a url", "eventTypes", List.of("no.such.event")))));
		broken.set("campaigns", JSON.valueToTree(List.of(Map.of("key", "ok"), Map.of("key", "costly", "costs",
				List.of(Map.of("month", "2026-13", "amount", Map.of("amount", "1.00", "currency", "EUR")))))));
		((ObjectNode) broken.get("revenue")).put("attributionLookbackDays", 0);
		broken.set("alerts",
				JSON.valueToTree(List.of(
						Map.of("name", "Fine", "event", "payment_received", "recipients", Map.of("owner", true)),
						Map.of("name", "Won deals", "event", "deal_won", "recipients", Map.of("owner", true)),
						Map.of("name", "Someone", "event", "payment_received", "recipients",
								Map.of("users", List.of(rep, "nobody@nowhere.example.com"))))));
		broken.set("connectors", JSON.valueToTree(List.of(Map.of("name", "Stripe live", "connector", "stripe"),
				Map.of("name", "Nowhere", "connector", "no-such-connector"))));

		ApiClient.Response refused = put(a, "", JSON.writeValueAsString(broken), "application/json");
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		List<String> fields = new ArrayList<>();
		refused.json().get("errors").values().forEach((e) -> fields.add(e.get("field").asString()));
		assertThat(fields).contains("stageModel.stages[0].definition", "sla.policies[0].minutes",
				"sla.calendar.timeZone", "routing.teams[1].reps[0].email", "routing.teams[1].reps[1].email",
				"webhooks[1].url", "webhooks[1].eventTypes", "campaigns[1].costs[0].month",
				"revenue.attributionLookbackDays", "connectors[0].config.webhookSecret", "connectors[1].connector",
				"alerts[1].event", "alerts[2].recipients.users[1]");
		assertThat(fields).doesNotContain("alerts[2].recipients.users[0]");
		String detail = refused.json().get("detail").asString();
		assertThat(detail).contains("routing.teams[1].reps[0].email: no user with this email in this tenant")
			.contains("alerts[2].recipients.users[1]: no user with this email in this tenant")
			.contains("a secret is never in the document")
			.doesNotContain("java.")
			.doesNotContain("Exception");
		assertThat(this.api.get("/api/v1/config", a.auth()).json()).as("nothing changed").isEqualTo(before);
		assertThat(count(a, "/api/v1/stage-models")).isEqualTo(stageVersions);
		assertThat(this.api.get("/api/v1/audit?action=config", a.auth()).json().get("items").size()).isZero();

		// a dry run of it names the same errors
		ApiClient.Response dry = put(a, "?dryRun=true", JSON.writeValueAsString(broken), "application/json");
		assertThat(dry.status()).isEqualTo(400);
		assertThat(dry.json().get("errors").size()).isEqualTo(refused.json().get("errors").size());

		// unknown fields are refused with their path; bad YAML and bad types never give
		// 500
		ObjectNode unknown = (ObjectNode) before.deepCopy();
		((ObjectNode) unknown.get("routing")).put("colour", "blue");
		ApiClient.Response strange = put(a, "", JSON.writeValueAsString(unknown), "application/json");
		assertThat(strange.status()).isEqualTo(400);
		assertThat(strange.json().get("detail").asString()).contains("colour").contains("routing");
		ApiClient.Response badYaml = put(a, "", "stageModel: [unclosed\n  - {", "application/yaml");
		assertThat(badYaml.status()).as(badYaml.toString()).isEqualTo(400);
		assertThat(badYaml.contentType()).startsWith("application/problem+json");
		assertThat(badYaml.json().get("detail").asString()).contains("YAML");
		ApiClient.Response wrongType = put(a, "", "routing:\n  teams: 7\n", "application/yaml");
		assertThat(wrongType.status()).as(wrongType.toString()).isEqualTo(400);
		assertThat(wrongType.json().get("detail").asString()).contains("routing.teams").doesNotContain("java");
		ApiClient.Response list = put(a, "", "[]", "application/json");
		assertThat(list.status()).isEqualTo(400);
		ApiClient.Response text = put(a, "", "hello", "text/plain");
		assertThat(text.status()).isEqualTo(415);
		assertThat(this.api.get("/api/v1/config", a.auth()).json()).isEqualTo(before);
		assertThat(this.api.get("/api/v1/config", b.auth()).json()).isEqualTo(bBefore);
	}

	// ---- helpers --------------------------------------------------------------------

	/**
	 * Tenant A: its own stage model, a signed scoring model, SLA, routing, hook,
	 * campaign.
	 */
	private void configure(SignedUp a, String mia, String sam) {
		Map<String, Object> stageModel = map(this.api.get("/api/v1/stage-model", a.auth()).json());
		stageModel.remove("version");
		stageModel.remove("fastTrackWindow");
		stageModel.put("fastTrackWindowDays", 3);
		ApiClient.Response published = this.api.put("/api/v1/stage-model", stageModel, a.auth());
		assertThat(published.status()).as(published.toString()).isEqualTo(200);

		Map<String, Object> scoring = map(
				this.api.get("/api/v1/scoring-models", a.auth()).json().get("items").get(0).get("definition"));
		@SuppressWarnings("unchecked")
		List<Object> behaviour = new ArrayList<>((List<Object>) scoring.get("behaviourRules"));
		behaviour.add(Map.of("id", "webinar", "type", "webinar_attended", "points", 35));
		scoring.put("behaviourRules", behaviour);
		scoring.put("mqlBehaviour", 60);
		ApiClient.Response draft = this.api.post("/api/v1/scoring-models",
				Map.of("name", "With webinars", "definition", scoring), a.auth());
		assertThat(draft.status()).as(draft.toString()).isEqualTo(201);
		String id = draft.json().get("id").asString();
		assertThat(this.api.post("/api/v1/scoring-models/" + id + "/propose", Map.of(), a.auth()).status())
			.isEqualTo(200);
		assertThat(this.api
			.post("/api/v1/scoring-models/" + id + "/approvals", Map.of(),
					ApiClient.bearer(TestTenants.login(mia, PASSWORD, a.slug())))
			.status()).isEqualTo(200);
		assertThat(this.api
			.post("/api/v1/scoring-models/" + id + "/approvals", Map.of(),
					ApiClient.bearer(TestTenants.login(sam, PASSWORD, a.slug())))
			.json()
			.get("status")
			.asString()).isEqualTo("ACTIVE");

		ObjectNode sla = (ObjectNode) this.api.get("/api/v1/sla-policies", a.auth()).json();
		for (JsonNode policy : sla.get("policies").values()) {
			if ("MQL".equals(policy.get("stage").asString())) {
				((ObjectNode) policy).put("minutes", 120);
			}
		}
		assertThat(this.api.put("/api/v1/sla-policies", sla, a.auth()).status()).isEqualTo(200);
		ApiClient.Response routing = this.api.put("/api/v1/routing",
				Map.of("rules", List.of(Map.of("team", "EMEA", "countries", List.of("DE"))), "defaultTeam", "EMEA",
						"reps", List.of(Map.of("userId", userId(a, sam), "weight", 2, "capacity", 50, "away", false))),
				a.auth());
		assertThat(routing.status()).as(routing.toString()).isEqualTo(200);
		assertThat(this.api
			.post("/api/v1/webhooks",
					Map.of("url", "http://127.0.0.1:9/config-hook", "eventTypes", List.of("stage.changed")), a.auth())
			.status()).isEqualTo(201);
		ApiClient.Response campaign = this.api.post("/api/v1/campaigns",
				Map.of("key", "spring-launch", "name", "Spring launch", "channel", "events"), a.auth());
		assertThat(campaign.status()).isEqualTo(201);
		assertThat(this.api
			.put("/api/v1/campaigns/" + campaign.json().get("id").asString() + "/costs", Map.of("costs",
					List.of(Map.of("month", "2026-11", "amount", Map.of("amount", "1200.00", "currency", "EUR")))),
					a.auth())
			.status()).isEqualTo(200);
		assertThat(this.api.put("/api/v1/revenue-settings", Map.of("reportingCurrency", "EUR"), a.auth()).status())
			.isEqualTo(200);
		ApiClient.Response alerts = this.api.put("/api/v1/alert-rules",
				Map.of("rules", List.of(
						Map.of("name", "Big payments", "event", "payment_received", "conditions",
								Map.of("minimumAmount", Map.of("amount", "1000.00", "currency", "EUR")), "recipients",
								Map.of("users", List.of(userId(a, mia)), "roles", List.of("finance"),
										"fallbackToAdmins", false)),
						Map.of("name", "New customer: finance", "event", "customer_created", "enabled", false,
								"recipients", Map.of("roles", List.of("finance"))))),
				a.auth());
		assertThat(alerts.status()).as(alerts.toString()).isEqualTo(200);
	}

	/** A payment by the same payer, in a tenant. */
	private void pay(SignedUp tenant, String externalId, String amount) {
		Map<String, Object> payment = new LinkedHashMap<>();
		payment.put("type", "payment_succeeded");
		payment.put("occurredAt", Instant.now().minusSeconds(1).toString());
		payment.put("source", "stripe");
		payment.put("externalId", externalId);
		payment.put("person", Map.of("email", "payer@initech.com"));
		payment.put("amount", Map.of("amount", amount, "currency", "EUR"));
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", List.of(payment)),
				tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	/** The titles of the payment alerts in a user's inbox, newest first. */
	private List<String> alerts(String[] auth) {
		List<String> titles = new ArrayList<>();
		for (JsonNode notice : this.api.get("/api/v1/notifications?limit=200", auth).json().get("items").values()) {
			if (notice.get("kind").asString().equals("payment_received")) {
				titles.add(notice.get("title").asString());
			}
		}
		return titles;
	}

	/** The same lead, with the same activities, in a tenant: as it is afterwards. */
	private JsonNode lead(SignedUp tenant) {
		Instant now = Instant.now();
		List<Map<String, Object>> events = new ArrayList<>();
		Map<String, Object> person = Map.of("email", "lead@initech.com", "title", "VP Engineering");
		events.add(Map.of("type", "webinar_attended", "occurredAt", now.minusSeconds(120).toString(), "source", "web",
				"externalId", "webinar-1", "person", person));
		events.add(Map.of("type", "content_downloaded", "occurredAt", now.minusSeconds(60).toString(), "source", "web",
				"externalId", "download-1", "person", person));
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", events), tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		String id = response.json().get("results").get(0).get("personId").asString();
		return this.api.get("/api/v1/people/" + id, tenant.auth()).json();
	}

	private void user(SignedUp tenant, String email, String team, String... roles) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("email", email);
		body.put("password", PASSWORD);
		body.put("roles", List.of(roles));
		if (team != null) {
			body.put("team", team);
		}
		ApiClient.Response created = this.api.post("/api/v1/users", body, tenant.auth());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
	}

	private String userId(SignedUp tenant, String email) {
		for (JsonNode user : this.api.get("/api/v1/users?limit=200", tenant.auth()).json().get("items").values()) {
			if (email.equals(user.get("email").asString())) {
				return user.get("id").asString();
			}
		}
		throw new AssertionError("no user " + email);
	}

	private ApiClient.Response put(SignedUp tenant, String query, String body, String contentType) {
		return this.api.send("PUT", "/api/v1/config" + query, body, contentType, tenant.auth());
	}

	private int count(SignedUp tenant, String path) {
		return this.api.get(path + "?limit=200", tenant.auth()).json().get("items").size();
	}

	private static List<String> paths(JsonNode result) {
		List<String> paths = new ArrayList<>();
		result.get("changes").values().forEach((change) -> paths.add(change.get("path").asString()));
		return paths;
	}

	/** Each change as a line: proposals marked, ids of proposals left out. */
	private static List<String> changes(JsonNode result) {
		List<String> lines = new ArrayList<>();
		for (JsonNode change : result.get("changes").values()) {
			lines.add((change.get("proposal").asBoolean() ? "proposal " : "") + change.get("path").asString() + " "
					+ change.get("kind").asString() + " " + text(change.get("before")) + " -> "
					+ text(change.get("after")));
		}
		return lines;
	}

	private static String text(JsonNode node) {
		return (node == null || node.isNull()) ? "null" : node.toString();
	}

	private static JsonNode without(JsonNode document, String... sections) {
		ObjectNode copy = (ObjectNode) document.deepCopy();
		for (String section : sections) {
			copy.remove(section);
		}
		return copy;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(JsonNode node) {
		return JSON.convertValue(node, LinkedHashMap.class);
	}

	private static String[] with(String[] auth, String name, String value) {
		String[] headers = java.util.Arrays.copyOf(auth, auth.length + 2);
		headers[auth.length] = name;
		headers[auth.length + 1] = value;
		return headers;
	}

}
