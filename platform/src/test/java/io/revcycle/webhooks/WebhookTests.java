package io.revcycle.webhooks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import com.sun.net.httpserver.HttpServer;
import io.revcycle.ApiTest;
import io.revcycle.RevcycleApplication;
import io.revcycle.outbox.Deliverer;
import io.revcycle.outbox.OutboxMessage;
import io.revcycle.secrets.TestKeys;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.MovableClock;
import io.revcycle.testsupport.RealServicesInitializer;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outbound webhooks through the outbox, to real HTTP receivers on this machine. The
 * platform under test allows private targets (its receivers are on 127.0.0.1); the test
 * of the production setting starts a second platform with it off.
 */
class WebhookTests extends ApiTest {

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TransactionTemplate tx;

	@Autowired
	private MovableClock clock;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<HttpServer> receivers = new ArrayList<>();

	/** Opened by every test's end, so no receiver holds the dispatcher past it. */
	private final CountDownLatch release = new CountDownLatch(1);

	record Received(String eventId, String signature, String body, String type) {
	}

	@AfterEach
	void stopReceivers() {
		this.release.countDown();
		this.clock.reset();
		this.receivers.forEach((server) -> server.stop(0));
	}

	/** A receiver answering with the status the supplier gives for each request. */
	private String receiver(List<Received> received, IntSupplier status) throws IOException {
		return receiver(received, status, null, null);
	}

