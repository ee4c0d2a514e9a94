package io.revcycle.webhooks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import com.sun.net.httpserver.HttpServer;
import io.revcycle.ApiTest;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outbound webhooks through the outbox, to a real HTTP receiver on this machine.
 */
class WebhookTests extends ApiTest {

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TransactionTemplate tx;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<HttpServer> receivers = new ArrayList<>();

	record Received(String eventId, String signature, String body, String type) {
	}

	@AfterEach
	void stopReceivers() {
		this.receivers.forEach((server) -> server.stop(0));
	}

	/** A receiver answering with the status the supplier gives for each request. */
	private String receiver(List<Received> received, IntSupplier status) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/hook", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			received.add(new Received(exchange.getRequestHeaders().getFirst("Revcycle-Event-Id"),
					exchange.getRequestHeaders().getFirst("Revcycle-Signature"), body,
					JSON.readTree(body).get("type").asString()));
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
		assertThat(this.api.get("/api/v1/webhooks", tenant.auth()).body()).contains(endpoint).doesNotContain(secret);
		String stored = TenantContext.callAs(tenant.id(), () -> this.tx.execute((status) -> this.jdbc
			.queryForObject("select secret from webhook_endpoints where id = ?::uuid", String.class, endpoint)));
		assertThat(stored).as("the signing secret is stored encrypted").startsWith("v1:").doesNotContain(secret);

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

		// the same batch again stores nothing new and sends nothing new
		pay(tenant, "pay-1", "zoe@initech.com", "49.00");
		Thread.sleep(500);
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
		assertThat(dead.get("lastError").asString()).contains("500");
		assertThat(received).hasSize(4).extracting(Received::type).containsOnly("customer.created");

		SignedUp other = TestTenants.signUp(this.api, "hooks-other");
		String id = dead.get("id").asString();
		assertThat(this.api.post("/api/v1/outbox/" + id + "/replay", Map.of(), other.auth()).status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/outbox", other.auth()).json().get("items").size()).isZero();
		assertThat(this.api.get("/api/v1/webhooks", other.auth()).json().get("items").size()).isZero();
		assertThat(this.api.get("/api/v1/webhooks/" + dead.get("destination").asString() + "/deliveries", other.auth())
			.status()).isEqualTo(404);

		answer.set(204);
		ApiClient.Response replayed = this.api.post("/api/v1/outbox/" + id + "/replay", Map.of(), tenant.auth());
		assertThat(replayed.status()).isEqualTo(200);
		assertThat(replayed.json().get("status").asString()).isEqualTo("PENDING");
		awaitStatus(tenant, "DELIVERED", 1);
		assertThat(received).hasSize(5);
		assertThat(this.api.post("/api/v1/outbox/" + id + "/replay", Map.of(), tenant.auth()).status()).isEqualTo(409);
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
		for (int i = 0; i < 200; i++) {
			items = this.api.get("/api/v1/outbox?status=" + status, tenant.auth()).json().get("items");
			if (items.size() >= count) {
				return items;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("no " + status + " message after 20 s; outbox: "
				+ this.api.get("/api/v1/outbox", tenant.auth()).body());
	}

}
