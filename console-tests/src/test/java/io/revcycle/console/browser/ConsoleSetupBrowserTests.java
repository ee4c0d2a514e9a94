package io.revcycle.console.browser;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import io.revcycle.testsupport.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin's setup pages in a real browser, through the gateway, signed in on Keycloak's
 * login page: SLA policies, the escalation ladder and the calendar edited field by field,
 * the platform's problems beside the fields they name, compliance per stage, team and
 * owner, routing's reps and away toggle, and the scoring rule editor. What the forms save
 * is read back through the API.
 */
class ConsoleSetupBrowserTests {

	static ConsoleStack stack;

	@BeforeAll
	static void stack() {
		Chromium.assumeInstalled();
		stack = ConsoleStack.get();
	}

	@Test
	void anAdminEditsAnSlaPolicyAndAnEscalationStepByFormAndThePlatformsDocumentShowsTheChange() {
		ConsoleStack.Tenant tenant = stack.tenant("sla-form");
		String[] admin = tenant.auth("tenant-admin");
		JsonNode before = ok(stack.api().get("/api/v1/sla-policies", admin));
		assertThat(policy(before, "MQL").get("minutes").asInt()).as("the default this test changes").isEqualTo(240);
		int mql = index(before, "MQL");
		String p = "policies[" + mql + "]";
		try (BrowserContext session = Chromium.session()) {
			Page page = stack.adminOn(session, tenant, "/slas");
			assertThat(field(page, p + ".stage").inputValue()).isEqualTo("MQL");
			assertThat(page.locator("[data-row='" + p + "'] table.ladder tbody tr").count()).isEqualTo(2);
			field(page, p + ".minutes").fill("180");
			field(page, p + ".ladder[1].afterMinutes").fill("90");
			field(page, p + ".ladder[1].action").selectOption("reassign");

			// a row added: the page comes back with the edits kept and nothing saved
			ConsoleStack.submit(page, "button[data-rows='" + p + ".ladder']");
			assertThat(page.locator("#unsaved").isVisible()).isTrue();
			assertThat(field(page, p + ".minutes").inputValue()).as("kept across the new row").isEqualTo("180");
			assertThat(field(page, p + ".ladder[1].action").inputValue()).isEqualTo("reassign");
			assertThat(page.locator("[data-row='" + p + "'] table.ladder tbody tr").count()).isEqualTo(3);
			field(page, p + ".ladder[2].afterMinutes").fill("240");
			field(page, p + ".ladder[2].action").selectOption("escalate_manager");
			ConsoleStack.submit(page, "button[data-rows='calendar.holidays']");
			field(page, "calendar.holidays[0]").fill("2026-12-24");
			page.locator("#f-calendar-workingDays input[value=FRIDAY]").uncheck();
			page.locator("fieldset[data-row='" + p + "']")
				.evaluate("e => { e.scrollIntoView(); window.scrollBy(0, -64); }");
			Chromium.screenshot(page, "slas-form");
			ConsoleStack.submit(page, "#save-slas");
			assertThat(page.url()).endsWith("/slas?saved");
			assertThat(page.locator("#saved").isVisible()).isTrue();
			assertThat(field(page, p + ".minutes").inputValue()).isEqualTo("180");
		}
		JsonNode after = ok(stack.api().get("/api/v1/sla-policies", admin));
		JsonNode changed = policy(after, "MQL");
		assertThat(changed.get("minutes").asInt()).isEqualTo(180);
		assertThat(steps(changed)).containsExactly("0 notify_owner", "90 reassign", "240 escalate_manager");
		assertThat(after.at("/calendar/holidays").toString()).isEqualTo("[\"2026-12-24\"]");
		assertThat(after.at("/calendar/workingDays").toString())
			.isEqualTo("[\"MONDAY\",\"TUESDAY\",\"WEDNESDAY\",\"THURSDAY\"]");
		assertThat(policy(after, "SAL")).as("what the form did not change comes back as it was")
			.isEqualTo(policy(before, "SAL"));
		assertThat(policy(after, "Opportunity")).isEqualTo(policy(before, "Opportunity"));

		// a step removed
		try (BrowserContext session = Chromium.session()) {
			Page page = stack.adminOn(session, tenant, "/slas");
			ConsoleStack.submit(page, "button[data-row='" + p + ".ladder[1]']");
			assertThat(page.locator("[data-row='" + p + "'] table.ladder tbody tr").count()).isEqualTo(2);
			ConsoleStack.submit(page, "#save-slas");
			assertThat(page.locator("#saved").isVisible()).isTrue();
		}
		assertThat(steps(policy(ok(stack.api().get("/api/v1/sla-policies", admin)), "MQL")))
			.containsExactly("0 notify_owner", "240 escalate_manager");
	}

