package io.revcycle.console.browser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestServices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser, through the gateway's address, signing in on Keycloak's
 * real login page: what the console issue's "Must show" list asks for. Each test saves a
 * screenshot (see {@link Chromium#screenshot}).
 */
class ConsoleBrowserTests {

	static ConsoleStack stack;

	@BeforeAll
	static void stack() {
		Chromium.assumeInstalled();
		stack = ConsoleStack.get();
	}

	@Test
	void everyDemoRoleSignsInOnKeycloaksLoginPageThroughTheGatewayAndSignsOutOfKeycloak() {
		ConsoleStack.Tenant tenant = stack.tenant("roles");
		for (String role : List.of("tenant-admin", "marketing", "sdr", "ae", "finance", "support")) {
			try (BrowserContext session = Chromium.session()) {
				Page page = session.newPage();
				page.navigate(stack.url() + "/");
				assertThat(page.url()).as("the login page is Keycloak's").startsWith(TestServices.keycloak().issuer());
				if ("tenant-admin".equals(role)) {
					Chromium.screenshot(page, "login");
				}
				stack.logIn(page, tenant.email(role), tenant.password());
				assertThat(page.url()).as("back on the gateway's address").startsWith(stack.url() + "/");
				assertThat(page.locator("#tenant").textContent()).isEqualTo(tenant.slug());
				assertThat(page.locator("#roles").textContent()).isEqualTo(role);
				assertThat(page.locator("nav.sidebar").isVisible()).isTrue();
				if ("tenant-admin".equals(role)) {
					assertThat(page.locator("#setup-checklist").isVisible()).as("an admin's home: the checklist")
						.isTrue();
					Chromium.screenshot(page, "home-admin");
					// signing out ends the Keycloak session too: the next visit asks for
					// the
					// password again
					page.locator("details.account-menu summary").click();
					page.locator("#sign-out").click();
					page.waitForURL((url) -> url
						.startsWith(TestServices.keycloak().issuer() + "/protocol/openid-connect/auth"));
					page.navigate(stack.url() + "/");
					assertThat(page.url()).startsWith(TestServices.keycloak().issuer());
					assertThat(page.locator("#username, #password").count()).isPositive();
				}
				if ("sdr".equals(role)) {
					assertThat(page.url()).as("an SDR's home is the queue").isEqualTo(stack.url() + "/queue");
				}
			}
		}
	}

	@Test
	void anSdrAcceptsTheFirstMqlInTheirQueueAndTheQueueMovesOnToTheNext() {
		ConsoleStack.Tenant tenant = stack.tenant("queue");
		ApiClient api = stack.api();
		String[] admin = tenant.auth("tenant-admin");
		ok(api.put("/api/v1/routing", Map.of("rules", List.of(), "defaultTeam", "Demo", "reps",
				List.of(Map.of("userId", tenant.ids().get("sdr"), "weight", 1))), admin));
		for (int i = 1; i <= 3; i++) {
			// one call each: the first in becomes due first
			ok(api.post("/api/v1/events", Map.of("events", List.of(demoRequest("q-" + i, "lead" + i))), admin));
		}
		List<String> due = new ArrayList<>();
		ok(api.get("/api/v1/people?owner=me&stage=MQL&sort=slaDue", tenant.auth("sdr"))).get("items")
			.forEach((p) -> due.add(p.get("email").asString()));
		assertThat(due).hasSize(3);

		try (BrowserContext session = Chromium.session()) {
			Page page = session.newPage();
			page.navigate(stack.url() + "/");
			stack.logIn(page, tenant.email("sdr"), tenant.password());
			assertThat(page.url()).isEqualTo(stack.url() + "/queue");
			Locator rows = page.locator("#my-queue tr.queue-item");
			assertThat(rows.count()).isEqualTo(3);
			assertThat(emails(page)).as("sorted by SLA due time").isEqualTo(due);
			Locator countdown = rows.first().locator(".countdown");
			// polled from here: the console's CSP (script-src 'self') refuses the eval a
			// page-side poll needs
			page.waitForCondition(() -> page.locator("#my-queue .countdown").first().textContent().endsWith("left"));
			assertThat(countdown.textContent()).as("a live countdown, not the raw due time")
				.matches("(\\d+d \\d+h|\\d+h \\d+m|\\d+m \\d+s) left");
			assertThat(countdown.getAttribute("class")).containsAnyOf("green", "amber");
			Chromium.screenshot(page, "queue");

			rows.first().locator("button.accept").click();
			page.locator("#done").waitFor();
			assertThat(page.locator("#done").textContent()).startsWith("Accepted");
			assertThat(page.locator("#mine-count").textContent()).isEqualTo("2");
			assertThat(emails(page)).as("the next lead is on top").isEqualTo(due.subList(1, 3));
			// polled from here: the console's CSP (script-src 'self') refuses the eval a
			// page-side poll needs
			page.waitForCondition(() -> page.locator("#my-queue .countdown").first().textContent().endsWith("left"));
			assertThat(page.url()).as("no reload").isEqualTo(stack.url() + "/queue");
			Chromium.screenshot(page, "queue-accepted");
		}
		JsonNode accepted = ok(api.get("/api/v1/people?email=" + due.get(0), admin)).get("items").get(0);
		assertThat(accepted.get("stage").asString()).isEqualTo("SAL");
	}

	@Test
	void anAdminCreatesAStripeConnectionThroughTheGeneratedFormAndSeesItsWebhookUrl() {
		ConsoleStack.Tenant tenant = stack.tenant("stripe");
		String secret = "whsec_" + UUID.randomUUID().toString().replace("-", "");
		try (BrowserContext session = Chromium.session()) {
			Page page = session.newPage();
			page.navigate(stack.url() + "/");
			stack.logIn(page, tenant.email("tenant-admin"), tenant.password());
			page.navigate(stack.url() + "/connectors");
			page.locator("[data-connector=stripe] a.button").click();
			page.waitForURL(Pattern.compile(".*/connectors/new\\?connector=stripe"));
			Locator secretField = page.locator("#connector-form input[type=password]").first();
			assertThat(secretField.getAttribute("autocomplete")).isEqualTo("new-password");
			page.locator("#name").fill("Stripe live");
			secretField.fill(secret);
			Chromium.screenshot(page, "connector-form");
			page.locator("#create-connector").click();
			page.waitForURL(Pattern.compile(".*/connectors/instances/[0-9a-f-]{36}\\?created"));
			String id = page.url().replaceAll(".*/instances/([0-9a-f-]{36}).*", "$1");
			assertThat(page.locator("#webhook-url").inputValue())
				.isEqualTo(stack.url() + "/hooks/" + tenant.slug() + "/" + id);
			assertThat(page.content()).as("a secret is never shown again").doesNotContain(secret);
			Chromium.screenshot(page, "connector-created");
		}
	}

	@Test
	void aMarketingUserAndAnSdrSignAProposedScoringModelFromTheirOwnSessionsAfterWhichItIsActive() {
		ConsoleStack.Tenant tenant = stack.tenant("scoring");
		String version;
		try (BrowserContext marketing = Chromium.session()) {
			Page page = marketing.newPage();
			page.navigate(stack.url() + "/");
			stack.logIn(page, tenant.email("marketing"), tenant.password());
			page.navigate(stack.url() + "/scoring/new");
			page.locator("#name").fill("Pricing intent");
			page.locator("#save-draft").click();
			page.waitForURL(Pattern.compile(".*/scoring/[0-9a-f-]{36}"));
			version = page.url();
			assertThat(page.locator("#status").textContent()).isEqualTo("Draft");
			ConsoleStack.submit(page, "#propose");
			assertThat(page.locator("#status").textContent()).isEqualTo("Proposed");
			ConsoleStack.submit(page, "#approve");
			assertThat(page.locator("[data-side=marketing] .pill").textContent()).isEqualTo("Signed");
			assertThat(page.locator("[data-side=sales] .pill").textContent()).isEqualTo("Missing");
			assertThat(page.locator("#status").textContent()).isEqualTo("Proposed");
			Chromium.screenshot(page, "scoring-half-signed");
		}
		try (BrowserContext sdr = Chromium.session()) {
			Page page = sdr.newPage();
			page.navigate(stack.url() + "/");
			stack.logIn(page, tenant.email("sdr"), tenant.password());
			page.navigate(version);
			ConsoleStack.submit(page, "#approve");
			assertThat(page.locator("#status").textContent()).isEqualTo("Active");
			assertThat(page.locator("[data-side=sales] .pill").textContent()).isEqualTo("Signed");
			assertThat(page.locator("[data-side=marketing] .pill").textContent()).isEqualTo("Signed");
			Chromium.screenshot(page, "scoring-active");
		}
	}

	@Test
	void theRevenuePageShowsBlueAheadOfPinkOnRevenueWhilePinkLeadsOnMqls() {
		ConsoleStack.Tenant tenant = stack.tenant("pinkblue");
		ApiClient api = stack.api();
		String[] admin = tenant.auth("tenant-admin");
		ok(api.put("/api/v1/revenue-settings", Map.of("reportingCurrency", "EUR", "fxRates", Map.of()), admin));
		created(api.post("/api/v1/campaigns", Map.of("key", "pink", "name", "Pink", "channel", "paid social"), admin));
		created(api.post("/api/v1/campaigns", Map.of("key", "blue", "name", "Blue", "channel", "events"), admin));
		List<Map<String, Object>> touches = new ArrayList<>();
		for (int i = 1; i <= 15; i++) {
			Map<String, Object> touch = demoRequest("pink-" + i, "pink" + i);
			touch.put("campaign", "pink");
			touches.add(touch);
		}
		for (int i = 1; i <= 10; i++) {
			Map<String, Object> touch = demoRequest("blue-" + i, "blue" + i);
			touch.put("campaign", "blue");
			touches.add(touch);
		}
		ok(api.post("/api/v1/events", Map.of("events", touches), admin));
		List<Map<String, Object>> cash = new ArrayList<>();
		for (int i = 1; i <= 3; i++) {
			cash.add(payment("pink-pay-" + i, "pink" + i, "1000.00"));
		}
		for (int i = 1; i <= 5; i++) {
			cash.add(payment("blue-pay-" + i, "blue" + i, "3000.00"));
		}
		ok(api.post("/api/v1/events", Map.of("events", cash), admin));

		try (BrowserContext session = Chromium.session()) {
			Page page = session.newPage();
			page.navigate(stack.url() + "/");
			stack.logIn(page, tenant.email("marketing"), tenant.password());
			assertThat(page.url()).as("marketing's home is campaign revenue").startsWith(stack.url() + "/revenue");
			Map<String, String> mqls = new HashMap<>();
			Map<String, String> revenue = new HashMap<>();
			for (String key : List.of("pink", "blue")) {
				Locator row = page.locator("#campaigns tr[data-campaign=" + key + "]");
				mqls.put(key, row.locator("td.mqls").textContent().trim());
				revenue.put(key, row.locator("td.revenue").textContent().trim());
			}
			assertThat(Integer.parseInt(mqls.get("pink"))).as("Pink leads on MQLs")
				.isGreaterThan(Integer.parseInt(mqls.get("blue")));
			assertThat(new java.math.BigDecimal(revenue.get("blue"))).as("Blue is ahead on revenue")
				.isGreaterThan(new java.math.BigDecimal(revenue.get("pink")));
			assertThat(mqls).containsEntry("pink", "15").containsEntry("blue", "10");
			assertThat(revenue).containsEntry("pink", "3000.00").containsEntry("blue", "15000.00");
			page.waitForCondition(() -> page.locator("canvas.chart[data-drawn]").count() == 2);
			assertThat(page.locator("#mqls-chart").getAttribute("data-labels"))
				.isEqualTo(page.locator("#revenue-chart").getAttribute("data-labels"));
			Chromium.screenshot(page, "revenue");
		}
	}

	@Test
	void aUserOfTenantBWhoOpensTenantAsPersonUrlGetsTheNotFoundPage() {
		ConsoleStack.Tenant a = stack.tenant("tenant-a");
		ConsoleStack.Tenant b = stack.tenant("tenant-b");
		ApiClient api = stack.api();
		JsonNode stored = ok(api.post("/api/v1/events", Map.of("events", List.of(demoRequest("a-1", "alice"))),
				a.auth("tenant-admin")));
		String person = stored.get("results").get(0).get("personId").asString();
		try (BrowserContext session = Chromium.session()) {
			Page page = session.newPage();
			page.navigate(stack.url() + "/");
			stack.logIn(page, b.email("tenant-admin"), b.password());
			Response response = page.navigate(stack.url() + "/people/" + person);
			assertThat(response.status()).isEqualTo(404);
			assertThat(page.locator("#not-found").isVisible()).isTrue();
			assertThat(page.content()).doesNotContain("alice");
			Chromium.screenshot(page, "not-found");
		}
		try (BrowserContext session = Chromium.session()) {
			Page page = session.newPage();
			page.navigate(stack.url() + "/");
			stack.logIn(page, a.email("tenant-admin"), a.password());
			Response response = page.navigate(stack.url() + "/people/" + person);
			assertThat(response.status()).as("the same URL in its own tenant").isEqualTo(200);
			assertThat(page.locator("#stage").textContent()).isEqualTo("MQL");
			Chromium.screenshot(page, "person");
		}
	}

	@Test
	void aFormPostedWithoutItsCsrfTokenIsRefused() {
		ConsoleStack.Tenant tenant = stack.tenant("csrf");
		String email = "intruder-" + UUID.randomUUID() + "@" + tenant.slug() + ".example.com";
		try (BrowserContext session = Chromium.session()) {
			Page page = session.newPage();
			page.navigate(stack.url() + "/");
			stack.logIn(page, tenant.email("tenant-admin"), tenant.password());
			page.navigate(stack.url() + "/users");
			page.locator("#invite #email").fill(email);
			page.locator("#invite #password").fill("long-enough-password");
			page.locator("#invite input[name=_csrf]").evaluate("input => input.remove()");
			Response response = page.waitForResponse(
					(r) -> r.url().equals(stack.url() + "/users") && "POST".equals(r.request().method()),
					() -> page.locator("#invite button[type=submit]").click());
			page.waitForLoadState();
			assertThat(response.status()).isEqualTo(403);
			assertThat(page.locator("#forbidden").isVisible()).isTrue();
			Chromium.screenshot(page, "csrf-refused");
		}
		JsonNode users = ok(stack.api().get("/api/v1/users?limit=100", tenant.auth("tenant-admin")));
		List<String> emails = new ArrayList<>();
		users.get("items").forEach((u) -> emails.add(u.get("email").asString()));
		assertThat(emails).as("nothing was added").doesNotContain(email).contains(tenant.email("sdr"));
	}

	// helpers

	private static List<String> emails(Page page) {
		return page.locator("#my-queue tr.queue-item .lead-email").allTextContents();
	}

	private static Map<String, Object> demoRequest(String externalId, String name) {
		Map<String, Object> event = new HashMap<>();
		event.put("type", "demo_requested");
		event.put("occurredAt", java.time.Instant.now().minusSeconds(600).toString());
		event.put("source", "web");
		event.put("externalId", externalId);
		event.put("person", Map.of("email", name + "@" + name + ".example", "firstName", name, "title", "VP Sales"));
		event.put("account", Map.of("domain", name + ".example", "name", name + " Inc.", "industry", "Software",
				"employees", 200, "country", "US"));
		return event;
	}

	private static Map<String, Object> payment(String externalId, String name, String amount) {
		Map<String, Object> event = new HashMap<>();
		event.put("type", "payment_succeeded");
		event.put("occurredAt", java.time.Instant.now().minusSeconds(60).toString());
		event.put("source", "billing");
		event.put("externalId", externalId);
		event.put("person", Map.of("email", name + "@" + name + ".example"));
		event.put("amount", Map.of("amount", amount, "currency", "EUR"));
		return event;
	}

	private static JsonNode ok(ApiClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private static JsonNode created(ApiClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

}