	/**
	 * A receiver that, when {@code arrived} is given, counts it down on each request and
	 * then holds its answer until the test ends or {@code gate} opens.
	 */
	private String receiver(List<Received> received, IntSupplier status, CountDownLatch arrived, CountDownLatch gate)
			throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/hook", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			received.add(new Received(exchange.getRequestHeaders().getFirst("Revcycle-Event-Id"),
					exchange.getRequestHeaders().getFirst("Revcycle-Signature"), body,
					JSON.readTree(body).get("type").asString()));
			if (arrived != null) {
				arrived.countDown();
				try {
					while (gate.getCount() > 0 && !this.release.await(50, TimeUnit.MILLISECONDS)) {
						// held
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			exchange.sendResponseHeaders(status.getAsInt(), -1);
			exchange.close();
		});
		server.start();
		this.receivers.add(server);
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
	}

	@Test
	void aPaymentIsDeliveredSignedAndRetriedUntilTheReceiverAcceptsIt() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "hooks");
		List<Received> received = new CopyOnWriteArrayList<>();
		AtomicInteger calls = new AtomicInteger();
		String url = receiver(received, () -> (calls.incrementAndGet() <= 3) ? 500 : 200);
		ApiClient.Response created = this.api.post("/api/v1/webhooks",
				Map.of("url", url, "eventTypes", List.of("payment.received")), tenant.auth());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String secret = created.json().get("secret").asString();
		String endpoint = created.json().get("id").asString();
		assertThat(created.header("Location")).isEqualTo("/api/v1/webhooks/" + endpoint);
		assertThat(this.api.get("/api/v1/webhooks", tenant.auth()).body()).contains(endpoint).doesNotContain(secret);
		ApiClient.Response read = this.api.get("/api/v1/webhooks/" + endpoint, tenant.auth());
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().has("secret")).as("the secret is shown once").isFalse();
		assertThat(read.json().get("url").asString()).isEqualTo(url);
		String stored = TenantContext.callAs(tenant.id(), () -> this.tx.execute((status) -> this.jdbc
			.queryForObject("select secret from webhook_endpoints where id = ?::uuid", String.class, endpoint)));
		assertThat(stored).as("the signing secret is stored encrypted").startsWith("v2:").doesNotContain(secret);

		pay(tenant, "pay-1", "zoe@initech.com", "49.00");

		awaitStatus(tenant, "DELIVERED", 1);
		assertThat(received).hasSize(4);
		assertThat(received).extracting(Received::eventId).containsOnly(received.get(0).eventId());
		JsonNode event = JSON.readTree(received.get(3).body());
		assertThat(event.get("type").asString()).isEqualTo("payment.received");
		assertThat(event.get("id").asString()).isEqualTo(received.get(3).eventId());
		assertThat(event.get("data").get("amount").get("amount").asString()).isEqualTo("49.00");
		for (Received delivery : received) {
			String[] parts = delivery.signature().split(",");
			assertThat(parts).as("one secret, one signature").hasSize(2);
			long timestamp = Long.parseLong(parts[0].substring(2));
			assertThat(WebhookDeliverer.signature(secret, timestamp, delivery.body())).isEqualTo(delivery.signature());
			assertThat(Math.abs(Instant.now().getEpochSecond() - timestamp)).isLessThan(300);
		}
		JsonNode attempts = this.api.get("/api/v1/webhooks/" + endpoint + "/deliveries", tenant.auth())
			.json()
			.get("items");
		List<Integer> codes = new ArrayList<>();
		attempts.forEach((a) -> codes.add(0, a.get("statusCode").asInt()));
		assertThat(codes).containsExactly(500, 500, 500, 200);
		assertThat(attempts.get(1).get("error").asString()).isEqualTo("the endpoint answered 500");

		// the same batch again stores nothing new, so sends nothing new: the outbox is
		// written with the change
		pay(tenant, "pay-1", "zoe@initech.com", "49.00");
		assertThat(outbox(tenant, "")).hasSize(1);
		assertThat(received).hasSize(4);
	}

	@Test
	void aReceiverThatAlwaysFailsEndsDeadLetteredAndCanBeReplayed() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "hooks-dead");
		List<Received> received = new CopyOnWriteArrayList<>();
		AtomicInteger answer = new AtomicInteger(500);
		String url = receiver(received, answer::get);
		this.api.post("/api/v1/webhooks", Map.of("url", url, "eventTypes", List.of("customer.created")), tenant.auth());
		pay(tenant, "pay-2", "yann@initech.com", "10");

		JsonNode dead = awaitStatus(tenant, "DEAD", 1).get(0);
		assertThat(dead.get("attempts").asInt()).isEqualTo(4);
		assertThat(dead.get("lastError").asString()).isEqualTo("the endpoint answered 500");
		assertThat(received).hasSize(4).extracting(Received::type).containsOnly("customer.created");

		SignedUp other = TestTenants.signUp(this.api, "hooks-other");
		String id = dead.get("id").asString();
		assertThat(replay(id, other).status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/outbox", other.auth()).json().get("items").size()).isZero();
		assertThat(this.api.get("/api/v1/webhooks", other.auth()).json().get("items").size()).isZero();
		assertThat(this.api.get("/api/v1/webhooks/" + dead.get("destination").asString() + "/deliveries", other.auth())
			.status()).isEqualTo(404);

		answer.set(204);
		ApiClient.Response replayed = replay(id, tenant);
		assertThat(replayed.status()).isEqualTo(200);
		assertThat(replayed.json().get("status").asString()).isEqualTo("PENDING");
		awaitStatus(tenant, "DELIVERED", 1);
		assertThat(received).hasSize(5);
		assertThat(replay(id, tenant).status()).isEqualTo(409);
	}

	@Test
	void endpointsAreValidated() {
		SignedUp tenant = TestTenants.signUp(this.api, "hooks-bad");
		ApiClient.Response badUrl = this.api.post("/api/v1/webhooks",
				Map.of("url", "ftp://example.com/x", "eventTypes", List.of("payment.received")), tenant.auth());
		assertThat(badUrl.status()).isEqualTo(400);
		assertThat(badUrl.json().get("detail").asString()).contains("url");
		ApiClient.Response badType = this.api.post("/api/v1/webhooks",
				Map.of("url", "https://example.com/x", "eventTypes", List.of("lead.born")), tenant.auth());
		assertThat(badType.status()).isEqualTo(400);
		assertThat(badType.json().get("detail").asString()).contains("lead.born");
		ApiClient.Response credentials = this.api.post("/api/v1/webhooks",
				Map.of("url", "https://user:pass@hooks.example.com/x", "eventTypes", List.of("payment.received")),
				tenant.auth());
		assertThat(credentials.status()).isEqualTo(400);
		assertThat(credentials.json().get("detail").asString()).isEqualTo(
				"url: must not contain a user name or password: deliveries are authenticated by their " + "signature");
	}

	@Test
	void cloudMetadataIsRefusedEvenWhereThePlatformAllowsPrivateTargets() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "hooks-metadata");
		for (String url : List.of("http://169.254.169.254/latest/meta-data/iam/", "http://[fd00:ec2::254]/latest",
				"http://[::ffff:169.254.169.254]/")) {
			ApiClient.Response refused = this.api.post("/api/v1/webhooks",
					Map.of("url", url, "eventTypes", List.of("payment.received")), tenant.auth());
			assertThat(refused.status()).as(url).isEqualTo(400);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.json().get("detail").asString()).as(url)
				.startsWith("url: ")
				.contains("is a cloud metadata service address; webhooks are never sent to cloud metadata services");
			assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("url");
		}
		List<Received> received = new CopyOnWriteArrayList<>();
		String url = receiver(received, () -> 200);
		String endpoint = create(tenant, url, "payment.received");
		ApiClient.Response patched = patch("/api/v1/webhooks/" + endpoint,
				Map.of("url", "http://169.254.169.254/latest/", "description", "changed"), tenant);
		assertThat(patched.status()).isEqualTo(400);
		assertThat(patched.json().get("detail").asString()).startsWith("url: 169.254.169.254 is a cloud metadata");
		JsonNode unchanged = this.api.get("/api/v1/webhooks/" + endpoint, tenant.auth()).json();
		assertThat(unchanged.get("url").asString()).isEqualTo(url);
		assertThat(unchanged.get("description").isNull()).isTrue();
	}

	@Test
	void aTargetThatTurnsForbiddenAfterSubscriptionFailsAtDeliveryWithTheReason() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "hooks-turned");
		List<Received> received = new CopyOnWriteArrayList<>();
		String url = receiver(received, () -> 200);
		String endpoint = create(tenant, url, "payment.received");
		// as if its name now resolved to the metadata service
		TenantContext.runAs(tenant.id(),
				() -> this.tx.executeWithoutResult(
						(status) -> this.jdbc.update("update webhook_endpoints set url = ? where id = ?::uuid",
								url.replace("127.0.0.1", "169.254.169.254"), endpoint)));
		pay(tenant, "turned-1", "una@initech.com", "5");

		JsonNode dead = awaitStatus(tenant, "DEAD", 1).get(0);
		String reason = "169.254.169.254 is a cloud metadata service address; webhooks are never sent to cloud "
				+ "metadata services";
		assertThat(dead.get("lastError").asString()).isEqualTo(reason);
		JsonNode attempts = this.api.get("/api/v1/webhooks/" + endpoint + "/deliveries", tenant.auth())
			.json()
			.get("items");
		assertThat(attempts).hasSize(4);
		attempts.forEach((attempt) -> {
			assertThat(attempt.get("statusCode").isNull()).isTrue();
			assertThat(attempt.get("error").asString()).isEqualTo(reason);
		});
		assertThat(received).isEmpty();
	}

	@Test
	void anotherTenantCanNeitherSeeNorChangeAnEndpoint() throws Exception {
		SignedUp a = TestTenants.signUp(this.api, "hooks-a");
		SignedUp b = TestTenants.signUp(this.api, "hooks-b");
		List<Received> received = new CopyOnWriteArrayList<>();
		String url = receiver(received, () -> 200);
		ApiClient.Response created = this.api.post("/api/v1/webhooks",
				Map.of("url", url, "eventTypes", List.of("payment.received", "sla.breached"), "description", "A's CRM"),
				a.auth());
		assertThat(created.status()).isEqualTo(201);
		String id = created.json().get("id").asString();
		pay(a, "iso-1", "ada@initech.com", "12");
		awaitStatus(a, "DELIVERED", 1);
		JsonNode before = this.api.get("/api/v1/webhooks/" + id, a.auth()).json();
		String bOwn = create(b, url, "mql.created");

		String path = "/api/v1/webhooks/" + id;
		List<ApiClient.Response> answers = List.of(this.api.get(path, b.auth()),
				patch(path, Map.of("active", false), b),
				patch(path, Map.of("url", url + "/b", "eventTypes", List.of("mql.created"), "rotateSecret", true), b),
				this.api.delete(path, b.auth()), this.api.get(path + "/deliveries", b.auth()));
		for (ApiClient.Response answer : answers) {
			assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
			assertThat(answer.contentType()).startsWith("application/problem+json");
			assertThat(answer.json().get("detail").asString()).isEqualTo("No webhook endpoint with id " + id + ".");
		}
		JsonNode bList = this.api.get("/api/v1/webhooks?limit=500", b.auth()).json().get("items");
		assertThat(bList).extracting((item) -> item.get("id").asString()).containsExactly(bOwn);
		assertThat(this.api.get("/api/v1/outbox?limit=500", b.auth()).json().get("items")).isEmpty();

		JsonNode after = this.api.get(path, a.auth()).json();
		assertThat(after).isEqualTo(before);
		assertThat(after.get("active").asBoolean()).isTrue();
		assertThat(this.api.get(path + "/deliveries", a.auth()).json().get("items")).hasSize(1);
		pay(a, "iso-2", "ada@initech.com", "13");
		awaitStatus(a, "DELIVERED", 2);
		assertThat(received).as("A's endpoint still receives, with its own secret")
			.hasSize(2)
			.allSatisfy((r) -> assertThat(r.signature().split(",")).hasSize(2));
	}

	@Test
	void anEventForManyEndpointsKeepsItsPayloadOnceAndEachGetsTheSameBody() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "hooks-fanout");
		List<Received> received = new CopyOnWriteArrayList<>();
		String url = receiver(received, () -> 204);
		for (int i = 0; i < 5; i++) {
			create(tenant, url + "/" + i, "payment.received");
		}
		pay(tenant, "fan-1", "fan@initech.com", "15.00");
		awaitStatus(tenant, "DELIVERED", 5);

		Map<String, Object> rows = TenantContext.callAs(tenant.id(),
				() -> this.tx.execute((status) -> this.jdbc.queryForMap("select (select count(*) from outbox) as "
						+ "deliveries, (select count(*) from outbox where payload is not null) as inline, "
						+ "(select count(*) from outbox_payloads) as payloads, (select count(distinct event_id) "
						+ "from outbox) as events")));
		assertThat(rows).containsEntry("deliveries", 5L)
			.as("the payload once for the event, none copied into its deliveries")
			.containsEntry("payloads", 1L)
			.containsEntry("inline", 0L)
			.containsEntry("events", 1L);
		assertThat(received).hasSize(5);
		assertThat(received).extracting(Received::body).containsOnly(received.get(0).body());
		assertThat(received).extracting(Received::eventId).containsOnly(received.get(0).eventId());
		assertThat(JSON.readTree(received.get(0).body()).get("data").get("amount").get("amount").asString())
			.isEqualTo("15.00");
	}

	@Test
	void anEndpointsMessagesAreListedByDestinationAndOnlyInItsTenant() throws Exception {
		SignedUp a = TestTenants.signUp(this.api, "hooks-dest-a");
		SignedUp b = TestTenants.signUp(this.api, "hooks-dest-b");
		List<Received> received = new CopyOnWriteArrayList<>();
		String url = receiver(received, () -> 204);
		String payments = create(a, url, "payment.received");
		String customers = create(a, url + "/customers", "customer.created");
		pay(a, "dest-1", "lin@initech.com", "20");
		awaitStatus(a, "DELIVERED", 2);

		JsonNode own = outbox(a, "?destination=" + payments);
		assertThat(own).hasSize(1);
		assertThat(own.get(0).get("destination").asString()).isEqualTo(payments);
		assertThat(own.get(0).get("eventType").asString()).isEqualTo("payment.received");
		assertThat(outbox(a, "?destination=" + customers)).extracting((m) -> m.get("eventType").asString())
			.containsExactly("customer.created");
		assertThat(outbox(a, "?destination=" + payments + "&status=DEAD")).isEmpty();
		assertThat(outbox(a, "?destination=" + payments + "&status=DELIVERED")).hasSize(1);

		assertThat(outbox(b, "?destination=" + payments)).as("another tenant sees nothing of A's endpoint").isEmpty();
		assertThat(outbox(b, "?destination=" + payments + "&status=DELIVERED")).isEmpty();

		ApiClient.Response malformed = this.api.get("/api/v1/outbox?destination=not-an-id", a.auth());
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.contentType()).startsWith("application/problem+json");
		assertThat(malformed.body()).contains("destination");
	}

	@Test
	void aDisabledEndpointGetsNothingUntilEnabledAgain() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "hooks-off");
		List<Received> received = new CopyOnWriteArrayList<>();
		CountDownLatch arrived = new CountDownLatch(1);
		CountDownLatch gate = new CountDownLatch(1);
		String url = receiver(received, () -> 200, arrived, gate);
		String endpoint = create(tenant, url, "payment.received");

		// one message under way (held by the receiver), one pending behind it
		pay(tenant, "off-1", "ola@initech.com", "1");
		assertThat(arrived.await(30, TimeUnit.SECONDS)).as("the first delivery arrives").isTrue();
		pay(tenant, "off-2", "ola@initech.com", "2");
		ApiClient.Response disabled = patch("/api/v1/webhooks/" + endpoint, Map.of("active", false), tenant);
		assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
		assertThat(disabled.json().get("active").asBoolean()).isFalse();
		assertThat(Instant.parse(disabled.json().get("updatedAt").asString()))
			.isAfter(Instant.parse(disabled.json().get("createdAt").asString()));
		pay(tenant, "off-3", "ola@initech.com", "3");
		gate.countDown();

		JsonNode first = awaitStatus(tenant, "DELIVERED", 1).get(0);
		JsonNode pending = outbox(tenant, "?status=DEAD");
		assertThat(pending).as("the message pending when it was disabled is dead-lettered, never attempted").hasSize(1);
		assertThat(pending.get(0).get("attempts").asInt()).isZero();
		assertThat(pending.get(0).get("lastError").asString()).isEqualTo(WebhookEndpoints.DISABLED);
		assertThat(outbox(tenant, "")).as("an event while disabled makes no message").hasSize(2);
		assertThat(received).hasSize(1);
		assertThat(received.get(0).eventId()).isEqualTo(first.get("eventId").asString());

		assertThat(
				patch("/api/v1/webhooks/" + endpoint, Map.of("active", true), tenant).json().get("active").asBoolean())
			.isTrue();
		assertThat(replay(pending.get(0).get("id").asString(), tenant).status()).isEqualTo(200);
		pay(tenant, "off-4", "ola@initech.com", "4");
		awaitStatus(tenant, "DELIVERED", 3);
		assertThat(received).hasSize(3)
			.extracting(Received::eventId)
			.contains(pending.get(0).get("eventId").asString());
	}

	@Test
	void aDeletedEndpointsPendingDeliveriesAreNeverSent() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "hooks-delete");
		List<Received> received = new CopyOnWriteArrayList<>();
		CountDownLatch arrived = new CountDownLatch(1);
		CountDownLatch gate = new CountDownLatch(1);
		String url = receiver(received, () -> 500, arrived, gate);
		String endpoint = create(tenant, url, "payment.received");

		pay(tenant, "del-1", "dora@initech.com", "1");
		assertThat(arrived.await(30, TimeUnit.SECONDS)).as("the first delivery arrives").isTrue();
		pay(tenant, "del-2", "dora@initech.com", "2");
		ApiClient.Response deleted = this.api.delete("/api/v1/webhooks/" + endpoint, tenant.auth());
		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
		gate.countDown();

		assertThat(this.api.get("/api/v1/webhooks/" + endpoint, tenant.auth()).status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/webhooks/" + endpoint + "/deliveries", tenant.auth()).status())
			.as("the delivery log goes with the endpoint")
			.isEqualTo(404);
		assertThat(this.api.delete("/api/v1/webhooks/" + endpoint, tenant.auth()).status()).isEqualTo(404);
		assertThat(patch("/api/v1/webhooks/" + endpoint, Map.of("active", true), tenant).status()).isEqualTo(404);

		// another endpoint's delivery, due after both: once it arrived, the dispatcher
		// has
		// passed them
		List<Received> later = new CopyOnWriteArrayList<>();
		create(tenant, receiver(later, () -> 200), "payment.received");
		pay(tenant, "del-3", "dora@initech.com", "3");
		awaitStatus(tenant, "DELIVERED", 1);
		JsonNode dead = outbox(tenant, "?status=DEAD");
		assertThat(dead).hasSize(2).allSatisfy((message) -> {
			assertThat(message.get("destination").asString()).isEqualTo(endpoint);
			assertThat(message.get("lastError").asString()).isEqualTo(WebhookEndpoints.DELETED);
		});
		assertThat(dead).extracting((m) -> m.get("attempts").asInt())
			.as("the one under way was attempted once, the pending one never")
			.containsExactlyInAnyOrder(1, 0);
		assertThat(received).hasSize(1);
		assertThat(later).hasSize(1);
		assertThat(this.api.get("/api/v1/webhooks", tenant.auth()).body()).doesNotContain(endpoint);
	}

	@Test
	void aRotatedSecretSignsNextToThePreviousOneDuringItsGracePeriod() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "hooks-rotate");
		List<Received> received = new CopyOnWriteArrayList<>();
		String url = receiver(received, () -> 200);
		ApiClient.Response created = this.api.post("/api/v1/webhooks",
				Map.of("url", url, "eventTypes", List.of("payment.received")), tenant.auth());
		String endpoint = created.json().get("id").asString();
		String first = created.json().get("secret").asString();

		ApiClient.Response rotated = patch("/api/v1/webhooks/" + endpoint, Map.of("rotateSecret", true), tenant);
		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
		String second = rotated.json().get("secret").asString();
		assertThat(second).startsWith("whsec_").isNotEqualTo(first);
		Instant graceEnds = Instant.parse(rotated.json().get("previousSecretExpiresAt").asString());
		assertThat(graceEnds).isBetween(Instant.now().plus(Duration.ofHours(23)),
				Instant.now().plus(Duration.ofHours(25)));
		JsonNode read = this.api.get("/api/v1/webhooks/" + endpoint, tenant.auth()).json();
		assertThat(read.has("secret")).isFalse();
		assertThat(read.get("previousSecretExpiresAt").asString()).isEqualTo(graceEnds.toString());
		assertThat(this.api.get("/api/v1/webhooks", tenant.auth()).body()).doesNotContain(first).doesNotContain(second);

		pay(tenant, "rot-1", "rita@initech.com", "1");
		awaitStatus(tenant, "DELIVERED", 1);
		Received during = received.get(0);
		String[] parts = during.signature().split(",");
		assertThat(parts).hasSize(3);
		long timestamp = Long.parseLong(parts[0].substring(2));
		assertThat(parts[1]).isEqualTo(WebhookDeliverer.signature(second, timestamp, during.body()).split(",")[1]);
		assertThat(parts[2]).isEqualTo(WebhookDeliverer.signature(first, timestamp, during.body()).split(",")[1]);

		// after the grace period, the new secret alone
		this.clock.moveBy(Duration.ofHours(25));
		pay(tenant, "rot-2", "rita@initech.com", "2");
		awaitStatus(tenant, "DELIVERED", 2);
		Received after = received.get(1);
		long later = Long.parseLong(after.signature().split(",")[0].substring(2));
		assertThat(after.signature()).isEqualTo(WebhookDeliverer.signature(second, later, after.body()));
		assertThat(this.api.get("/api/v1/webhooks/" + endpoint, tenant.auth())
			.json()
			.get("previousSecretExpiresAt")
			.isNull()).isTrue();
	}

	@Test
	void anEndpointsFieldsChangeAndAreChecked() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "hooks-patch");
		List<Received> received = new CopyOnWriteArrayList<>();
		String url = receiver(received, () -> 200);
		String endpoint = create(tenant, url, "payment.received");
		String path = "/api/v1/webhooks/" + endpoint;

		ApiClient.Response changed = patch(path,
				Map.of("url", url + "?v=2", "eventTypes",
						List.of("payment.refunded", "payment.received", "payment.refunded"), "description", "finance"),
				tenant);
		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		assertThat(changed.json().get("url").asString()).isEqualTo(url + "?v=2");
		assertThat(changed.json().get("eventTypes")).extracting(JsonNode::asString)
			.containsExactly("payment.refunded", "payment.received");
		assertThat(changed.json().get("description").asString()).isEqualTo("finance");
		assertThat(changed.json().has("secret")).isFalse();
		assertThat(patch(path, Map.of("description", ""), tenant).json().get("description").isNull()).isTrue();

		ApiClient.Response invalid = patch(path, Map.of("url", "gopher://x", "eventTypes", List.of()), tenant);
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.json().get("detail").asString()).contains("url: must be an absolute http or https URL")
			.contains("eventTypes: must name at least one event type");
		assertThat(patch(path, Map.of("active", "maybe"), tenant).status()).isEqualTo(400);
		assertThat(patch(path, Map.of("secret", "whsec_mine"), tenant).status()).isEqualTo(400);
		JsonNode unchanged = this.api.get(path, tenant.auth()).json();
		assertThat(unchanged.get("url").asString()).isEqualTo(url + "?v=2");
		assertThat(unchanged.get("eventTypes")).hasSize(2);
		ApiClient.Response nothing = patch(path, Map.of(), tenant);
		assertThat(nothing.status()).as("a change of nothing changes nothing").isEqualTo(200);
		assertThat(nothing.json()).isEqualTo(unchanged);
	}

	@Test
	void listsArePagedByCursorNewestFirst() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "hooks-pages");
		SignedUp other = TestTenants.signUp(this.api, "hooks-pages-b");
		List<Received> received = new CopyOnWriteArrayList<>();
		AtomicInteger calls = new AtomicInteger();
		String url = receiver(received, () -> (calls.incrementAndGet() <= 2) ? 503 : 200);
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			created.add(0, create(tenant, url + "?n=" + i, "customer.created"));
		}
		String otherOwn = create(other, url, "customer.created");

		JsonNode page1 = this.api.get("/api/v1/webhooks?limit=3", tenant.auth()).json();
		// a new endpoint between two pages changes nothing on the pages after
		String newest = create(tenant, url + "?n=new", "customer.created");
		JsonNode page2 = this.api
			.get("/api/v1/webhooks?limit=3&cursor=" + page1.get("nextCursor").asString(), tenant.auth())
			.json();
		JsonNode page3 = this.api
			.get("/api/v1/webhooks?limit=3&cursor=" + page2.get("nextCursor").asString(), tenant.auth())
			.json();
		List<String> paged = new ArrayList<>();
		for (JsonNode page : List.of(page1, page2, page3)) {
			page.get("items").forEach((item) -> paged.add(item.get("id").asString()));
		}
		assertThat(page1.get("items")).hasSize(3);
		assertThat(page2.get("items")).hasSize(3);
		assertThat(page3.get("items")).hasSize(1);
		assertThat(page3.get("nextCursor").isNull()).isTrue();
		assertThat(paged).containsExactlyElementsOf(created);
		assertThat(
				this.api.get("/api/v1/webhooks?limit=1", tenant.auth()).json().get("items").get(0).get("id").asString())
			.isEqualTo(newest);
		assertThat(this.api.get("/api/v1/webhooks", tenant.auth()).json().get("items")).hasSize(8);
		assertThat(this.api.get("/api/v1/webhooks?limit=500", other.auth()).json().get("items"))
			.extracting((item) -> item.get("id").asString())
			.containsExactly(otherOwn);

		// one customer: a message per endpoint, the first endpoint's delivery tried 3
		// times
		String first = created.get(6);
		for (String id : created.subList(0, 6)) {
			assertThat(patch("/api/v1/webhooks/" + id, Map.of("active", false), tenant).status()).isEqualTo(200);
		}
		assertThat(patch("/api/v1/webhooks/" + newest, Map.of("active", false), tenant).status()).isEqualTo(200);
		for (int i = 0; i < 5; i++) {
			pay(tenant, "page-" + i, "p" + i + "@initech.com", "1");
		}
		awaitStatus(tenant, "DELIVERED", 5);
		List<String> messages = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			JsonNode page = this.api
				.get("/api/v1/outbox?status=DELIVERED&limit=2" + ((cursor != null) ? "&cursor=" + cursor : ""),
						tenant.auth())
				.json();
			page.get("items").forEach((item) -> {
				assertThat(item.get("status").asString()).isEqualTo("DELIVERED");
				messages.add(item.get("id").asString());
			});
			cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
			pages++;
		}
		while (cursor != null);
		assertThat(pages).isEqualTo(3);
		assertThat(messages).hasSize(5).doesNotHaveDuplicates();
		List<String> all = new ArrayList<>();
		outbox(tenant, "?limit=500").forEach((item) -> all.add(item.get("id").asString()));
		assertThat(messages).containsExactlyElementsOf(all);
		List<Instant> times = new ArrayList<>();
		outbox(tenant, "").forEach((item) -> times.add(Instant.parse(item.get("createdAt").asString())));
		assertThat(times).isSortedAccordingTo((x, y) -> y.compareTo(x));

		JsonNode deliveries1 = this.api.get("/api/v1/webhooks/" + first + "/deliveries?limit=4", tenant.auth()).json();
		JsonNode deliveries2 = this.api
			.get("/api/v1/webhooks/" + first + "/deliveries?limit=4&cursor=" + deliveries1.get("nextCursor").asString(),
					tenant.auth())
			.json();
		assertThat(deliveries1.get("items")).hasSize(4);
		assertThat(deliveries2.get("items")).hasSize(3);
		assertThat(deliveries2.get("nextCursor").isNull()).isTrue();
		List<Integer> codes = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		for (JsonNode page : List.of(deliveries1, deliveries2)) {
			page.get("items").forEach((item) -> {
				codes.add(item.get("statusCode").asInt());
				ids.add(item.get("id").asString());
			});
		}
		assertThat(ids).hasSize(7);
		assertThat(codes).as("newest first: the two failures are the oldest").endsWith(503, 503);

		for (String bad : List.of("/api/v1/webhooks?limit=0", "/api/v1/webhooks?limit=501",
				"/api/v1/webhooks?cursor=not-a-cursor", "/api/v1/outbox?limit=0", "/api/v1/outbox?cursor=%25%25",
				"/api/v1/outbox?status=LOST", "/api/v1/webhooks/" + first + "/deliveries?limit=9999",
				"/api/v1/webhooks/" + first + "/deliveries?cursor=bm9wZQ")) {
			ApiClient.Response answer = this.api.get(bad, tenant.auth());
			assertThat(answer.status()).as(bad).isEqualTo(400);
			assertThat(answer.contentType()).as(bad).startsWith("application/problem+json");
			assertThat(answer.json().get("detail").asString()).as(bad).containsAnyOf("limit", "cursor", "status");
		}
	}

	@Test
	void privateTargetsAreRefusedWhereTheOperatorDoesNotAllowThem() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "hooks-strict");
		List<Received> received = new CopyOnWriteArrayList<>();
		String url = receiver(received, () -> 200);
		String endpoint = create(tenant, url, "payment.received");

		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("revcycle.webhooks.allow-private-targets", "false");
		properties.put("revcycle.outbox.poll-interval", "PT1H");
		properties.put("revcycle.sla.poll-interval", "PT1H");
		properties.put("revcycle.connectors.poll-interval", "PT1H");
		try (ConfigurableApplicationContext strict = new SpringApplicationBuilder(RevcycleApplication.class)
			.web(WebApplicationType.SERVLET)
			.initializers(new RealServicesInitializer())
			.properties(properties)
			.run("--server.port=0",
					// a replica of the same platform, which opens the secrets the other
					// one sealed; as arguments, which outrank application.yml
					"--revcycle.secrets.keyset=" + TestKeys.KEYSET_B_PRIMARY_A,
					"--revcycle.secrets.key=" + TestKeys.LEGACY_KEY)) {
			ApiClient api = new ApiClient(
					"http://localhost:" + strict.getEnvironment().getProperty("local.server.port", Integer.class));
			Map<String, String> refused = Map.of("http://127.0.0.1:8080/hook", "127.0.0.1 is a loopback address",
					"http://localhost/hook", "localhost resolves to ", "https://10.1.2.3/hook",
					"10.1.2.3 is a private network address", "https://[::1]/hook",
					"::1 (0:0:0:0:0:0:0:1) is a loopback address", "http://100.64.1.1/", "is a carrier-grade NAT",
					"http://[fe80::1]/", "is a link-local address", "http://0.0.0.0:8081/",
					"is the unspecified address", "http://169.254.169.254/latest/meta-data/",
					"is a cloud metadata service address");
			for (Map.Entry<String, String> target : refused.entrySet()) {
				ApiClient.Response answer = api.post("/api/v1/webhooks",
						Map.of("url", target.getKey(), "eventTypes", List.of("payment.received")), tenant.auth());
				assertThat(answer.status()).as(target.getKey()).isEqualTo(400);
				assertThat(answer.contentType()).startsWith("application/problem+json");
				assertThat(answer.json().get("detail").asString()).as(target.getKey())
					.startsWith("url: ")
					.contains(target.getValue())
					.endsWith("webhooks are sent only to public internet addresses");
			}
			ApiClient.Response patched = api.send("PATCH", "/api/v1/webhooks/" + endpoint,
					JSON.writeValueAsString(Map.of("url", "http://192.168.1.20/hook")), "application/json",
					tenant.auth());
			assertThat(patched.status()).isEqualTo(400);
			assertThat(patched.json().get("detail").asString())
				.startsWith("url: 192.168.1.20 is a private network address");
			ApiClient.Response described = api.send("PATCH", "/api/v1/webhooks/" + endpoint,
					JSON.writeValueAsString(Map.of("description", "kept")), "application/json", tenant.auth());
			assertThat(described.status()).as("a change that leaves the URL alone does not judge it").isEqualTo(200);
			assertThat(described.json().get("url").asString()).isEqualTo(url);

			// at delivery, the same policy: nothing reaches the receiver
			WebhookDeliverer deliverer = strict.getBean(WebhookDeliverer.class);
			OutboxMessage message = new OutboxMessage(tenant.id(), UUID.randomUUID(), WebhookDeliverer.KIND,
					UUID.fromString(endpoint), UUID.randomUUID(), "payment.received",
					"{\"type\": \"payment.received\"}", 1);
			Deliverer.Result result = TenantContext.callAs(tenant.id(), () -> deliverer.deliver(message));
			assertThat(result.delivered()).isFalse();
			assertThat(result.permanent()).isFalse();
			assertThat(result.error())
				.isEqualTo("127.0.0.1 is a loopback address; webhooks are sent only to public internet addresses");
		}
		assertThat(received).isEmpty();
		JsonNode attempts = this.api.get("/api/v1/webhooks/" + endpoint + "/deliveries", tenant.auth())
			.json()
			.get("items");
		assertThat(attempts).hasSize(1);
		assertThat(attempts.get(0).get("error").asString()).startsWith("127.0.0.1 is a loopback address");
	}

	private String create(SignedUp tenant, String url, String... eventTypes) {
		ApiClient.Response created = this.api.post("/api/v1/webhooks",
				Map.of("url", url, "eventTypes", List.of(eventTypes)), tenant.auth());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	/** Replays an outbox message: a POST without a body. */
	private ApiClient.Response replay(String id, SignedUp tenant) {
		return this.api.send("POST", "/api/v1/outbox/" + id + "/replay", null, null, tenant.auth());
	}

	private ApiClient.Response patch(String path, Map<String, ?> body, SignedUp tenant) {
		return this.api.send("PATCH", path, JSON.writeValueAsString(body), "application/json", tenant.auth());
	}

	private JsonNode outbox(SignedUp tenant, String query) {
		ApiClient.Response answer = this.api.get("/api/v1/outbox" + query, tenant.auth());
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		return answer.json().get("items");
	}

	private void pay(SignedUp tenant, String externalId, String email, String amount) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "payment_succeeded");
		event.put("occurredAt", Instant.now().minusSeconds(1).toString());
		event.put("source", "stripe");
		event.put("externalId", externalId);
		event.put("person", Map.of("email", email));
		event.put("properties", Map.of("amount", amount, "currency", "eur"));
		assertThat(this.api.post("/api/v1/events", Map.of("events", List.of(event)), tenant.auth()).status())
			.isEqualTo(200);
	}

	private JsonNode awaitStatus(SignedUp tenant, String status, int count) throws InterruptedException {
		JsonNode items = null;
		for (int i = 0; i < 300; i++) {
			items = this.api.get("/api/v1/outbox?status=" + status, tenant.auth()).json().get("items");
			if (items.size() >= count) {
				return items;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("no " + status + " message after 30 s; outbox: "
				+ this.api.get("/api/v1/outbox", tenant.auth()).body());
	}

}
