package io.revcycle.tenancy;

import java.util.Map;
import java.util.UUID;

import io.revcycle.ApiTest;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import io.revcycle.testsupport.TestServices;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticationTests extends ApiTest {

	@Test
	void noTokenIsUnauthorized() {
		ApiClient.Response response = this.api.get("/api/v1/people");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains("Bearer");
	}

	@Test
	void everyResponseCarriesTheRequestId() {
		assertThat(this.api.get("/api/v1/people", "X-Request-Id", "req-12345678").header("X-Request-Id"))
			.isEqualTo("req-12345678");
		assertThat(this.api.get("/api/v1/people").header("X-Request-Id")).hasSize(36);
	}

	@Test
	void aForgedTokenIsUnauthorized() {
		SignedUp tenant = TestTenants.signUp(this.api, "forge");
		String[] parts = tenant.adminToken().split("\\.");
		// same header and payload, someone else's signature
		String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
		assertThat(this.api.get("/api/v1/people", ApiClient.bearer(forged)).status()).isEqualTo(401);
		assertThat(this.api.get("/api/v1/people", ApiClient.bearer("not-a-jwt")).status()).isEqualTo(401);
	}

	@Test
	void aTokenWithoutAnOrganizationIsForbidden() {
		String email = "loner-" + UUID.randomUUID() + "@example.com";
		TestServices.keycloak().createUserWithoutOrganization(email, "loner-password");
		String token = TestServices.keycloak().passwordGrant(email, "loner-password");
		ApiClient.Response response = this.api.get("/api/v1/people", ApiClient.bearer(token));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains("organization");
	}

	@Test
	void clientSentTenantHeadersAreIgnored() {
		SignedUp a = TestTenants.signUp(this.api, "head-a");
		SignedUp b = TestTenants.signUp(this.api, "head-b");
		String personId = this.api.post("/api/v1/people", Map.of("email", "p@a.example.com"), a.auth())
			.json()
			.get("id")
			.asString();
		ApiClient.Response spoofed = this.api.get("/api/v1/people/" + personId, "Authorization",
				"Bearer " + b.adminToken(), "X-Tenant", a.slug(), "X-Tenant-Id", a.id().toString());
		assertThat(spoofed.status()).isEqualTo(404);
	}

	@Test
	void apiKeysAreShownOnceWorkAndStopWorkingWhenRevoked() {
		SignedUp a = TestTenants.signUp(this.api, "keys-a");
		SignedUp b = TestTenants.signUp(this.api, "keys-b");
		String personId = this.api.post("/api/v1/people", Map.of("email", "k@a.example.com"), a.auth())
			.json()
			.get("id")
			.asString();

		ApiClient.Response created = this.api.post("/api/v1/api-keys", Map.of("name", "CI import"), a.auth());
		assertThat(created.status()).isEqualTo(201);
		String keyId = created.json().get("id").asString();
		String key = created.json().get("key").asString();
		assertThat(key).startsWith("rck_" + a.slug() + "_");

		assertThat(this.api.get("/api/v1/people/" + personId, ApiClient.apiKey(key)).status()).isEqualTo(200);
		// the slug in a key must be the key's own tenant's
		String otherSlug = key.replace("rck_" + a.slug() + "_", "rck_" + b.slug() + "_");
		assertThat(this.api.get("/api/v1/people", ApiClient.apiKey(otherSlug)).status()).isEqualTo(401);
		ApiClient.Response listed = this.api.get("/api/v1/api-keys", a.auth());
		assertThat(listed.body()).contains(keyId).doesNotContain(key);

		// a key acts for its tenant only, and not as an administrator
		String otherPerson = this.api.post("/api/v1/people", Map.of("email", "k@b.example.com"), b.auth())
			.json()
			.get("id")
			.asString();
		assertThat(this.api.get("/api/v1/people/" + otherPerson, ApiClient.apiKey(key)).status()).isEqualTo(404);
		assertThat(this.api.post("/api/v1/api-keys", Map.of(), ApiClient.apiKey(key)).status()).isEqualTo(403);

		// another tenant cannot see or revoke it
		assertThat(this.api.get("/api/v1/api-keys", b.auth()).body()).doesNotContain(keyId);
		assertThat(this.api.delete("/api/v1/api-keys/" + keyId, b.auth()).status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/people/" + personId, ApiClient.apiKey(key)).status()).isEqualTo(200);

		assertThat(this.api.delete("/api/v1/api-keys/" + keyId, a.auth()).status()).isEqualTo(204);
		ApiClient.Response revoked = this.api.get("/api/v1/people/" + personId, ApiClient.apiKey(key));
		assertThat(revoked.status()).isEqualTo(401);
		assertThat(revoked.contentType()).startsWith("application/problem+json");

		// a key with a tampered secret, or garbage, is refused too
		String tampered = key.substring(0, key.length() - 2) + (key.endsWith("AA") ? "BB" : "AA");
		assertThat(this.api.get("/api/v1/people", ApiClient.apiKey(tampered)).status()).isEqualTo(401);
		assertThat(this.api.get("/api/v1/people", ApiClient.apiKey("rck_garbage")).status()).isEqualTo(401);

	}

}
