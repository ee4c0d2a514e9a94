package io.revcycle.tenancy;

import java.util.List;
import java.util.Map;

import io.revcycle.ApiTest;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.KeycloakServer;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import io.revcycle.testsupport.TestServices;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignupAndUsersTests extends ApiTest {

	@Test
	void theAdminCanLogInAtOnceAndHoldsTheTenantAdminRole() {
		SignedUp tenant = TestTenants.signUp(this.api, "wayne");
		assertThat(this.api.get("/api/v1/people", tenant.auth()).status()).isEqualTo(200);
		assertThat(this.api.post("/api/v1/api-keys", Map.of(), tenant.auth()).status()).isEqualTo(201);
	}

	@Test
	void aTakenSlugIsAConflict() {
		SignedUp tenant = TestTenants.signUp(this.api, "stark");
		ApiClient.Response again = this.api.post("/api/v1/signup", Map.of("company", "Other", "slug", tenant.slug(),
				"adminEmail", "other@" + tenant.slug() + ".example.org", "adminPassword", "long-enough-password"));
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.contentType()).startsWith("application/problem+json");
		assertThat(again.json().get("detail").asString()).contains(tenant.slug());
	}

	@Test
	void badInputIsRefusedWithWhatToFix() {
		ApiClient.Response badSlug = this.api.post("/api/v1/signup", Map.of("company", "Bad", "slug", "Bad_Slug!",
				"adminEmail", "a@example.com", "adminPassword", "long-enough-password"));
		assertThat(badSlug.status()).isEqualTo(400);
		assertThat(badSlug.contentType()).startsWith("application/problem+json");
		assertThat(badSlug.json().get("detail").asString()).contains("slug");
		assertThat(badSlug.json().get("errors").get(0).get("field").asString()).isEqualTo("slug");

		for (String slug : List.of("ab", "a".repeat(41), "-abc", "abc-", "ABC")) {
			assertThat(this.api
				.post("/api/v1/signup", Map.of("company", "Bad", "slug", slug, "adminEmail", "a@example.com",
						"adminPassword", "long-enough-password"))
				.status()).as(slug).isEqualTo(400);
		}

		ApiClient.Response missing = this.api.post("/api/v1/signup", Map.of("slug", "fine-slug"));
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.json().get("detail").asString()).contains("company", "adminEmail", "adminPassword");

		ApiClient.Response malformed = this.api.post("/api/v1/signup", "{\"company\": ");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.json().get("detail").asString()).doesNotContain("Exception").doesNotContain("at io.");

		ApiClient.Response wrongType = this.api.send("POST", "/api/v1/signup", "company=x", "text/plain");
		assertThat(wrongType.status()).isEqualTo(415);
		assertThat(wrongType.contentType()).startsWith("application/problem+json");
	}

	@Test
	void aSignupThatFailsHalfWayLeavesNothingBehind() {
		String slug = TestTenants.uniqueSlug("cyberdyne");
		// Keycloak creates the organization, then refuses the admin: a Cyrillic letter in
		// a
		// Latin name is a homograph it does not take as a user name
		ApiClient.Response failed = this.api.post("/api/v1/signup", Map.of("company", "Cyberdyne", "slug", slug,
				"adminEmail", "p\u0430ypal-" + slug + "@example.com", "adminPassword", "long-enough-password"));
		assertThat(failed.status()).as(failed.toString()).isEqualTo(400);
		assertThat(failed.contentType()).startsWith("application/problem+json");
		assertThat(failed.json().get("detail").asString()).contains("email address").contains("Nothing was created");
		// the organization was removed and the slug released: the same slug signs up
		// cleanly now
		ApiClient.Response retried = this.api.post("/api/v1/signup", Map.of("company", "Cyberdyne", "slug", slug,
				"adminEmail", "admin@" + slug + ".example.com", "adminPassword", "long-enough-password"));
		assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
	}

	@Test
	void aSlugThatKeycloakHasAsAnotherOrganizationsAliasIsTakenAndThatOrganizationStays() {
		String slug = TestTenants.uniqueSlug("foreign");
		String email = "member@" + slug + ".example.com";
		// an organization the platform did not create (by hand in Keycloak, say)
		TestServices.keycloak().createOrganizationMember(slug, email, "member-password");
		ApiClient.Response taken = this.api.post("/api/v1/signup", Map.of("company", "Foreign", "slug", slug,
				"adminEmail", "admin@" + slug + ".example.com", "adminPassword", "long-enough-password"));
		assertThat(taken.status()).isEqualTo(409);
		assertThat(taken.json().get("detail").asString()).contains(slug);
		// the failed sign-up's clean-up left that organization and its member alone
		String token = TestServices.keycloak().passwordGrant(email, "member-password", "openid organization:" + slug);
		assertThat(KeycloakServer.claims(token).get("organization").toString()).contains(slug);
		assertThat(this.api
			.post("/api/v1/signup", Map.of("company", "Foreign", "slug", slug, "adminEmail",
					"admin@" + slug + ".example.com", "adminPassword", "long-enough-password"))
			.status()).isEqualTo(409);
	}

	@Test
	void signingUpWithTheEmailOfAnExistingAccountAnswersAsForANewOneAndKeepsItsPassword() {
		SignedUp first = TestTenants.signUp(this.api, "first");
		String slug = TestTenants.uniqueSlug("second");
		ApiClient.Response fresh = this.api.post("/api/v1/signup",
				Map.of("company", "Fresh", "slug", TestTenants.uniqueSlug("fresh"), "adminEmail",
						"admin@" + slug + ".fresh.example.com", "adminPassword", "long-enough-password"));
		ApiClient.Response existing = this.api.post("/api/v1/signup", Map.of("company", "Second", "slug", slug,
				"adminEmail", first.adminEmail(), "adminPassword", "another-password-entirely"));
		assertThat(existing.status()).as(existing.toString()).isEqualTo(201);
		assertThat(fieldNames(existing)).isEqualTo(fieldNames(fresh)).containsExactly("tenantId", "slug");
		assertThat(existing.json().get("slug").asString()).isEqualTo(slug);

		// the account keeps its password: the one sent is not set
		assertThat(TestServices.keycloak()
			.tryPasswordGrant(first.adminEmail(), "another-password-entirely", "openid organization:" + slug)
			.accessToken()).isNull();
		// it is the admin of both, one tenant per token
		String second = TestTenants.login(first.adminEmail(), first.adminPassword(), slug);
		assertThat(this.api.post("/api/v1/api-keys", Map.of(), ApiClient.bearer(second)).status()).isEqualTo(201);
		String original = TestTenants.login(first.adminEmail(), first.adminPassword(), first.slug());
		assertThat(this.api.get("/api/v1/users", ApiClient.bearer(original)).status()).isEqualTo(200);
	}

	private static List<String> fieldNames(ApiClient.Response response) {
		return List.copyOf(response.json().propertyNames());
	}

	@Test
	void anAdminAddsUsersWithRolesAndOnlyAdminsMay() {
		SignedUp tenant = TestTenants.signUp(this.api, "massive");
		String email = "marketer@" + tenant.slug() + ".example.com";
		ApiClient.Response created = this.api.post("/api/v1/users", Map.of("email", email, "password",
				"marketer-password", "roles", List.of("marketing"), "team", "Growth"), tenant.auth());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().get("id").asString()).isNotBlank();

		String token = TestServices.keycloak().passwordGrant(email, "marketer-password");
		assertThat(this.api.get("/api/v1/people", ApiClient.bearer(token)).status()).isEqualTo(200);
		ApiClient.Response notAdmin = this.api.post("/api/v1/users", Map.of("email", "x@" + tenant.slug() + ".com",
				"password", "long-enough-password", "roles", List.of("sdr")), ApiClient.bearer(token));
		assertThat(notAdmin.status()).isEqualTo(403);
		assertThat(notAdmin.contentType()).startsWith("application/problem+json");

		ApiClient.Response duplicate = this.api.post("/api/v1/users",
				Map.of("email", email, "password", "marketer-password", "roles", List.of("sdr")), tenant.auth());
		assertThat(duplicate.status()).isEqualTo(409);

		ApiClient.Response unknownRole = this.api.post("/api/v1/users", Map.of("email", "y@" + tenant.slug() + ".com",
				"password", "long-enough-password", "roles", List.of("superuser")), tenant.auth());
		assertThat(unknownRole.status()).isEqualTo(400);
		assertThat(unknownRole.json().get("detail").asString()).contains("superuser");
	}

}
