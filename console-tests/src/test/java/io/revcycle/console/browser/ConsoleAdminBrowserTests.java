package io.revcycle.console.browser;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.RevcycleDatabase;
import io.revcycle.testsupport.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin's webhooks and import in a real browser, through the gateway, signed in on
 * Keycloak's login page: an endpoint made with its signing secret shown once (and the
 * deliveries signed with it), a delivery that failed every attempt shown as a dead letter
 * with what the receiver answered, then replayed and delivered; a CSV import followed by
 * its progress bar to the end, with the rejected row's line and reason.
 */
class ConsoleAdminBrowserTests {

	static ConsoleStack stack;

	private final List<HttpServer> receivers = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void stack() {
		Chromium.assumeInstalled();
		stack = ConsoleStack.get();
	}

	@AfterEach
	void stopReceivers() {
		this.receivers.forEach((server) -> server.stop(0));
	}

	record Received(String signature, String body) {
	}

	@Test
	void anAdminCreatesAnEndpointSeesItsSecretOnceAndReplaysADeadLetteredDelivery() throws Exception {
		ConsoleStack.Tenant tenant = stack.tenant("hooks-ui");
		String[] admin = tenant.auth("tenant-admin");
		List<Received> received = new CopyOnWriteArrayList<>();
		AtomicInteger answer = new AtomicInteger(500);
		String url = receiver(received, answer);
		try (BrowserContext session = Chromium.session()) {
			Page page = stack.adminOn(session, tenant, "/webhooks");
			assertThat(page.locator("#webhooks").textContent()).contains("No endpoints yet");
			assertThat(page.locator("#events input[type=checkbox]").evaluateAll("(boxes) => boxes.map((b) => b.value)"))
				.as("the event types the platform sends, as it names them")
				.isEqualTo(platformEventTypes(admin));

			// no event type: the platform's problem in the form, the edits kept, nothing
			// made
			page.locator("#url").fill(url);
			page.locator("#description").fill("Billing sync");
			page.locator("#new-webhook button[type=submit]").click();
			page.waitForLoadState();
			assertThat(page.locator("#new-webhook [role=alert]").textContent()).contains("eventTypes")
				.contains("at least one event type");
			assertThat(page.locator("#url").inputValue()).isEqualTo(url);
			assertThat(page.locator("#description").inputValue()).isEqualTo("Billing sync");
			assertThat(ok(stack.api().get("/api/v1/webhooks", admin)).get("items")).isEmpty();

			page.locator("#events input[value='payment.received']").check();
			assertThat(page.locator("#active").isChecked()).isTrue();
			ConsoleStack.submit(page, "#new-webhook button[type=submit]");

			assertThat(page.url()).contains("/webhooks/").endsWith("?created");
			String secret = page.locator("#secret").inputValue();
			assertThat(secret).hasSizeGreaterThan(20);
			assertThat(page.locator("#secret-card").textContent()).contains("shown this once");
			assertThat(page.locator("#webhook-url").textContent()).isEqualTo(url);
			Chromium.screenshot(page, "webhook-secret");
			String endpoint = page.url().replaceAll(".*/webhooks/([0-9a-f-]{36}).*", "$1");

			page.reload();
			page.waitForLoadState();
			assertThat(page.locator("#secret-card").count()).as("the secret is never shown again").isZero();
			assertThat(page.content()).doesNotContain(secret);
			JsonNode stored = ok(stack.api().get("/api/v1/webhooks/" + endpoint, admin));
			assertThat(stored.get("description").asString()).isEqualTo("Billing sync");
			assertThat(stored.get("eventTypes").toString()).isEqualTo("[\"payment.received\"]");
			assertThat(stored.has("secret")).isFalse();

			// a payment: the receiver answers 500 to each of the 3 attempts, then it is a
			// dead letter
			pay(admin, "inv-ui-1", "grace@initech.com");
			await(admin, endpoint, "DEAD");
			assertThat(received).hasSize(3);
			Received first = received.get(0);
			assertThat(first.signature()).as("signed with the secret shown once")
				.contains(
						"v1=" + hmac(secret, first.signature().replaceAll("^t=(\\d+),.*", "$1") + "." + first.body()));

			page.reload();
			page.waitForLoadState();
			Locator dead = page.locator("#dead-letters tbody tr");
			assertThat(dead.count()).isEqualTo(1);
			assertThat(dead.textContent()).contains("payment.received").contains("the endpoint answered 500");
			Locator attempts = page.locator("#attempts tbody tr");
			assertThat(attempts.count()).isEqualTo(3);
			assertThat(attempts.allTextContents()).allSatisfy((row) -> assertThat(row).contains("500"));
			assertThat(page.locator("#deliveries tbody tr").first().textContent()).contains("dead letter");

			// the receiver is fixed: the replay delivers it
			answer.set(204);
			ConsoleStack.submit(page, "#dead-letters button.replay");
			assertThat(page.url()).endsWith("?replayed");
			await(admin, endpoint, "DELIVERED");
			page.reload();
			page.waitForLoadState();
			assertThat(page.locator("#deliveries tbody tr").first().textContent()).contains("delivered");
			assertThat(page.locator("#dead-letters").textContent()).contains("No dead letters");
			assertThat(page.locator("#attempts tbody tr").count()).isEqualTo(4);
			assertThat(page.locator("#attempts tbody tr").first().textContent()).contains("204");
			Chromium.screenshot(page, "webhook-deliveries");
		}
		assertThat(received).hasSize(4);
		assertThat(received.get(3).body()).isEqualTo(received.get(0).body());
	}