	@Test
	void anInvalidValueShowsThePlatformsDetailBesideTheFieldAndChangesNothing() {
		ConsoleStack.Tenant tenant = stack.tenant("sla-invalid");
		String[] admin = tenant.auth("tenant-admin");
		JsonNode before = ok(stack.api().get("/api/v1/sla-policies", admin));
		String p = "policies[" + index(before, "MQL") + "]";
		try (BrowserContext session = Chromium.session()) {
			Page page = stack.adminOn(session, tenant, "/slas");
			field(page, p + ".minutes").fill("0");
			field(page, p + ".ladder[1].afterMinutes").fill("45");
			field(page, "calendar.timeZone").fill("Mars/Olympus");
			Response response = page.waitForResponse(
					(r) -> r.url().equals(stack.url() + "/slas") && "POST".equals(r.request().method()),
					() -> page.locator("#save-slas").click());
			page.waitForLoadState();
			assertThat(response.status()).isEqualTo(400);

			Locator minutesError = page.locator("[name='" + p + ".minutes'] + .field-error");
			assertThat(minutesError.getAttribute("data-field")).isEqualTo(p + ".minutes");
			assertThat(minutesError.textContent()).isEqualTo("must be more than 0 and at most a year (527040)");
			assertThat(field(page, p + ".minutes").getAttribute("class")).contains("invalid");
			assertThat(page.locator("[name='calendar.timeZone'] + .field-error").textContent())
				.isEqualTo("'Mars/Olympus' is not a time zone such as Europe/Berlin");
			assertThat(page.locator(".field-error").count()).as("only the fields the platform named").isEqualTo(2);
			assertThat(page.locator("#notice, [role=alert]").allTextContents().toString())
				.contains(p + ".minutes: must be more than 0");
			assertThat(field(page, p + ".minutes").inputValue()).as("the edits are kept to fix").isEqualTo("0");
			assertThat(field(page, p + ".ladder[1].afterMinutes").inputValue()).isEqualTo("45");
			Chromium.screenshot(page, "slas-invalid");
		}
		assertThat(ok(stack.api().get("/api/v1/sla-policies", admin))).as("nothing changed").isEqualTo(before);
	}

