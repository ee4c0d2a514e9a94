package io.revcycle.connectors;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.revcycle.ApiTest;
import io.revcycle.outbox.Deliverer;
import io.revcycle.outbox.OutboxMessage;
import io.revcycle.plugin.testkit.Signatures;
import io.revcycle.kernel.Money;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector host in the running platform: real plugin jars (the connectors as the
 * build packaged them, and test plugins built as jars), real PostgreSQL, real HTTP.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConnectorsTests extends ApiTest {

	private static final String STRIPE_SECRET = "whsec_platformTestSecret0123456789";

	@Autowired
	private Plugins plugins;

	@Autowired
	private Poller poller;

	@Autowired
	private Actions actions;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TransactionTemplate tx;

	private HttpServer feed;

	private final List<String> feedLines = new CopyOnWriteArrayList<>();

	private final AtomicInteger feedFailures = new AtomicInteger();

	private final List<String> actionKeys = new CopyOnWriteArrayList<>();

	private final AtomicInteger actionFailures = new AtomicInteger();

	@BeforeEach
	void startFeed() throws IOException {
		this.feed = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.feed.createContext("/changes", (exchange) -> {
			if (this.feedFailures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				answer(exchange, 500, "down");
				return;
			}
			String query = exchange.getRequestURI().getQuery();
			long after = Long.parseLong(query.substring(query.indexOf('=') + 1));
			StringBuilder body = new StringBuilder();
			for (String line : this.feedLines) {
				if (Long.parseLong(line.split(" ")[0]) > after) {
					body.append(line).append('\n');
				}
			}
			answer(exchange, 200, body.toString());
		});
		this.feed.createContext("/actions", (exchange) -> {
			this.actionKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
			if (this.actionFailures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				answer(exchange, 503, "busy");
				return;
			}
			String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			answer(exchange, text.contains("refuse") ? 400 : 200, text.contains("refuse") ? "no" : "sent-" + text);
		});
		this.feed.start();
	}

	@AfterEach
	void stopFeed() {
		this.feed.stop(0);
	}

	@Test
	void installedConnectorsAreListedWithTheirSpecsAndRefusedJarsAreNot() {
		SignedUp tenant = TestTenants.signUp(this.api, "conn-list");
		JsonNode items = this.api.get("/api/v1/connectors", tenant.auth()).json().get("items");
		List<String> ids = new ArrayList<>();
		items.forEach((item) -> ids.add(item.get("id").asString()));
		assertThat(ids).contains("stripe", "sendgrid", "webforms", "hubspot", "example", "hanging", "feed")
			.doesNotContain("future", "unlisted");
		JsonNode stripe = null;
		for (JsonNode item : items) {
			if (item.get("id").asString().equals("stripe")) {
				stripe = item;
			}
		}
		assertThat(stripe.get("produces").toString()).contains("payment_succeeded");
		boolean secretField = false;
		for (JsonNode field : stripe.get("configSpec").get("fields")) {
			if (field.get("name").asString().equals("webhookSecret")) {
				secretField = field.get("secret").asBoolean() && field.get("required").asBoolean();
			}
		}
		assertThat(secretField).as("the spec marks the webhook secret required and secret").isTrue();

		assertThat(this.plugins.refusals()).anySatisfy((refusal) -> {
			assertThat(refusal.file().getFileName().toString()).isEqualTo("test-unlisted.jar");
			assertThat(refusal.reason()).containsIgnoringCase("allow-list");
		});
		assertThat(this.plugins.refusals()).anySatisfy((refusal) -> {
			assertThat(refusal.file().getFileName().toString()).isEqualTo("test-future.jar");
			assertThat(refusal.reason()).contains(">=2.0.0").contains("1.0.0");
		});
	}

	@Test
	void aStripeInvoicePaidWebhookCreatesAPaymentOnceWithTheRightAmount() {
		SignedUp tenant = TestTenants.signUp(this.api, "conn-stripe");
		String instance = stripeInstance(tenant);

		String eur = invoicePaid("evt_eur_" + UUID.randomUUID(), "eur", 1999, "payer@" + tenant.slug() + ".test");
		ApiClient.Response first = stripeHook(tenant, instance, eur, Instant.now());
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(first.json().get("accepted").asInt()).isEqualTo(1);
		ApiClient.Response again = stripeHook(tenant, instance, eur, Instant.now());
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().get("duplicates").asInt()).isEqualTo(1);
		assertThat(again.json().get("accepted").asInt()).isZero();

		String jpy = invoicePaid("evt_jpy_" + UUID.randomUUID(), "jpy", 5000, "payer@" + tenant.slug() + ".test");
		assertThat(stripeHook(tenant, instance, jpy, Instant.now()).status()).isEqualTo(200);

		assertThat(payments(tenant.id())).containsExactlyInAnyOrder("19.99 EUR", "5000 JPY");
		JsonNode person = this.api.get("/api/v1/people?email=payer@" + tenant.slug() + ".test", tenant.auth())
			.json()
			.get("items")
			.get(0);
		assertThat(person.get("stage").asString()).isEqualTo("Customer");

		// an upgrade mid-period: Stripe invoices the prorated difference, an expansion
		// payment, counted as cash and moving the customer to Expansion
		String upgrade = invoicePaid("evt_up_" + UUID.randomUUID(), "eur", 1500, "payer@" + tenant.slug() + ".test",
				"subscription_update");
		assertThat(stripeHook(tenant, instance, upgrade, Instant.now()).status()).isEqualTo(200);
		assertThat(payments(tenant.id())).containsExactlyInAnyOrder("19.99 EUR", "5000 JPY", "15.00 EUR");
		assertThat(this.api.get("/api/v1/people/" + person.get("id").asString(), tenant.auth())
			.json()
			.get("stage")
			.asString()).isEqualTo("Expansion");
	}

	@Test
	void aTamperedOrStaleStripeWebhookIsRefusedAndStoresNothing() {
		SignedUp tenant = TestTenants.signUp(this.api, "conn-tamper");
		String instance = stripeInstance(tenant);
		String body = invoicePaid("evt_t_" + UUID.randomUUID(), "eur", 1000, "t@" + tenant.slug() + ".test");
		String header = Signatures.stripe(STRIPE_SECRET, Instant.now(), body);
		ApiClient.Response tampered = this.api.send("POST", "/hooks/" + tenant.slug() + "/" + instance,
				body.replace("1000", "9000"), "application/json", "Stripe-Signature", header);
		assertThat(tampered.status()).as(tampered.toString()).isEqualTo(400);
		assertThat(tampered.contentType()).contains("application/problem+json");
		ApiClient.Response stale = stripeHook(tenant, instance, body, Instant.now().minus(Duration.ofMinutes(10)));
		assertThat(stale.status()).as(stale.toString()).isEqualTo(400);
		assertThat(payments(tenant.id())).isEmpty();
		assertThat(this.api.get("/api/v1/people?email=t@" + tenant.slug() + ".test", tenant.auth())
			.json()
			.get("items")
			.size()).isZero();
	}

	@Test
	void aHangingPluginTimesOutTurnsUnhealthyAndAnotherTenantIsServedMeanwhile() throws Exception {
		SignedUp stuck = TestTenants.signUp(this.api, "conn-hang");
		SignedUp other = TestTenants.signUp(this.api, "conn-other");
		String hanging = create(stuck, "hanging", Map.of()).json().get("id").asString();
		String stripe = stripeInstance(other);

		CompletableFuture<ApiClient.Response> hung = CompletableFuture
			.supplyAsync(() -> this.api.post("/hooks/" + stuck.slug() + "/" + hanging, "{}"));
		Thread.sleep(300);
		String body = invoicePaid("evt_o_" + UUID.randomUUID(), "eur", 4200, "o@" + other.slug() + ".test");
		long started = System.nanoTime();
		ApiClient.Response served = stripeHook(other, stripe, body, Instant.now());
		assertThat(served.status()).isEqualTo(200);
		assertThat(hung.isDone()).as("the other tenant was served while the hanging call was still waiting").isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

		ApiClient.Response timedOut = hung.get(30, TimeUnit.SECONDS);
		assertThat(timedOut.status()).as(timedOut.toString()).isEqualTo(503);
		assertThat(timedOut.contentType()).contains("application/problem+json");
		JsonNode health = this.api.get("/api/v1/connector-instances/" + hanging, stuck.auth()).json().get("health");
		assertThat(health.get("healthy").asBoolean()).isFalse();
		assertThat(health.get("lastError").asString()).isNotBlank();
		JsonNode healthy = this.api.get("/api/v1/connector-instances/" + stripe, other.auth()).json().get("health");
		assertThat(healthy.get("healthy").asBoolean()).isTrue();
		assertThat(payments(other.id())).containsExactly("42.00 EUR");
	}

	@Test
	void configurationIsValidatedFieldByField() {
		SignedUp tenant = TestTenants.signUp(this.api, "conn-valid");
		ApiClient.Response missing = create(tenant, "stripe", Map.of("apiBase", "not a url"));
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.contentType()).contains("application/problem+json");
		List<String> fields = new ArrayList<>();
		missing.json().get("errors").forEach((e) -> fields.add(e.get("field").asString()));
		assertThat(fields).contains("config.webhookSecret", "config.apiBase");
		ApiClient.Response unknown = create(tenant, "nope", Map.of());
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.json().get("detail").asString()).contains("connectorId");
		ApiClient.Response extra = create(tenant, "stripe", Map.of("webhookSecret", STRIPE_SECRET, "colour", "red"));
		assertThat(extra.status()).isEqualTo(400);
		assertThat(extra.json().get("detail").asString()).contains("config.colour");
	}

	@Test
	void webhooksThatCannotBeTakenGetAProblemNeverA500() {
		SignedUp tenant = TestTenants.signUp(this.api, "conn-edges");
		String instance = stripeInstance(tenant);
		String hook = "/hooks/" + tenant.slug() + "/" + instance;
		ApiClient.Response tooLarge = this.api.send("POST", hook, "x".repeat(70_000), "application/json");
		assertThat(tooLarge.status()).as(tooLarge.toString()).isEqualTo(413);
		assertThat(tooLarge.contentType()).contains("application/problem+json");
		assertThat(this.api.post("/hooks/" + tenant.slug() + "/not-an-id", "{}").status()).isEqualTo(404);
		assertThat(this.api.post("/hooks/no-such-tenant/" + instance, "{}").status()).isEqualTo(404);
		// the operator removed the plugin an instance uses
		UUID gone = UUID.randomUUID();
		TenantContext.runAs(tenant.id(), () -> this.tx.executeWithoutResult((status) -> this.jdbc.update(
				"insert into connector_instances (tenant_id, id, connector_id, name, config, created_at, updated_at) "
						+ "values (?, ?, 'removed', 'old', '{}', now(), now())",
				tenant.id(), gone)));
		ApiClient.Response removed = this.api.post("/hooks/" + tenant.slug() + "/" + gone, "{}");
		assertThat(removed.status()).as(removed.toString()).isEqualTo(503);
		assertThat(removed.json().get("detail").asString()).contains("not installed");
		assertThat(this.api.post("/api/v1/connector-instances/" + gone + "/check", Map.of(), tenant.auth())
			.json()
			.get("ok")
			.asBoolean()).isFalse();
	}

	@Test
	void secretsNeverAppearInResponsesOrLogs(CapturedOutput output) {
		SignedUp tenant = TestTenants.signUp(this.api, "conn-secret");
		String token = "feedtoken-" + UUID.randomUUID();
		ApiClient.Response created = create(tenant, "feed", Map.of("base", feedBase(), "token", token));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().get("id").asString();
		assertThat(created.json().get("secretsSet").toString()).contains("token");
		List<ApiClient.Response> responses = new ArrayList<>(
				List.of(created, this.api.get("/api/v1/connector-instances", tenant.auth()),
						this.api.get("/api/v1/connector-instances/" + id, tenant.auth()),
						this.api.post("/api/v1/connector-instances/" + id + "/check", Map.of(), tenant.auth())));
		// a change without the secret keeps it
		responses.add(this.api.put("/api/v1/connector-instances/" + id,
				Map.of("name", "renamed", "config", Map.of("base", feedBase())), tenant.auth()));
		assertThat(this.api.post("/api/v1/connector-instances/" + id + "/check", Map.of(), tenant.auth())
			.json()
			.get("ok")
			.asBoolean()).isTrue();
		// and the webhook secret of a Stripe instance, through accepted and refused
		// webhooks
		String stripe = stripeInstance(tenant);
		String body = invoicePaid("evt_s_" + UUID.randomUUID(), "eur", 100, "s@" + tenant.slug() + ".test");
		responses.add(stripeHook(tenant, stripe, body, Instant.now()));
		responses.add(this.api.send("POST", "/hooks/" + tenant.slug() + "/" + stripe, body, "application/json",
				"Stripe-Signature", "t=1,v1=00"));
		responses.add(this.api.get("/api/v1/connector-instances/" + stripe, tenant.auth()));
		for (ApiClient.Response response : responses) {
			assertThat(response.body()).doesNotContain(token).doesNotContain(STRIPE_SECRET);
		}
		String stored = TenantContext.callAs(tenant.id(),
				() -> this.tx.execute((status) -> this.jdbc.queryForObject(
						"select coalesce(secrets, '') || config::text from connector_instances where id = ?::uuid",
						String.class, id)));
		assertThat(stored).startsWith("v2:").doesNotContain(token);
		assertThat(output.getAll()).doesNotContain(token).doesNotContain(STRIPE_SECRET);
	}

	@Test
	void pollingCommitsTheCursorOnlyWithTheStoredEvents() {
		SignedUp tenant = TestTenants.signUp(this.api, "conn-poll");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("connectorId", "feed");
		body.put("name", "feed");
		body.put("config", Map.of("base", feedBase()));
		body.put("pollEverySeconds", 60);
		String id = this.api.post("/api/v1/connector-instances", body, tenant.auth()).json().get("id").asString();
		String a = "a@" + tenant.slug() + ".test";
		this.feedLines.addAll(List.of("1 " + a + " content_downloaded", "2 " + a + " content_downloaded"));
		// the schedule: a new instance is due at once, then again after its interval
		assertThat(this.poller.pollDue()).isGreaterThanOrEqualTo(1);
		assertThat(cursor(tenant, id)).isEqualTo("2");
		assertThat(activities(tenant.id())).isEqualTo(2);
		this.feedLines.add("3 " + a + " content_downloaded");
		this.poller.pollDue();
		assertThat(cursor(tenant, id)).as("not due again before its interval").isEqualTo("2");
		this.feedLines.remove(this.feedLines.size() - 1);

		// the feed fails: the cursor stays where the stored events left it
		this.feedFailures.set(1);
		this.feedLines.add("3 " + a + " content_downloaded");
		assertThat(pollNow(tenant, id).json().get("health").get("healthy").asBoolean()).isFalse();
		assertThat(cursor(tenant, id)).isEqualTo("2");
		// an event the engine refuses: nothing of the page is stored, the cursor stays
		this.feedLines.add("4 - content_downloaded");
		pollNow(tenant, id);
		assertThat(cursor(tenant, id)).isEqualTo("2");
		assertThat(activities(tenant.id())).isEqualTo(2);
		this.feedLines.remove(this.feedLines.size() - 1);
		pollNow(tenant, id);
		assertThat(cursor(tenant, id)).isEqualTo("3");
		assertThat(activities(tenant.id())).isEqualTo(3);
		assertThat(this.api.get("/api/v1/connector-instances/" + id, tenant.auth())
			.json()
			.get("health")
			.get("healthy")
			.asBoolean()).isTrue();
	}

	@Test
	void actionsGoThroughTheOutboxOncePerIdempotencyKey() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "conn-act");
		String id = create(tenant, "feed", Map.of("base", feedBase())).json().get("id").asString();
		this.actionFailures.set(2);
		Map<String, Object> action = Map.of("type", "notify", "idempotencyKey", "k-1", "input", Map.of("text", "hi"));
		ApiClient.Response requested = this.api.post("/api/v1/connector-instances/" + id + "/actions", action,
				tenant.auth());
		assertThat(requested.status()).as(requested.toString()).isEqualTo(202);
		ApiClient.Response repeated = this.api.post("/api/v1/connector-instances/" + id + "/actions", action,
				tenant.auth());
		assertThat(repeated.status()).isEqualTo(200);
		assertThat(repeated.json().get("id").asString()).isEqualTo(requested.json().get("id").asString());
		JsonNode done = waitForAction(tenant, id, "DONE");
		assertThat(done.get("externalId").asString()).isEqualTo("sent-hi");
		assertThat(this.actionKeys).containsExactly("k-1", "k-1", "k-1");

		ApiClient.Response undeclared = this.api.post("/api/v1/connector-instances/" + id + "/actions",
				Map.of("type", "launch", "idempotencyKey", "k-2"), tenant.auth());
		assertThat(undeclared.status()).isEqualTo(400);
		this.api.post("/api/v1/connector-instances/" + id + "/actions",
				Map.of("type", "notify", "idempotencyKey", "k-3", "input", Map.of("text", "refuse")), tenant.auth());
		assertThat(waitForAction(tenant, id, "FAILED").get("message").asString()).contains("refused");
	}

	@Test
	void anActionIsPerformedByOneReplicaAtATime() {
		SignedUp tenant = TestTenants.signUp(this.api, "conn-claim");
		String id = create(tenant, "feed", Map.of("base", feedBase())).json().get("id").asString();
		UUID action = UUID.randomUUID();
		// requested without an outbox message of its own, so only this test delivers it
		TenantContext.runAs(tenant.id(), () -> this.tx.executeWithoutResult((status) -> this.jdbc.update(
				"insert into connector_actions (tenant_id, id, instance_id, type, idempotency_key, input, status, "
						+ "lease_until, created_at, updated_at) values (?, ?, ?::uuid, 'notify', 'k-claim', "
						+ "'{\"text\": \"once\"}', 'RUNNING', now() + interval '1 hour', now(), now())",
				tenant.id(), action, id)));
		OutboxMessage message = new OutboxMessage(tenant.id(), UUID.randomUUID(), Actions.KIND, UUID.fromString(id),
				action, "notify", "{}", 1);
		Deliverer.Result busy = TenantContext.callAs(tenant.id(), () -> this.actions.deliver(message));
		assertThat(busy.delivered()).as("another replica holds it").isFalse();
		assertThat(this.actionKeys).isEmpty();
		// that replica's lease ran out: this one takes the action over, once
		TenantContext.runAs(tenant.id(), () -> this.tx.executeWithoutResult((status) -> this.jdbc
			.update("update connector_actions set lease_until = now() - interval '1 second' where id = ?", action)));
		assertThat(TenantContext.callAs(tenant.id(), () -> this.actions.deliver(message)).delivered()).isTrue();
		assertThat(TenantContext.callAs(tenant.id(), () -> this.actions.deliver(message)).delivered()).isTrue();
		assertThat(this.actionKeys).containsExactly("k-claim");
	}

	@Test
	void secretsThatCannotBeOpenedMustBeSentAgainToChangeAnInstance() {
		SignedUp tenant = TestTenants.signUp(this.api, "conn-reseal");
		String id = create(tenant, "feed", Map.of("base", feedBase(), "token", "t-1")).json().get("id").asString();
		String other = create(tenant, "feed", Map.of("base", feedBase(), "token", "t-2")).json().get("id").asString();
		// a sealed value moved to another row does not open there
		TenantContext.runAs(tenant.id(), () -> this.tx.executeWithoutResult((status) -> this.jdbc.update(
				"update connector_instances set secrets = (select secrets from connector_instances where id = ?::uuid) "
						+ "where id = ?::uuid",
				other, id)));
		String path = "/api/v1/connector-instances/" + id;
		assertThat(this.api.get(path, tenant.auth()).json().get("secretsProblem").asString()).contains("set them");
		ApiClient.Response kept = this.api.put(path, Map.of("name", "feed", "config", Map.of("base", feedBase())),
				tenant.auth());
		assertThat(kept.status()).as(kept.toString()).isEqualTo(409);
		assertThat(kept.json().get("detail").asString()).contains("token");
		ApiClient.Response resent = this.api.put(path,
				Map.of("name", "feed", "config", Map.of("base", feedBase(), "token", "t-3")), tenant.auth());
		assertThat(resent.status()).as(resent.toString()).isEqualTo(200);
		assertThat(resent.json().get("secretsSet").toString()).contains("token");
	}

	@Test
	void asecondTenantSeesNothingOfTheFirstsConnectorInstances() {
		SignedUp a = TestTenants.signUp(this.api, "conn-iso-a");
		SignedUp b = TestTenants.signUp(this.api, "conn-iso-b");
		String id = stripeInstance(a);
		String path = "/api/v1/connector-instances/" + id;
		assertThat(this.api.get(path, b.auth()).status()).isEqualTo(404);
		assertThat(this.api.put(path, Map.of("name", "mine", "config", Map.of()), b.auth()).status()).isEqualTo(404);
		assertThat(this.api.post(path + "/check", Map.of(), b.auth()).status()).isEqualTo(404);
		assertThat(this.api.post(path + "/actions", Map.of("type", "x", "idempotencyKey", "k"), b.auth()).status())
			.isEqualTo(404);
		assertThat(this.api.get(path + "/actions", b.auth()).status()).isEqualTo(404);
		assertThat(this.api.post(path + "/poll", Map.of(), b.auth()).status()).isEqualTo(404);
		assertThat(this.api.delete(path, b.auth()).status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/connector-instances", b.auth()).json().get("items").size()).isZero();
		// B's address with A's instance, and A's instance still A's
		String body = invoicePaid("evt_iso_" + UUID.randomUUID(), "eur", 100, "iso@" + a.slug() + ".test");
		ApiClient.Response crossed = this.api.send("POST", "/hooks/" + b.slug() + "/" + id, body, "application/json",
				"Stripe-Signature", Signatures.stripe(STRIPE_SECRET, Instant.now(), body));
		assertThat(crossed.status()).isEqualTo(404);
		assertThat(payments(b.id())).isEmpty();
		assertThat(this.api.get(path, a.auth()).status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/connector-instances", a.auth()).json().get("items").size()).isEqualTo(1);
	}

	private JsonNode waitForAction(SignedUp tenant, String id, String status) throws InterruptedException {
		for (int i = 0; i < 200; i++) {
			for (JsonNode action : this.api.get("/api/v1/connector-instances/" + id + "/actions", tenant.auth())
				.json()
				.get("items")) {
				if (action.get("status").asString().equals(status)) {
					return action;
				}
			}
			Thread.sleep(100);
		}
		throw new AssertionError("no action reached " + status);
	}

	private ApiClient.Response pollNow(SignedUp tenant, String id) {
		return this.api.post("/api/v1/connector-instances/" + id + "/poll", Map.of(), tenant.auth());
	}

	private String cursor(SignedUp tenant, String id) {
		return TenantContext.callAs(tenant.id(), () -> this.tx.execute((status) -> this.jdbc
			.queryForList("select value from connector_cursors where instance_id = ?::uuid and name = 'poll'",
					String.class, id)
			.stream()
			.findFirst()
			.orElse(null)));
	}

	private int activities(UUID tenant) {
		return TenantContext.callAs(tenant, () -> this.tx
			.execute((status) -> this.jdbc.queryForObject("select count(*) from activities", Integer.class)));
	}

	private List<String> payments(UUID tenant) {
		return TenantContext.callAs(tenant, () -> this.tx.execute((status) -> this.jdbc.query(
				"select amount, currency from activities where type = 'payment_succeeded' and source = 'stripe'",
				(rs, row) -> new Money(rs.getBigDecimal(1), rs.getString(2)).toString())));
	}

	private String feedBase() {
		return "http://127.0.0.1:" + this.feed.getAddress().getPort();
	}

	private ApiClient.Response create(SignedUp tenant, String connector, Map<String, Object> config) {
		return this.api.post("/api/v1/connector-instances",
				Map.of("connectorId", connector, "name", connector + " of " + tenant.slug(), "config", config),
				tenant.auth());
	}

	private String stripeInstance(SignedUp tenant) {
		ApiClient.Response created = create(tenant, "stripe", Map.of("webhookSecret", STRIPE_SECRET));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private ApiClient.Response stripeHook(SignedUp tenant, String instance, String body, Instant signedAt) {
		return this.api.send("POST", "/hooks/" + tenant.slug() + "/" + instance, body, "application/json",
				"Stripe-Signature", Signatures.stripe(STRIPE_SECRET, signedAt, body));
	}

	/** A Stripe {@code invoice.paid} event, in Stripe's event format. */
	static String invoicePaid(String eventId, String currency, long amountPaid, String email) {
		return invoicePaid(eventId, currency, amountPaid, email, "subscription_create");
	}

	/**
	 * A Stripe {@code invoice.paid} event of a billing reason, in Stripe's event format.
	 */
	static String invoicePaid(String eventId, String currency, long amountPaid, String email, String billingReason) {
		long created = Instant.now().getEpochSecond();
		return """
				{
				  "id": "%s",
				  "object": "event",
				  "api_version": "%s",
				  "created": %d,
				  "data": {
				    "object": {
				      "id": "in_%s",
				      "object": "invoice",
				      "amount_due": %d,
				      "amount_paid": %d,
				      "amount_remaining": 0,
				      "billing_reason": "%s",
				      "currency": "%s",
				      "customer": "cus_%s",
				      "customer_email": "%s",
				      "customer_name": "Pat Payer",
				      "livemode": false,
				      "status": "paid",
				      "created": %d
				    }
				  },
				  "livemode": false,
				  "pending_webhooks": 1,
				  "request": {"id": null, "idempotency_key": null},
				  "type": "invoice.paid"
				}
				""".formatted(eventId, STRIPE_API_VERSION, created, eventId.substring(4), amountPaid, amountPaid,
				billingReason, currency, eventId.substring(4), email, created);
	}

	static final String STRIPE_API_VERSION = "2026-07-29.dahlia";

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