	@Test
	void anEndpointPausedByItsCircuitBreakerSaysWhyAndIsEnabledAgain() throws Exception {
		ConsoleStack.Tenant tenant = stack.tenant("hooks-paused");
		String[] admin = tenant.auth("tenant-admin");
		String url = receiver(new CopyOnWriteArrayList<>(), new AtomicInteger(204));
		ApiClient.Response created = stack.api()
			.post("/api/v1/webhooks", Map.of("url", url, "eventTypes", List.of("mql.created")), admin);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String endpoint = created.json().get("id").asString();
		// what the circuit breaker writes when an endpoint failed every delivery for days
		String reason = "failed every delivery since 2026-12-01T08:00:00Z (212 in a row; last: the endpoint answered 503)";
		RevcycleDatabase database = TestServices.database();
		try (Connection db = DriverManager.getConnection(database.jdbcUrl(), database.ownerUser(),
				database.ownerPassword())) {
			try (PreparedStatement tenantOf = db.prepareStatement("select set_config('app.tenant_id', ?, false)")) {
				tenantOf.setString(1, tenant.signedUp().id().toString());
				tenantOf.execute();
			}
			try (PreparedStatement pause = db.prepareStatement("update webhook_endpoints set active = false, "
					+ "paused_at = now(), paused_reason = ?, consecutive_failures = 212 where id = ?")) {
				pause.setString(1, reason);
				pause.setObject(2, UUID.fromString(endpoint));
				assertThat(pause.executeUpdate()).isEqualTo(1);
			}
		}
		try (BrowserContext session = Chromium.session()) {
			Page page = stack.adminOn(session, tenant, "/webhooks");
			assertThat(page.locator("#webhooks tbody tr").first().textContent()).contains("paused").contains("212");
			page.navigate(stack.url() + "/webhooks/" + endpoint);
			assertThat(page.locator("#paused").textContent()).contains(reason);
			Chromium.screenshot(page, "webhook-paused");
			ConsoleStack.submit(page, "#re-enable");
			assertThat(page.url()).endsWith("?enabled");
			assertThat(page.locator("#paused").count()).isZero();
		}
		JsonNode enabled = ok(stack.api().get("/api/v1/webhooks/" + endpoint, admin));
		assertThat(enabled.get("active").asBoolean()).isTrue();
		assertThat(enabled.get("pausedAt").isNull()).isTrue();
	}