	@Test
	void complianceByStageTeamAndOwnerIsShownAfterABreach() {
		ConsoleStack.Tenant tenant = stack.tenant("sla-breach");
		ApiClient api = stack.api();
		String[] admin = tenant.auth("tenant-admin");
		ok(api.put("/api/v1/routing", Map.of("rules", List.of(), "defaultTeam", "Demo", "reps",
				List.of(Map.of("userId", tenant.ids().get("sdr"), "weight", 1))), admin));
		ObjectNode terms = (ObjectNode) ok(api.get("/api/v1/sla-policies", admin));
		ObjectNode mql = (ObjectNode) policy(terms, "MQL");
		mql.put("minutes", 1);
		mql.put("businessTime", false);
		ok(api.put("/api/v1/sla-policies", terms, admin));
		// entered MQL ten minutes ago, due after one: breached at once
		ok(api.post("/api/v1/events", Map.of("events", List.of(demoRequest("late-1", "late"))), admin));
		JsonNode report = awaitBreach(api, admin);
		assertThat(report.toString()).contains(tenant.ids().get("sdr"));

		try (BrowserContext session = Chromium.session()) {
			Page page = stack.adminOn(session, tenant, "/slas");
			Locator stage = page.locator("#compliance-stage tr[data-stage=MQL]");
			assertThat(stage.locator("td.breached").textContent()).isEqualTo("1");
			assertThat(stage.locator("td.met").textContent()).isEqualTo("0");
			assertThat(stage.locator("td.share").textContent()).isEqualTo("0%");
			Locator team = page.locator("#compliance-team tr[data-stage=MQL][data-team=Demo]");
			assertThat(team.locator("td.breached").textContent()).isEqualTo("1");
			Locator owner = page.locator("#compliance-owner tr[data-stage=MQL]");
			assertThat(owner.count()).isEqualTo(1);
			assertThat(owner.locator("td.owner").textContent()).isEqualTo(tenant.email("sdr"));
			assertThat(owner.locator("td.breached").textContent()).isEqualTo("1");
			assertThat(page.locator("#breaches-by-step tr[data-stage=MQL][data-step='0'] td.breaches").textContent())
				.isEqualTo("1");
			Locator breach = page.locator("#breaches tbody tr[data-stage=MQL]");
			assertThat(breach.count()).isEqualTo(1);
			assertThat(breach.locator("td.notified").textContent()).as("the owner was notified")
				.isEqualTo(tenant.email("sdr"));
			page.locator("#compliance-stage").scrollIntoViewIfNeeded();
			Chromium.screenshot(page, "slas-compliance");
		}
	}

	@Test
	void anAdminEditsARoutingRepsWeightAndCapacityAndTogglesAway() {
		ConsoleStack.Tenant tenant = stack.tenant("routing-form");
		ApiClient api = stack.api();
		String[] admin = tenant.auth("tenant-admin");
		String sdr = tenant.ids().get("sdr");
		String ae = tenant.ids().get("ae");
		ok(api.put("/api/v1/routing",
				Map.of("rules", List.of(), "defaultTeam", "Demo", "reps", List.of(Map.of("userId", sdr, "weight", 1))),
				admin));
		try (BrowserContext session = Chromium.session()) {
			Page page = stack.adminOn(session, tenant, "/routing");
			Locator sdrRow = page.locator("#reps tr[data-rep='" + tenant.email("sdr") + "']");
			assertThat(sdrRow.locator("td.team").textContent()).isEqualTo("Demo");
			field(page, "reps[0].weight").fill("3");
			field(page, "reps[0].capacity").fill("25");
			ConsoleStack.submit(page, "button[data-rows=reps]");
			assertThat(page.locator("#unsaved").isVisible()).isTrue();
			assertThat(field(page, "reps[0].weight").inputValue()).isEqualTo("3");
			field(page, "reps[1].userId").selectOption(ae);
			field(page, "reps[1].weight").fill("0");
			Response refused = page.waitForResponse(
					(r) -> r.url().equals(stack.url() + "/routing") && "POST".equals(r.request().method()),
					() -> page.locator("#save-routing").click());
			page.waitForLoadState();
			assertThat(refused.status()).isEqualTo(400);
			assertThat(page.locator("[name='reps[1].weight'] + .field-error").textContent())
				.isEqualTo("must be 1 to 1000");
			assertThat(routing(api, admin)).as("nothing saved while the platform refuses")
				.containsExactly(sdr + " 1 null false");
			field(page, "reps[1].weight").fill("2");
			ConsoleStack.submit(page, "#save-routing");
			assertThat(page.locator("#saved").isVisible()).isTrue();
			assertThat(routing(api, admin)).containsExactly(sdr + " 3 25 false", ae + " 2 null false");

			sdrRow = page.locator("#reps tr[data-rep='" + tenant.email("sdr") + "']");
			assertThat(sdrRow.locator("td.away .pill").textContent()).isEqualTo("Available");
			ConsoleStack.submit(page, "#reps tr[data-rep='" + tenant.email("sdr") + "'] .away-toggle");
			assertThat(page.locator("#away-changed").isVisible()).isTrue();
			assertThat(sdrRow.locator("td.away .pill").textContent()).isEqualTo("Away");
			assertThat(routing(api, admin)).containsExactly(sdr + " 3 25 true", ae + " 2 null false");
			assertThat(ok(api.get("/api/v1/users/" + sdr, admin)).get("away").asBoolean()).isTrue();
			assertThat(page.locator("#teams tr[data-team=Demo]").textContent()).contains(tenant.email("sdr"));
			Chromium.screenshot(page, "routing");

			ConsoleStack.submit(page, "#reps tr[data-rep='" + tenant.email("sdr") + "'] .away-toggle");
			assertThat(sdrRow.locator("td.away .pill").textContent()).isEqualTo("Available");
			assertThat(routing(api, admin)).containsExactly(sdr + " 3 25 false", ae + " 2 null false");
		}
	}

