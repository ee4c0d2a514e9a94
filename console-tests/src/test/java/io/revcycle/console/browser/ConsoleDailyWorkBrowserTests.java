package io.revcycle.console.browser;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.revcycle.testsupport.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's daily work in a real browser, through the gateway: an SDR takes a lead
 * from the team's unassigned queue and rejects one with a reason in one click; an admin
 * sets a user's manager; an account page shows its payments and refunds. Each test saves
 * a screenshot (see {@link Chromium#screenshot}).
 */
class ConsoleDailyWorkBrowserTests {

	static ConsoleStack stack;

	@BeforeAll
	static void stack() {
		Chromium.assumeInstalled();
		stack = ConsoleStack.get();
	}

	@Test
	void anSdrTakesAnUnassignedLeadAndItMovesIntoMyQueue() {
		ConsoleStack.Tenant tenant = stack.tenant("take");
		ApiClient api = stack.api();
		String[] admin = tenant.auth("tenant-admin");
		// the only rep is away: new MQLs wait unassigned for the team
		routing(api, admin, tenant.ids().get("sdr"), true);
		for (int i = 1; i <= 3; i++) {
			ok(api.post("/api/v1/events", Map.of("events", List.of(demoRequest("t-" + i, "waiting" + i, 900 - i))),
					admin));
		}

		try (BrowserContext session = Chromium.session()) {
			Page page = session.newPage();
			page.navigate(stack.url() + "/");
			stack.logIn(page, tenant.email("sdr"), tenant.password());
			assertThat(page.url()).isEqualTo(stack.url() + "/queue");
			assertThat(page.locator("#my-queue tr.queue-item").count()).isZero();
			Locator unassigned = page.locator("#unassigned tr.unassigned-item");
			assertThat(unassigned.count()).isEqualTo(3);
			assertThat(unassigned.locator(".lead-email").allTextContents()).as("the one waiting longest on top")
				.containsExactly("waiting1@waiting1.example", "waiting2@waiting2.example", "waiting3@waiting3.example");
			Chromium.screenshot(page, "queue-unassigned");

			unassigned.first().locator("button.take").click();
			page.locator("#done").waitFor();
			assertThat(page.locator("#done").textContent()).startsWith("Took waiting1");
			assertThat(page.locator("#my-queue tr.queue-item .lead-email").allTextContents())
				.as("it moved into my queue")
				.containsExactly("waiting1@waiting1.example");
			assertThat(page.locator("#unassigned tr.unassigned-item .lead-email").allTextContents())
				.containsExactly("waiting2@waiting2.example", "waiting3@waiting3.example");
			assertThat(page.url()).as("no reload").isEqualTo(stack.url() + "/queue");
			Chromium.screenshot(page, "queue-taken");

			// another rep was quicker: the page says so and the lead is gone from the
			// list
			String second = ok(api.get("/api/v1/people?email=waiting2@waiting2.example", admin)).get("items")
				.get(0)
				.get("id")
				.asString();
			ok(api.post("/api/v1/people/" + second + "/owner", Map.of("ownerId", tenant.ids().get("ae")), admin));
			page.locator("#unassigned tr.unassigned-item").first().locator("button.take").click();
			page.locator("#take-refused").waitFor();
			assertThat(page.locator("#take-refused").textContent()).contains("owns this person already");
			assertThat(page.locator("#unassigned tr.unassigned-item .lead-email").allTextContents())
				.containsExactly("waiting3@waiting3.example");
		}
		JsonNode taken = ok(api.get("/api/v1/people?email=waiting1@waiting1.example", admin)).get("items").get(0);
		assertThat(taken.get("ownerId").asString()).isEqualTo(tenant.ids().get("sdr"));
	}

	/**
	 * Both lists page: the unassigned queue shows 20 and more on demand, in the same
	 * order, without a reload.
	 */
	@Test
	void theUnassignedQueuePagesOnDemand() {
		ConsoleStack.Tenant tenant = stack.tenant("pages");
		ApiClient api = stack.api();
		String[] admin = tenant.auth("tenant-admin");
		routing(api, admin, tenant.ids().get("sdr"), true);
		List<String> expected = new java.util.ArrayList<>();
		for (int i = 1; i <= 23; i++) {
			// one by one, so each waits a little less than the one before
			String name = "wait" + (char) ('a' + i);
			ok(api.post("/api/v1/events", Map.of("events", List.of(demoRequest("p-" + i, name, 3600 - i * 60))),
					admin));
			expected.add(name + "@" + name + ".example");
		}

		try (BrowserContext session = Chromium.session()) {
			Page page = session.newPage();
			page.navigate(stack.url() + "/");
			stack.logIn(page, tenant.email("sdr"), tenant.password());
			Locator rows = page.locator("#unassigned tr.unassigned-item .lead-email");
			assertThat(rows.allTextContents()).containsExactlyElementsOf(expected.subList(0, 20));
			assertThat(page.locator("#unassigned-count").textContent()).isEqualTo("20+");

			page.locator("button.more-unassigned").click();
			page.locator("#unassigned tr.unassigned-item").nth(22).waitFor();
			assertThat(rows.allTextContents()).as("the next page below the first, oldest first")
				.containsExactlyElementsOf(expected);
			assertThat(page.locator("button.more-unassigned").count()).as("nothing more to show").isZero();
			assertThat(page.url()).as("no reload").isEqualTo(stack.url() + "/queue");
			Chromium.screenshot(page, "queue-more");

			// the page appended is a real list: taking from it works as from the first
			page.locator("#unassigned tr.unassigned-item").nth(21).locator("button.take").click();
			page.locator("#done").waitFor();
			assertThat(page.locator("#my-queue tr.queue-item .lead-email").allTextContents())
				.containsExactly(expected.get(21));
		}
	}

	@Test
	void anSdrRejectsALeadWithAReasonInOneClickAndTheNextComesUp() {
		ConsoleStack.Tenant tenant = stack.tenant("reject");
		ApiClient api = stack.api();
		String[] admin = tenant.auth("tenant-admin");
		routing(api, admin, tenant.ids().get("sdr"), false);
		ok(api.post("/api/v1/events", Map.of("events", List.of(demoRequest("r-1", "first", 600))), admin));
		ok(api.post("/api/v1/events", Map.of("events", List.of(demoRequest("r-2", "second", 600))), admin));
		String[] rejectedEmail = new String[1];

		try (BrowserContext session = Chromium.session()) {
			Page page = session.newPage();
			page.navigate(stack.url() + "/");
			stack.logIn(page, tenant.email("sdr"), tenant.password());
			Locator rows = page.locator("#my-queue tr.queue-item");
			assertThat(rows.count()).isEqualTo(2);
			// the one due first is on top; outside business hours both are due when the
			// next business day's clock runs out, at the same instant, and either may be
			List<String> emails = rows.locator(".lead-email").allTextContents();
			assertThat(emails).containsExactlyInAnyOrder("first@first.example", "second@second.example");
			String top = emails.get(0);
			String next = emails.get(1);
			// choosing the reason is the one click: no second button
			rows.first().locator("select.reason").selectOption("Competitor");
			page.locator("#done").waitFor();
			assertThat(page.locator("#done").textContent())
				.startsWith("Rejected " + top.substring(0, top.indexOf('@')));
			assertThat(page.locator("#my-queue tr.queue-item .lead-email").allTextContents())
				.as("the next lead is on top")
				.containsExactly(next);
			Chromium.screenshot(page, "queue-rejected");
			rejectedEmail[0] = top;
		}
		JsonNode rejected = ok(api.get("/api/v1/people?email=" + rejectedEmail[0], admin)).get("items").get(0);
		assertThat(rejected.get("stage").asString()).isNotEqualTo("MQL");
		JsonNode timeline = ok(api.get("/api/v1/people/" + rejected.get("id").asString() + "/timeline", admin));
		assertThat(timeline.toString()).contains("Competitor");
	}

	@Test
	void anAdminSetsAUsersManager() {
		ConsoleStack.Tenant tenant = stack.tenant("manager");
		ApiClient api = stack.api();
		String sdr = tenant.ids().get("sdr");
		String ae = tenant.ids().get("ae");
		try (BrowserContext session = Chromium.session()) {
			Page page = session.newPage();
			page.navigate(stack.url() + "/");
			stack.logIn(page, tenant.email("tenant-admin"), tenant.password());
			page.navigate(stack.url() + "/users");
			Locator row = page.locator("tr.user-row[data-user='" + sdr + "']");
			assertThat(row.locator("select.manager").inputValue()).as("no manager yet").isEmpty();
			row.locator("select.manager").selectOption(ae);
			submit(page, "tr.user-row[data-user='" + sdr + "'] button.save-user");
			assertThat(page.url()).endsWith("/users?saved");
			Locator saved = page.locator("tr.user-row[data-user='" + sdr + "'] select.manager");
			assertThat(saved.inputValue()).isEqualTo(ae);
			assertThat(saved.locator("option:checked").textContent()).isEqualTo(tenant.email("ae"));
			Chromium.screenshot(page, "users-manager");

			// a loop is refused with the platform's reason, and nothing changes
			page.locator("tr.user-row[data-user='" + ae + "'] select.manager").selectOption(sdr);
			submit(page, "tr.user-row[data-user='" + ae + "'] button.save-user");
			assertThat(page.locator("#users-problem").textContent()).contains("loop");
			assertThat(page.locator("tr.user-row[data-user='" + ae + "'] select.manager").inputValue()).isEmpty();
		}
		String[] admin = tenant.auth("tenant-admin");
		assertThat(ok(api.get("/api/v1/users/" + sdr, admin)).get("managerId").asString()).isEqualTo(ae);
		assertThat(ok(api.get("/api/v1/users/" + ae, admin)).get("managerId").isNull()).isTrue();
	}

	@Test
	void theAccountPageShowsItsPaymentsAndRefunds() {
		ConsoleStack.Tenant tenant = stack.tenant("account-pay");
		ApiClient api = stack.api();
		String[] admin = tenant.auth("tenant-admin");
		JsonNode result = ok(api.post("/api/v1/events",
				Map.of("events",
						List.of(demoRequest("a-1", "initech", 3600),
								money("pay-1", "payment_succeeded", "initech", "1200.00"),
								money("ref-1", "payment_refunded", "initech", "200.00"))),
				admin));
		String person = result.get("results").get(0).get("personId").asString();
		String account = ok(api.get("/api/v1/people/" + person, admin)).get("accountId").asString();

		try (BrowserContext session = Chromium.session()) {
			Page page = session.newPage();
			page.navigate(stack.url() + "/");
			stack.logIn(page, tenant.email("finance"), tenant.password());
			page.navigate(stack.url() + "/accounts/" + account);
			Locator rows = page.locator("#payments tr.payment-row");
			assertThat(rows.count()).isEqualTo(2);
			assertThat(rows.first().textContent()).contains("refund").contains("200.00 EUR");
			assertThat(rows.nth(1).textContent()).contains("payment")
				.contains("1200.00 EUR")
				.contains("initech@initech.example");
			assertThat(page.locator(".payment-total .value").first().textContent()).isEqualTo("1000.00");
			Chromium.screenshot(page, "account-payments");
		}
	}

	// helpers

	private static void routing(ApiClient api, String[] admin, String sdr, boolean away) {
		ok(api.put("/api/v1/routing", Map.of("rules", List.of(), "defaultTeam", "Demo", "reps",
				List.of(Map.of("userId", sdr, "weight", 1, "away", away))), admin));
	}

	/** Clicks a button of a form whose answer is a page, and waits for it. */
	private static void submit(Page page, String button) {
		page.waitForResponse((r) -> r.request().isNavigationRequest(), () -> page.locator(button).click());
		page.waitForLoadState();
	}

	private static Map<String, Object> demoRequest(String externalId, String name, int secondsAgo) {
		Map<String, Object> event = new HashMap<>();
		event.put("type", "demo_requested");
		event.put("occurredAt", java.time.Instant.now().minusSeconds(secondsAgo).toString());
		event.put("source", "web");
		event.put("externalId", externalId);
		event.put("person", Map.of("email", name + "@" + name + ".example", "firstName", name, "title", "VP Sales"));
		event.put("account", Map.of("domain", name + ".example", "name", name + " Inc.", "industry", "Software",
				"employees", 200, "country", "US"));
		return event;
	}

	private static Map<String, Object> money(String externalId, String type, String name, String amount) {
		Map<String, Object> event = new HashMap<>();
		event.put("type", type);
		event.put("occurredAt",
				java.time.Instant.now().minusSeconds("payment_refunded".equals(type) ? 60 : 120).toString());
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

}
