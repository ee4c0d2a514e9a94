package io.revcycle.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import io.revcycle.ApiTest;
import io.revcycle.RevcycleTest;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static io.revcycle.secrets.TestKeys.box;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A rotation of the secrets key end to end, over the connectors' and the webhooks' rows
 * of two tenants: values stored before it (sealed with key A, with the legacy key, or in
 * clear) open on the platform under test, which holds [B primary, A] and the legacy key;
 * the operators' re-seal then leaves everything sealed with B, so that a keyset of B
 * alone opens it.
 *
 * <p>
 * The bindings ({@code <tenant>/<instance>}, {@code webhook/<tenant>/<endpoint>}) are
 * written out here on purpose: they are part of what is stored, and changing them would
 * make every stored secret unreadable.
 */
class SecretsResealTests extends ApiTest {

	private static final String[] OPERATOR = { "X-Operator-Token", RevcycleTest.OPERATOR_TOKEN };

	private static final String RECEIVER = "http://127.0.0.1:9/hook";

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TransactionTemplate tx;

	private final SecretBox keyA = box(TestKeys.KEYSET_A, null);

	private final SecretBox legacy = box(null, TestKeys.LEGACY_KEY);

	private final SecretBox keyB = box(TestKeys.KEYSET_B, null);

	/** A tenant's rows and the secrets in them, in clear. */
	record Stored(SignedUp tenant, UUID instance, String stripeSecret, UUID rotated, String secret, String previous,
			UUID other, String otherSecret) {

		String instanceBinding() {
			return this.tenant.id() + "/" + this.instance;
		}

		String binding(UUID endpoint) {
			return "webhook/" + this.tenant.id() + "/" + endpoint;
		}

		String instanceSecrets() {
			return "{\"webhookSecret\":\"" + this.stripeSecret + "\"}";
		}

	}

	@Test
	void aReSealLeavesEveryTenantsSecretsUnderThePrimaryKeyAlone() {
		Stored a = store(TestTenants.signUp(this.api, "reseal-a"));
		Stored b = store(TestTenants.signUp(this.api, "reseal-b"));
		// as platforms stored them before the rotation
		as(a.tenant(), () -> {
			instanceSecrets(a, this.keyA.seal(a.instanceSecrets(), a.instanceBinding()));
			endpointSecrets(a.rotated(), this.keyA.seal(a.secret(), a.binding(a.rotated())),
					this.legacy.seal(a.previous(), a.binding(a.rotated())));
			endpointSecrets(a.other(), a.otherSecret(), null);
			return null;
		});
		as(b.tenant(), () -> {
			instanceSecrets(b, this.legacy.seal(b.instanceSecrets(), b.instanceBinding()));
			endpointSecrets(b.rotated(), this.legacy.seal(b.secret(), b.binding(b.rotated())), b.previous());
			endpointSecrets(b.other(), this.keyA.seal(b.otherSecret(), b.binding(b.other())), null);
			return null;
		});
		for (Stored stored : List.of(a, b)) {
			assertThat(secretsSet(stored)).as("opens on the rotating platform").containsExactly("webhookSecret");
		}

		ApiClient.Response resealed = this.api.post("/operator/secrets/reseal", Map.of(), OPERATOR);
		assertThat(resealed.status()).as(resealed.toString()).isEqualTo(200);
		JsonNode report = resealed.json();
		assertThat(report.get("sealedWith").asString()).contains("primary key 1754437711");
		assertThat(report.get("tenants").asInt()).isGreaterThanOrEqualTo(2);
		assertThat(count(report, "connector instance secrets", "resealed")).isGreaterThanOrEqualTo(2);
		assertThat(count(report, "webhook signing secrets", "resealed")).isGreaterThanOrEqualTo(4);
		List<String> unreadable = new ArrayList<>();
		report.get("unreadable").forEach((row) -> unreadable.add(row.get("id").asString()));
		for (Stored stored : List.of(a, b)) {
			assertThat(unreadable).doesNotContain(stored.instance().toString(), stored.rotated().toString(),
					stored.other().toString());
		}

		// B alone opens everything, each value only for its own row; A opens none
		List<String> after = new ArrayList<>();
		for (Stored stored : List.of(a, b)) {
			List<String> values = as(stored.tenant(), this::readAll);
			assertThat(values).hasSize(4).allSatisfy((value) -> assertThat(value).startsWith("v2:"));
			after.addAll(values);
			assertThat(this.keyB.open(values.get(0), stored.instanceBinding())).isEqualTo(stored.instanceSecrets());
			assertThat(this.keyB.open(values.get(1), stored.binding(stored.rotated()))).isEqualTo(stored.secret());
			assertThat(this.keyB.open(values.get(2), stored.binding(stored.rotated()))).isEqualTo(stored.previous());
			assertThat(this.keyB.open(values.get(3), stored.binding(stored.other()))).isEqualTo(stored.otherSecret());
			for (String value : values) {
				assertThatExceptionOfType(SecretBox.Unreadable.class)
					.isThrownBy(() -> this.keyA.open(value, stored.instanceBinding()));
			}
			assertThatExceptionOfType(SecretBox.Unreadable.class).as("still bound to its tenant")
				.isThrownBy(() -> this.keyB.open(values.get(0),
						((stored == a) ? b : a).tenant().id() + "/" + stored.instance()));
			assertThat(secretsSet(stored)).containsExactly("webhookSecret");
		}

		// a second run finds nothing left to do
		ApiClient.Response again = this.api.post("/operator/secrets/reseal", Map.of(), OPERATOR);
		assertThat(again.status()).isEqualTo(200);
		assertThat(as(a.tenant(), this::readAll)).containsExactlyElementsOf(after.subList(0, 4));
		assertThat(as(b.tenant(), this::readAll)).containsExactlyElementsOf(after.subList(4, 8));
	}