	@Test
	void aScoringDraftIsEditedByRowsAndProposed() {
		ConsoleStack.Tenant tenant = stack.tenant("scoring-rows");
		ApiClient api = stack.api();
		String[] marketing = tenant.auth("marketing");
		int versions = ok(api.get("/api/v1/scoring-models", marketing)).get("items").size();
		String version;
		try (BrowserContext session = Chromium.session()) {
			Page page = session.newPage();
			page.navigate(stack.url() + "/");
			stack.logIn(page, tenant.email("marketing"), tenant.password());
			page.navigate(stack.url() + "/scoring/new");
			assertThat(page.locator("#fit-rules tbody tr[data-row]").count()).as("the active rules").isEqualTo(5);
			assertThat(page.locator("#behaviour-rules tbody tr[data-row]").count()).isEqualTo(10);
			page.locator("#name").fill("Webinars and pricing");
			Locator pricing = page.locator("#behaviour-rules tr[data-rule=pricing-page]");
			pricing.locator("input[name$='.points']").fill("35");
			pricing.locator("input[name$='.cap']").fill("70");
			ConsoleStack.submit(page, "#behaviour-rules tr[data-rule=email-open] button.row-remove");
			assertThat(page.locator("#behaviour-rules tr[data-rule=email-open]").count()).isZero();
			ConsoleStack.submit(page, "button[data-rows='definition.behaviourRules']");
			assertThat(page.locator("#unsaved").isVisible()).isTrue();
			assertThat(page.locator("#behaviour-rules tr[data-rule=pricing-page] input[name$='.points']").inputValue())
				.isEqualTo("35");
			String row = "definition.behaviourRules[9]";
			field(page, row + ".id").fill("webinar");
			field(page, row + ".type").fill("Webinar attended");
			field(page, row + ".points").fill("20");
			field(page, row + ".cap").fill("40");
			field(page, row + ".capPeriodDays").fill("7");
			page.locator("#fit-rules tr[data-rule=company-size] input[name$='.min']").fill("100");

			Response refused = page.waitForResponse(
					(r) -> r.url().equals(stack.url() + "/scoring/new") && "POST".equals(r.request().method()),
					() -> page.locator("#save-draft").click());
			page.waitForLoadState();
			assertThat(refused.status()).isEqualTo(400);
			assertThat(page.locator("[name='" + row + ".type'] + .field-error").textContent())
				.isEqualTo("is required: a lowercase activity type such as page_view");
			assertThat(ok(api.get("/api/v1/scoring-models", marketing)).get("items").size())
				.as("no draft while the platform refuses")
				.isEqualTo(versions);
			page.locator("#behaviour-rules").evaluate("e => { e.scrollIntoView(); window.scrollBy(0, -64); }");
			Chromium.screenshot(page, "scoring-editor");
			field(page, row + ".type").fill("webinar_attended");
			page.locator("#save-draft").click();
			page.waitForURL(Pattern.compile(".*/scoring/[0-9a-f-]{36}"));
			version = page.url();
			assertThat(page.locator("#status").textContent()).isEqualTo("Draft");
			ConsoleStack.submit(page, "#propose");
			assertThat(page.locator("#status").textContent()).isEqualTo("Proposed");
		}
		JsonNode draft = ok(
				api.get("/api/v1/scoring-models/" + version.substring(version.lastIndexOf('/') + 1), marketing));
		assertThat(draft.get("status").asString()).isEqualTo("PROPOSED");
		assertThat(draft.get("name").asString()).isEqualTo("Webinars and pricing");
		Map<String, JsonNode> rules = new HashMap<>();
		draft.at("/definition/behaviourRules").forEach((r) -> rules.put(r.get("id").asString(), r));
		assertThat(rules).hasSize(10).doesNotContainKey("email-open");
		assertThat(rules.get("pricing-page").toString()).contains("\"points\":35", "\"cap\":70",
				"\"contains\":\"/pricing\"");
		assertThat(rules.get("webinar").get("type").asString()).isEqualTo("webinar_attended");
		assertThat(rules.get("webinar").get("points").asInt()).isEqualTo(20);
		assertThat(rules.get("webinar").get("cap").asInt()).isEqualTo(40);
		assertThat(rules.get("webinar").get("capPeriodDays").asInt()).isEqualTo(7);
		JsonNode size = null;
		for (JsonNode rule : draft.at("/definition/fitRules")) {
			if ("company-size".equals(rule.get("id").asString())) {
				size = rule;
			}
		}
		assertThat(size.get("min").asDouble()).isEqualTo(100.0);
		assertThat(size.get("max").asDouble()).as("unchanged").isEqualTo(5000.0);
		assertThat(draft.at("/definition/fitRules").size()).isEqualTo(5);
		assertThat(draft.at("/definition/halfLifeDays").asDouble()).isEqualTo(30.0);
	}

