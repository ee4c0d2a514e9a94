package io.revcycle.webhooks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpServer;
import io.revcycle.ApiTest;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.MovableClock;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One tenant must not slow the others: a failing endpoint's circuit opens (its messages
 * wait without a request being made), an endpoint that fails for days is paused with a
 * notification to the admins and enabled again by them, and a tenant whose endpoint hangs
 * with a backlog never holds up another tenant's deliveries.
 */
class WebhookFairnessTests extends ApiTest {

	@Autowired
	private MovableClock clock;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TransactionTemplate tx;

	private final List<HttpServer> receivers = new ArrayList<>();

	/** Opened at every test's end, so no receiver holds a worker past it. */
	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void stop() {
		this.release.countDown();
		this.clock.reset();
		this.receivers.forEach((server) -> server.stop(0));
	}

	@Test
	void aFailingEndpointsCircuitOpensThenItIsPausedAndAnAdminEnablesItAgain() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "breaker");
		AtomicInteger hits = new AtomicInteger();
		String endpoint = create(tenant, receiver(hits, 503, false));
		Instant start = Instant.parse("2026-11-30T09:00:00Z");
		// a frozen clock: each message is attempted once, its retry is never due
		this.clock.freeze(start);
		for (int i = 0; i < 5; i++) {
			int before = hits.get();
			mql(tenant, "failing-" + i + "@initech.com");
			waitFor(() -> hits.get() > before, "attempt " + (i + 1));
		}
		waitFor(() -> webhook(tenant, endpoint).get("circuitOpenUntil").isString(), "the circuit to open");
		JsonNode open = webhook(tenant, endpoint);
		assertThat(open.get("consecutiveFailures").asInt()).isGreaterThanOrEqualTo(5);
		assertThat(open.get("failingSince").asString()).isEqualTo(start.toString());
		assertThat(Instant.parse(open.get("circuitOpenUntil").asString())).isAfter(start);
		assertThat(open.get("active").asBoolean()).isTrue();
		int attempts = hits.get();

		// while it is open, its messages wait for it, and a new one waits without a
		// request being made
		Instant openUntil = Instant.parse(open.get("circuitOpenUntil").asString());
		mql(tenant, "waiting@initech.com");
		waitFor(() -> {
			List<JsonNode> pending = pending(tenant);
			return pending.size() == 6 && pending.stream()
				.allMatch((m) -> !Instant.parse(m.get("nextAttemptAt").asString()).isBefore(openUntil));
		}, "every pending message to wait for the circuit");
		assertThat(hits.get()).as("requests while the circuit is open").isEqualTo(attempts);
		assertThat(pending(tenant)).as("the message made while it is open")
			.anySatisfy((m) -> assertThat(m.get("lastError").asString())
				.startsWith("waiting: the endpoint failed 5 deliveries in a row"));
		assertThat(pending(tenant)).allSatisfy((m) -> assertThat(m.get("attempts").asInt()).isLessThanOrEqualTo(1));

		// failing for three days: paused, its messages dead-lettered, the admins told
		this.clock.freeze(start.plus(Duration.ofDays(3)).plusSeconds(60));
		waitFor(() -> webhook(tenant, endpoint).get("pausedAt").isString(), "the endpoint to be paused");
		JsonNode paused = webhook(tenant, endpoint);
		assertThat(paused.get("active").asBoolean()).isFalse();
		assertThat(paused.get("pausedReason").asString()).contains("failed every delivery since " + start,
				"the endpoint answered 503");
		assertThat(pending(tenant)).isEmpty();
		JsonNode dead = this.api.get("/api/v1/outbox?status=DEAD", tenant.auth()).json().get("items");
		assertThat(dead.size()).isGreaterThanOrEqualTo(6);
		assertThat(dead.get(0).get("lastError").asString()).isEqualTo(WebhookEndpoints.PAUSED);
		JsonNode inbox = this.api.get("/api/v1/notifications", tenant.auth()).json().get("items");
		List<JsonNode> told = new ArrayList<>();
		inbox.forEach((n) -> {
			if (n.get("kind").asString().equals("webhook_paused")) {
				told.add(n);
			}
		});
		assertThat(told).hasSize(1);
		assertThat(told.get(0).get("data").get("endpointId").asString()).isEqualTo(endpoint);
		int beforeEnable = hits.get();
		mql(tenant, "while-paused@initech.com");
		assertThat(pending(tenant)).as("a paused endpoint gets nothing").isEmpty();

		// enabled again by an admin: closed, and deliveries go out again
		ApiClient.Response enabled = this.api.patch("/api/v1/webhooks/" + endpoint, Map.of("active", true),
				tenant.auth());
		assertThat(enabled.status()).as(enabled.toString()).isEqualTo(200);
		assertThat(enabled.json().get("active").asBoolean()).isTrue();
		assertThat(enabled.json().get("consecutiveFailures").asInt()).isZero();
		assertThat(enabled.json().get("pausedAt").isNull()).isTrue();
		assertThat(enabled.json().get("circuitOpenUntil").isNull()).isTrue();
		mql(tenant, "after-enable@initech.com");
		waitFor(() -> hits.get() > beforeEnable, "a delivery attempt after the endpoint was enabled");

		// another tenant sees none of it
		SignedUp other = TestTenants.signUp(this.api, "breaker-other");
		assertThat(this.api.get("/api/v1/webhooks/" + endpoint, other.auth()).status()).isEqualTo(404);
		assertThat(this.api.patch("/api/v1/webhooks/" + endpoint, Map.of("active", true), other.auth()).status())
			.isEqualTo(404);
	}

	@Test
	void aTenantWhoseEndpointHangsWithABacklogHoldsUpNoOtherTenant() throws Exception {
		SignedUp slow = TestTenants.signUp(this.api, "hanging");
		SignedUp fast = TestTenants.signUp(this.api, "prompt");
		AtomicInteger slowHits = new AtomicInteger();
		String slowEndpoint = create(slow, receiver(slowHits, 200, true));
		AtomicInteger fastHits = new AtomicInteger();
		create(fast, receiver(fastHits, 200, false));
		// a backlog of 2,000 messages, all due and older than anything of the other
		// tenant's
		Instant old = Instant.now().minus(Duration.ofHours(1));
		TenantContext.runAs(slow.id(), () -> this.tx.executeWithoutResult((status) -> this.jdbc.update(
				"insert into outbox (tenant_id, id, kind, destination, event_id, event_type, payload, status, "
						+ "attempts, next_attempt_at, created_at) select ?, gen_random_uuid(), 'webhook', ?, "
						+ "gen_random_uuid(), 'stage.changed', '{\"type\": \"stage.changed\"}'::jsonb, 'PENDING', 0, "
						+ "?::timestamptz + g * interval '1 millisecond', ? from generate_series(1, 2000) g",
				slow.id(), UUID.fromString(slowEndpoint), java.sql.Timestamp.from(old), java.sql.Timestamp.from(old))));
		waitFor(() -> slowHits.get() > 0, "the hanging endpoint to be called");

		mql(fast, "prompt@initech.com");
		waitFor(() -> fastHits.get() > 0, "the other tenant's delivery");
		// the hanging request is still the first (the next comes only after it timed
		// out): the other tenant was served while it hung
		assertThat(slowHits.get()).as("requests to the hanging endpoint").isEqualTo(1);
		assertThat(this.api.delete("/api/v1/webhooks/" + slowEndpoint, slow.auth()).status()).isEqualTo(204);
	}

	/**
	 * A receiver that answers every request with a status; with {@code hold}, it holds
	 * each answer until the test ends.
	 */
	private String receiver(AtomicInteger hits, int status, boolean hold) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		server.createContext("/hook", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			hits.incrementAndGet();
			if (hold) {
				try {
					this.release.await(60, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		server.start();
		this.receivers.add(server);
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
	}

	private String create(SignedUp tenant, String url) {
		ApiClient.Response created = this.api.post("/api/v1/webhooks",
				Map.of("url", url, "eventTypes", List.of("mql.created")), tenant.auth());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private JsonNode webhook(SignedUp tenant, String id) {
		ApiClient.Response answer = this.api.get("/api/v1/webhooks/" + id, tenant.auth());
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		return answer.json();
	}

	private List<JsonNode> pending(SignedUp tenant) {
		List<JsonNode> items = new ArrayList<>();
		this.api.get("/api/v1/outbox?status=PENDING&limit=500", tenant.auth()).json().get("items").forEach(items::add);
		return items;
	}

	private void mql(SignedUp tenant, String email) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "demo_requested");
		event.put("occurredAt", this.clock.instant().toString());
		event.put("source", "web");
		event.put("externalId", "demo-" + email);
		event.put("person", Map.of("email", email));
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", List.of(event)), tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	/** Waits for a condition the platform reaches in the background, at most a minute. */
	private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
		for (int i = 0; i < 600; i++) {
			if (condition.getAsBoolean()) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("waited a minute for " + what);
	}

}