	@Test
	void aValueThatDoesNotOpenIsReportedAndLeftAsItWasAndAnExpiredPreviousSecretGoes() {
		Stored c = store(TestTenants.signUp(this.api, "reseal-c"));
		SecretBox foreignKey = box(TestKeys.KEYSET_FOREIGN, null);
		String foreign = foreignKey.seal(c.instanceSecrets(), c.instanceBinding());
		String foreignPrevious = foreignKey.seal(c.previous(), c.binding(c.rotated()));
		as(c.tenant(), () -> {
			instanceSecrets(c, foreign);
			endpointSecrets(c.rotated(), this.keyA.seal(c.secret(), c.binding(c.rotated())), foreignPrevious);
			// past its grace period, a previous secret signs nothing any more
			this.jdbc.update(
					"update webhook_endpoints set previous_secret = ?, "
							+ "previous_secret_expires_at = '2000-01-01T00:00:00Z' where id = ?",
					this.keyA.seal("whsec_expired", c.binding(c.other())), c.other());
			return null;
		});
		ApiClient.Response resealed = this.api.post("/operator/secrets/reseal", Map.of(), OPERATOR);
		assertThat(resealed.status()).as(resealed.toString()).isEqualTo(200);
		List<String> rows = new ArrayList<>();
		resealed.json()
			.get("unreadable")
			.forEach((row) -> rows.add(row.get("tenantId").asString() + " " + row.get("values").asString() + " "
					+ row.get("id").asString()));
		assertThat(rows)
			.contains(c.tenant().id() + " connector instance secrets " + c.instance(),
					c.tenant().id() + " webhook signing secrets " + c.rotated())
			.noneMatch((row) -> row.contains(c.other().toString()));
		assertThat(resealed.body()).doesNotContain(c.stripeSecret()).doesNotContain(foreign);

		List<String> after = as(c.tenant(), this::readAll);
		assertThat(after).hasSize(4);
		assertThat(after.get(0)).as("left as it was").isEqualTo(foreign);
		assertThat(this.keyB.open(after.get(1), c.binding(c.rotated()))).as("its readable secret is re-sealed")
			.isEqualTo(c.secret());
		assertThat(after.get(2)).as("left as it was").isEqualTo(foreignPrevious);
		assertThat(this.keyB.open(after.get(3), c.binding(c.other()))).isEqualTo(c.otherSecret());
		assertThat(as(c.tenant(),
				() -> this.jdbc.queryForObject(
						"select coalesce(previous_secret, '') || coalesce(previous_secret_expires_at::text, '') "
								+ "from webhook_endpoints where id = ?",
						String.class, c.other())))
			.as("the expired previous secret is gone")
			.isEmpty();
	}

