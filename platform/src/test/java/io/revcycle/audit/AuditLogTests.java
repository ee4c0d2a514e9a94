package io.revcycle.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.revcycle.ApiTest;
import io.revcycle.kernel.Audited;
import io.revcycle.tenancy.TenantPrincipal;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit log shows who changed users, roles, API keys and configuration, with a diff
 * for configuration; it is paginated, append-only, for tenant admins, and per tenant.
 */
class AuditLogTests extends ApiTest {

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TransactionTemplate tx;

	@Autowired
	private AuditLog log;

	@Test
	void everyChangeIsLoggedWithWhoWhenWhatAndItsDiff() {
		SignedUp tenant = TestTenants.signUp(this.api, "audit");
		SignedUp other = TestTenants.signUp(this.api, "audit-other");

		String email = "rita@" + tenant.slug() + ".example.com";
		ApiClient.Response user = this.api.post("/api/v1/users",
				Map.of("email", email, "password", "long-enough-password", "roles", List.of("sdr")), tenant.auth());
		assertThat(user.status()).as(user.toString()).isEqualTo(201);
		String userId = user.json().get("id").asString();
		assertThat(this.api
			.patch("/api/v1/users/" + userId, Map.of("roles", List.of("sdr", "ae"), "team", "EMEA"), tenant.auth())
			.status()).isEqualTo(200);

		ApiClient.Response key = this.api.post("/api/v1/api-keys", Map.of("name", "ci"), tenant.auth());
		String keyId = key.json().get("id").asString();

		ApiClient.Response hook = this.api.post("/api/v1/webhooks",
				Map.of("url", "http://127.0.0.1:9/hook", "eventTypes", List.of("stage.changed")), tenant.auth());
		assertThat(hook.status()).as(hook.toString()).isEqualTo(201);
		String hookId = hook.json().get("id").asString();
		this.api.patch("/api/v1/webhooks/" + hookId, Map.of("description", "to the data team"), tenant.auth());

		ApiClient.Response routing = this.api.put("/api/v1/routing", Map.of("rules",
				List.of(Map.of("team", "EMEA", "countries", List.of("FR"))), "reps", List.of(), "defaultTeam", "EMEA"),
				tenant.auth());
		assertThat(routing.status()).as(routing.toString()).isEqualTo(200);
		this.api.delete("/api/v1/api-keys/" + keyId, tenant.auth());

		List<JsonNode> entries = all(tenant);
		assertThat(entries).extracting((e) -> e.get("action").asString())
			.containsSubsequence("api_key.revoked", "routing.changed", "webhook.changed", "webhook.created",
					"api_key.created", "user.changed", "user.added");
		assertThat(paths(find(entries, "routing.changed"))).contains("rules[0]", "defaultTeam");

		JsonNode changed = find(entries, "user.changed");
		assertThat(changed.get("target").asString()).isEqualTo("user:" + userId);
		assertThat(changed.get("actor").get("kind").asString()).isEqualTo("user");
		assertThat(changed.get("actor").get("email").asString()).isEqualTo(tenant.adminEmail());
		assertThat(changed.get("at").asString()).isNotBlank();
		assertThat(paths(changed)).contains("roles[1]", "team");

		JsonNode created = find(entries, "webhook.created");
		assertThat(created.toString()).as("never a secret").doesNotContain(hook.json().get("secret").asString());
		assertThat(paths(find(entries, "webhook.changed"))).containsExactly("description");
		assertThat(find(entries, "api_key.created").toString()).doesNotContain(key.json().get("key").asString());

		// a change made with an API key names the key
		SecurityContextHolder.getContext()
			.setAuthentication(new TestingAuthenticationToken(
					new TenantPrincipal(tenant.id(), tenant.slug(), "api-key:" + keyId, Set.of()), null));
		try {
			TenantContext.runAs(tenant.id(), () -> this.log.record(Audited.of("campaign.changed", "campaign:x")));
		}
		finally {
			SecurityContextHolder.clearContext();
		}
		JsonNode byKey = this.api.get("/api/v1/audit?action=campaign", tenant.auth()).json().get("items").get(0);
		assertThat(byKey.get("actor").get("kind").asString()).isEqualTo("api-key");
		assertThat(byKey.get("actor").get("id").asString()).isEqualTo(keyId);
		entries = all(tenant);

		// paginated like every list
		JsonNode page = this.api.get("/api/v1/audit?limit=2", tenant.auth()).json();
		assertThat(page.get("items").size()).isEqualTo(2);
		JsonNode next = this.api.get("/api/v1/audit?limit=2&cursor=" + page.get("nextCursor").asString(), tenant.auth())
			.json();
		assertThat(next.get("items").get(0).get("id").asLong()).isLessThan(page.get("items").get(1).get("id").asLong());
		assertThat(this.api.get("/api/v1/audit?limit=0", tenant.auth()).status()).isEqualTo(400);
		assertThat(this.api.get("/api/v1/audit?cursor=nonsense", tenant.auth()).status()).isEqualTo(400);

		// only tenant admins read it
		ApiClient.Response bySdr = this.api.get("/api/v1/audit", ApiClient
			.bearer(io.revcycle.testsupport.TestServices.keycloak().passwordGrant(email, "long-enough-password")));
		assertThat(bySdr.status()).isEqualTo(403);

		// another tenant reads nothing of it
		List<JsonNode> others = all(other);
		assertThat(others.toString()).doesNotContain(userId).doesNotContain(hookId).doesNotContain(keyId);

		// append-only, even to the application's own connection
		assertThatThrownBy(() -> TenantContext.runAs(tenant.id(),
				() -> this.tx.executeWithoutResult((status) -> this.jdbc.update("delete from audit_entries"))))
			.hasMessageContaining("audit_entries");
		assertThatThrownBy(() -> TenantContext.runAs(tenant.id(),
				() -> this.tx
					.executeWithoutResult((status) -> this.jdbc.update("update audit_entries set action = 'nothing'"))))
			.hasMessageContaining("audit_entries");
		assertThat(all(tenant)).hasSize(entries.size());
	}

	private List<JsonNode> all(SignedUp tenant) {
		List<JsonNode> entries = new ArrayList<>();
		String cursor = null;
		do {
			ApiClient.Response page = this.api
				.get("/api/v1/audit?limit=500" + ((cursor != null) ? "&cursor=" + cursor : ""), tenant.auth());
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			page.json().get("items").values().forEach(entries::add);
			cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asString();
		}
		while (cursor != null);
		return entries;
	}

	private static JsonNode find(List<JsonNode> entries, String action) {
		return entries.stream()
			.filter((e) -> action.equals(e.get("action").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + action + " in " + entries));
	}

	private static List<String> paths(JsonNode entry) {
		List<String> paths = new ArrayList<>();
		entry.get("diff").values().forEach((change) -> paths.add(change.get("path").asString()));
		return paths;
	}

}