	@Test
	void anAdminImportsACsvWatchesItsProgressAndSeesTheRejectedRowWithItsReason() throws Exception {
		ConsoleStack.Tenant tenant = stack.tenant("import-ui");
		String[] admin = tenant.auth("tenant-admin");
		StringBuilder csv = new StringBuilder("email,firstName,lastName,accountDomain\n");
		for (int i = 1; i <= 40; i++) {
			if (i == 17) {
				csv.append("not-an-email,Broken,Row,initech.com\n");
			}
			csv.append("person").append(i).append("@initech.com,Person,").append(i).append(",initech.com\n");
		}
		Path file = Files.createTempFile("people", ".csv");
		Files.writeString(file, csv);
		List<String> polls = new CopyOnWriteArrayList<>();
		try (BrowserContext session = Chromium.session()) {
			Page page = stack.adminOn(session, tenant, "/import");
			assertThat(page.locator("#file-limit").textContent()).contains("5 MB");
			page.onResponse((response) -> {
				if (response.url().contains("/import/jobs/")) {
					polls.add(response.url());
				}
			});
			page.locator("#file").setInputFiles(file);
			page.locator("#import-submit").click();
			page.locator("#import-job").waitFor();
			page.locator("#import-job[data-status=succeeded]").waitFor(new Locator.WaitForOptions().setTimeout(60_000));
			assertThat(polls).as("the progress bar polled the job").isNotEmpty();
			assertThat(page.locator("#import-progress").getAttribute("aria-valuenow")).isEqualTo("100");
			assertThat(page.locator("#import-count").textContent()).contains("41 of 41 rows");
			assertThat(page.locator("#accepted").textContent()).isEqualTo("40");
			assertThat(page.locator("#rejected-count").textContent()).isEqualTo("1");
			Locator rejected = page.locator("#rejected tbody tr");
			assertThat(rejected.count()).isEqualTo(1);
			assertThat(rejected.locator("td").first().textContent()).as("the line in the file, header first")
				.isEqualTo("18");
			assertThat(rejected.locator("td").nth(1).textContent()).contains("email");
			Chromium.screenshot(page, "import-done");

			// a file over the gateway's limit is refused in the page, before it is sent
			Path large = Files.createTempFile("people-large", ".csv");
			Files.write(large, new byte[6 * 1024 * 1024]);
			int before = polls.size();
			page.locator("#file").setInputFiles(large);
			assertThat(page.locator("#file-too-large").isVisible()).isTrue();
			assertThat(page.locator("#file-too-large").textContent()).contains("6.0 MB").contains("up to 5 MB");
			page.locator("#import-submit").click();
			page.waitForTimeout(500);
			assertThat(polls).as("nothing was sent").hasSize(before);
			assertThat(page.locator("#import-job[data-status=succeeded]").count()).isEqualTo(1);
			Files.delete(large);
		}
		Files.delete(file);
		JsonNode people = ok(stack.api().get("/api/v1/people?email=person17@initech.com", admin));
		assertThat(people.get("items")).hasSize(1);
		assertThat(ok(stack.api().get("/api/v1/people?email=not-an-email", admin)).get("items")).isEmpty();
	}

	/** A receiver on this machine answering each request with the status given. */
	private String receiver(List<Received> received, AtomicInteger status) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/hook", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			received.add(new Received(exchange.getRequestHeaders().getFirst("Revcycle-Signature"), body));
			exchange.sendResponseHeaders(status.get(), -1);
			exchange.close();
		});
		server.start();
		this.receivers.add(server);
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
	}

	/** The event types the platform names when it refuses one it does not know. */
	private static List<String> platformEventTypes(String[] admin) {
		ApiClient.Response refused = stack.api()
			.post("/api/v1/webhooks", Map.of("url", "https://example.com/hook", "eventTypes", List.of("no.such")),
					admin);
		assertThat(refused.status()).isEqualTo(400);
		String detail = refused.body();
		java.util.regex.Matcher list = java.util.regex.Pattern.compile("subscribe to any of \\[([^\\]]+)\\]")
			.matcher(detail);
		assertThat(list.find()).as(detail).isTrue();
		return List.of(list.group(1).split(",\\s*"));
	}

	private static String hmac(String secret, String signed) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
	}

	private static void pay(String[] admin, String externalId, String email) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "payment_succeeded");
		event.put("occurredAt", Instant.now().minusSeconds(1).toString());
		event.put("source", "stripe");
		event.put("externalId", externalId);
		event.put("person", Map.of("email", email));
		event.put("amount", Map.of("amount", "120.00", "currency", "EUR"));
		ApiClient.Response sent = stack.api().post("/api/v1/events", Map.of("events", List.of(event)), admin);
		assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
	}

	/** Waits until the endpoint's newest message has the status. */
	private static void await(String[] admin, String endpoint, String status) throws InterruptedException {
		JsonNode items = null;
		for (int i = 0; i < 300; i++) {
			items = ok(stack.api().get("/api/v1/outbox?destination=" + endpoint, admin)).get("items");
			if (items.size() > 0 && status.equals(items.get(0).get("status").asString())) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("No " + status + " message after 30 s: " + items);
	}

	private static JsonNode ok(ApiClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

}