	@Test
	void onlyOperatorsReseal() {
		SignedUp tenant = TestTenants.signUp(this.api, "reseal-op");
		for (ApiClient.Response refused : List.of(this.api.post("/operator/secrets/reseal", Map.of()),
				this.api.post("/operator/secrets/reseal", Map.of(), "X-Operator-Token", "wrong"),
				this.api.post("/operator/secrets/reseal", Map.of(), tenant.auth()))) {
			assertThat(refused.status()).isEqualTo(401);
			assertThat(refused.contentType()).startsWith("application/problem+json");
		}
	}

	/**
	 * A Stripe instance and two webhook endpoints, one of them rotated, through the API.
	 */
	private Stored store(SignedUp tenant) {
		String stripeSecret = "whsec_" + UUID.randomUUID().toString().replace("-", "");
		ApiClient.Response instance = this.api.post("/api/v1/connector-instances",
				Map.of("connectorId", "stripe", "name", "stripe", "config", Map.of("webhookSecret", stripeSecret)),
				tenant.auth());
		assertThat(instance.status()).as(instance.toString()).isEqualTo(201);
		ApiClient.Response rotated = endpoint(tenant);
		String id = rotated.json().get("id").asString();
		ApiClient.Response rotation = this.api.patch("/api/v1/webhooks/" + id, Map.of("rotateSecret", true),
				tenant.auth());
		assertThat(rotation.status()).as(rotation.toString()).isEqualTo(200);
		ApiClient.Response other = endpoint(tenant);
		return new Stored(tenant, UUID.fromString(instance.json().get("id").asString()), stripeSecret,
				UUID.fromString(id), rotation.json().get("secret").asString(), rotated.json().get("secret").asString(),
				UUID.fromString(other.json().get("id").asString()), other.json().get("secret").asString());
	}

	private ApiClient.Response endpoint(SignedUp tenant) {
		ApiClient.Response created = this.api.post("/api/v1/webhooks",
				Map.of("url", RECEIVER, "eventTypes", List.of("payment.received")), tenant.auth());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created;
	}

	private List<String> secretsSet(Stored stored) {
		JsonNode instance = this.api.get("/api/v1/connector-instances/" + stored.instance(), stored.tenant().auth())
			.json();
		assertThat(instance.has("secretsProblem")).as(instance.toString()).isFalse();
		List<String> names = new ArrayList<>();
		instance.get("secretsSet").forEach((name) -> names.add(name.asString()));
		return names;
	}

	private void instanceSecrets(Stored stored, String value) {
		this.jdbc.update("update connector_instances set secrets = ? where id = ?", value, stored.instance());
	}

	private void endpointSecrets(UUID endpoint, String secret, String previous) {
		this.jdbc.update("update webhook_endpoints set secret = ?, previous_secret = ? where id = ?", secret, previous,
				endpoint);
	}

	/**
	 * The tenant's stored values: the instance's secrets, the rotated endpoint's secret
	 * and previous secret, the other endpoint's secret.
	 */
	private List<String> readAll() {
		List<String> values = new ArrayList<>(
				this.jdbc.queryForList("select secrets from connector_instances", String.class));
		this.jdbc.query("select secret, previous_secret from webhook_endpoints order by previous_secret is null",
				(rs) -> {
					values.add(rs.getString(1));
					if (rs.getString(2) != null) {
						values.add(rs.getString(2));
					}
				});
		return values;
	}

	private <T> T as(SignedUp tenant, Supplier<T> work) {
		return TenantContext.callAs(tenant.id(), () -> this.tx.execute((status) -> work.get()));
	}

	private static int count(JsonNode report, String values, String field) {
		for (JsonNode entry : report.get("values")) {
			if (values.equals(entry.get("name").asString())) {
				return entry.get(field).asInt();
			}
		}
		throw new AssertionError("no " + values + " in " + report);
	}

}