	// helpers

	/** The input named by a path of the platform's document. */
	private static Locator field(Page page, String path) {
		return page.locator("[name='" + path + "']:not([type=hidden])");
	}

	private static int index(JsonNode terms, String stage) {
		ArrayNode policies = (ArrayNode) terms.get("policies");
		for (int i = 0; i < policies.size(); i++) {
			if (stage.equals(policies.get(i).get("stage").asString())) {
				return i;
			}
		}
		throw new AssertionError("No policy for " + stage + " in " + terms);
	}

	private static JsonNode policy(JsonNode terms, String stage) {
		return terms.get("policies").get(index(terms, stage));
	}

	private static List<String> steps(JsonNode policy) {
		List<String> steps = new ArrayList<>();
		policy.get("ladder")
			.forEach((s) -> steps.add(s.get("afterMinutes").asInt() + " " + s.get("action").asString()));
		return steps;
	}

	/** The reps as {@code userId weight capacity away}. */
	private static List<String> routing(ApiClient api, String[] auth) {
		List<String> reps = new ArrayList<>();
		ok(api.get("/api/v1/routing", auth)).get("reps")
			.forEach((r) -> reps.add(r.get("userId").asString() + " " + r.get("weight").asInt() + " "
					+ (r.path("capacity").isNull() || r.path("capacity").isMissingNode() ? "null"
							: r.get("capacity").asInt())
					+ " " + r.get("away").asBoolean()));
		return reps;
	}

	private static JsonNode awaitBreach(ApiClient api, String[] auth) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
		while (true) {
			JsonNode report = ok(api.get("/api/v1/analytics/sla", auth));
			for (JsonNode row : report.get("byOwner")) {
				if ("MQL".equals(row.get("stage").asString()) && row.get("breached").asLong() > 0) {
					return report;
				}
			}
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("No MQL breach within 120 s: " + report);
			}
			try {
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

	private static Map<String, Object> demoRequest(String externalId, String name) {
		Map<String, Object> event = new HashMap<>();
		event.put("type", "demo_requested");
		event.put("occurredAt", Instant.now().minusSeconds(600).toString());
		event.put("source", "web");
		event.put("externalId", externalId);
		event.put("person", Map.of("email", name + "@" + name + ".example", "firstName", name, "title", "VP Sales"));
		event.put("account", Map.of("domain", name + ".example", "name", name + " Inc.", "industry", "Software",
				"employees", 200, "country", "US"));
		return event;
	}

	private static JsonNode ok(ApiClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

}
