package io.revcycle.tenancy;

import java.util.List;
import java.util.Map;

import io.revcycle.ApiTest;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/me}: who the caller is in the tenant its token names, with its roles
 * there (what the console's navigation shows).
 */
class MeTests extends ApiTest {

	@Test
	void aUserSeesTheirIdTenantAndRolesInTheTenantTheTokenNames() {
		SignedUp a = TestTenants.signUp(this.api, "me-a");
		SignedUp b = TestTenants.signUp(this.api, "me-b");
		String email = "rep@" + a.slug() + ".example.com";
		ApiClient.Response added = this.api.post("/api/v1/users",
				Map.of("email", email, "password", "rep-password-1", "roles", List.of("ae", "sdr")), a.auth());
		assertThat(added.status()).isEqualTo(201);

		JsonNode rep = me(TestTenants.login(email, "rep-password-1", a.slug()));
		assertThat(rep.get("id").asString()).isEqualTo(added.json().get("id").asString());
		assertThat(rep.get("tenant").asString()).isEqualTo(a.slug());
		assertThat(rep.get("tenantId").asString()).isEqualTo(a.id().toString());
		assertThat(rep.get("roles").valueStream().map(JsonNode::asString)).containsExactly("sdr", "ae");

		JsonNode otherAdmin = me(b.adminToken());
		assertThat(otherAdmin.get("tenant").asString()).isEqualTo(b.slug());
		assertThat(otherAdmin.get("roles").valueStream().map(JsonNode::asString)).containsExactly("tenant-admin");
	}

	@Test
	void anApiKeyActsForItsTenantWithNoRole() {
		SignedUp a = TestTenants.signUp(this.api, "me-key");
		String key = this.api.post("/api/v1/api-keys", Map.of("name", "script"), a.auth()).json().get("key").asString();
		ApiClient.Response response = this.api.get("/api/v1/me", ApiClient.apiKey(key));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("tenant").asString()).isEqualTo(a.slug());
		assertThat(response.json().get("roles")).isEmpty();
	}

	@Test
	void withoutACredentialItIsUnauthorized() {
		ApiClient.Response response = this.api.get("/api/v1/me");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.contentType()).startsWith("application/problem+json");
	}

	private JsonNode me(String token) {
		ApiClient.Response response = this.api.get("/api/v1/me", ApiClient.bearer(token));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

}
