package io.revcycle.secrets;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import io.revcycle.ApiTest;
import io.revcycle.outbox.Deliverer;
import io.revcycle.outbox.OutboxMessage;
import io.revcycle.plugin.testkit.Signatures;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static io.revcycle.secrets.TestKeys.box;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets the platform cannot open (sealed with a key it does not hold, or copied from
 * another tenant's row): each use answers the problem it always answered for them, never
 * a 500, and nothing tells the key or the value.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsUnreadableTests extends ApiTest {

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TransactionTemplate tx;

	@Autowired
	private List<Deliverer> deliverers;

	@Test
	void aConnectorsSecretsSealedWithAnotherKeyOrCopiedFromAnotherTenantAnswerTheUsualProblems(CapturedOutput output) {
		SignedUp a = TestTenants.signUp(this.api, "unread-a");
		SignedUp b = TestTenants.signUp(this.api, "unread-b");
		String secret = "whsec_" + UUID.randomUUID().toString().replace("-", "");
		String foreignKey = stripe(a, secret);
		String otherLegacyKey = stripe(a, secret);
		String copied = stripe(a, secret);
		String json = "{\"webhookSecret\":\"" + secret + "\"}";
		as(a, () -> {
			this.jdbc.update("update connector_instances set secrets = ? where id = ?::uuid",
					box(TestKeys.KEYSET_FOREIGN, null).seal(json, a.id() + "/" + foreignKey), foreignKey);
			this.jdbc.update("update connector_instances set secrets = ? where id = ?::uuid",
					box(null, TestKeys.LEGACY_KEY_16).seal(json, a.id() + "/" + otherLegacyKey), otherLegacyKey);
			return null;
		});
		// tenant b's sealed secrets, copied into tenant a's row
		String ofB = stripe(b, secret);
		String sealedForB = as(b, () -> this.jdbc
			.queryForObject("select secrets from connector_instances where id = ?::uuid", String.class, ofB));
		as(a, () -> this.jdbc.update("update connector_instances set secrets = ? where id = ?::uuid", sealedForB,
				copied));

		for (String id : List.of(foreignKey, otherLegacyKey, copied)) {
			String path = "/api/v1/connector-instances/" + id;
			ApiClient.Response shown = this.api.get(path, a.auth());
			assertThat(shown.status()).isEqualTo(200);
			assertThat(shown.json().get("secretsSet").size()).isZero();
			assertThat(shown.json().get("secretsProblem").asString()).contains("set them again");
			ApiClient.Response kept = this.api.put(path, Map.of("name", "stripe", "config", Map.of()), a.auth());
			assertThat(kept.status()).as(kept.toString()).isEqualTo(409);
			assertThat(kept.contentType()).startsWith("application/problem+json");
			assertThat(kept.json().get("detail").asString()).contains("webhookSecret");
			String body = "{\"id\": \"evt_1\", \"object\": \"event\"}";
			ApiClient.Response hook = this.api.send("POST", "/hooks/" + a.slug() + "/" + id, body, "application/json",
					"Stripe-Signature", Signatures.stripe(secret, Instant.now(), body));
			assertThat(hook.status()).as(hook.toString()).isEqualTo(503);
			assertThat(hook.header("Retry-After")).isNotNull();
			assertThat(hook.json().get("detail").asString()).contains("cannot be opened");
			for (ApiClient.Response response : List.of(shown, kept, hook)) {
				assertThat(response.body()).doesNotContain(secret)
					.doesNotContain("Exception")
					.doesNotContain("io.revcycle");
			}
		}
		// b's own instance is untouched
		assertThat(this.api.get("/api/v1/connector-instances/" + ofB, b.auth()).json().has("secretsProblem")).isFalse();
		assertThat(output.getAll()).contains("does not hold")
			.contains("another key, for another row")
			.doesNotContain(secret)
			.doesNotContain(TestKeys.KEYSET_B_PRIMARY_A)
			.doesNotContain(TestKeys.LEGACY_KEY);
	}

	@Test
	void aWebhookWhoseSecretDoesNotOpenIsRefusedWithTheReason() {
		SignedUp tenant = TestTenants.signUp(this.api, "unread-hook");
		ApiClient.Response created = this.api.post("/api/v1/webhooks",
				Map.of("url", "http://127.0.0.1:9/hook", "eventTypes", List.of("payment.received")), tenant.auth());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		UUID endpoint = UUID.fromString(created.json().get("id").asString());
		String secret = created.json().get("secret").asString();
		as(tenant, () -> this.jdbc.update("update webhook_endpoints set secret = ? where id = ?",
				box(TestKeys.KEYSET_FOREIGN, null).seal(secret, "webhook/" + tenant.id() + "/" + endpoint), endpoint));
		Deliverer webhooks = this.deliverers.stream()
			.filter((deliverer) -> "webhook".equals(deliverer.kind()))
			.findFirst()
			.orElseThrow();
		Deliverer.Result result = TenantContext.callAs(tenant.id(),
				() -> webhooks.deliver(new OutboxMessage(tenant.id(), UUID.randomUUID(), "webhook", endpoint,
						UUID.randomUUID(), "payment.received", "{}", 1)));
		assertThat(result.delivered()).isFalse();
		assertThat(result.permanent()).isTrue();
		assertThat(result.error()).contains("cannot be opened with this platform's secrets key").doesNotContain(secret);

		// the tenant admin rotates the secret: the new one signs, the unreadable one is
		// left out of its grace period instead of stopping every delivery
		ApiClient.Response rotated = this.api.patch("/api/v1/webhooks/" + endpoint, Map.of("rotateSecret", true),
				tenant.auth());
		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
		Deliverer.Result after = TenantContext.callAs(tenant.id(), () -> webhooks.deliver(new OutboxMessage(tenant.id(),
				UUID.randomUUID(), "webhook", endpoint, UUID.randomUUID(), "payment.received", "{}", 1)));
		assertThat(after.delivered()).as("nothing listens on port 9").isFalse();
		assertThat(after.error()).doesNotContain("secret").contains("127.0.0.1:9");
	}

	private String stripe(SignedUp tenant, String secret) {
		ApiClient.Response created = this.api.post("/api/v1/connector-instances",
				Map.of("connectorId", "stripe", "name", "stripe", "config", Map.of("webhookSecret", secret)),
				tenant.auth());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private <T> T as(SignedUp tenant, Supplier<T> work) {
		return TenantContext.callAs(tenant.id(), () -> this.tx.execute((status) -> work.get()));
	}

}
