package io.revcycle.tenancy;

import java.util.List;
import java.util.Map;

import io.revcycle.ApiTest;
import io.revcycle.RevcycleTest;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.KeycloakServer;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant whose Keycloak organization is gone (deleted by hand, or Keycloak's data lost)
 * is reported to operators and repaired by them, against the real Keycloak.
 */
class TenantRepairTests extends ApiTest {

	private static final KeycloakServer KEYCLOAK = TestServices.keycloak();

	private static final String[] OPERATOR = { "X-Operator-Token", RevcycleTest.OPERATOR_TOKEN };

	@Test
	void aTenantWhoseOrganizationWasDeletedIsReportedAndRepaired() {
		SignedUp broken = TestTenants.signUp(this.api, "broken");
		SignedUp healthy = TestTenants.signUp(this.api, "healthy");
		String marketer = "marketer@" + broken.slug() + ".example.com";
		String marketerId = this.api
			.post("/api/v1/users",
					Map.of("email", marketer, "password", "marketer-password", "roles", List.of("marketing")),
					broken.auth())
			.json()
			.get("id")
			.asString();
		String person = this.api.post("/api/v1/people", Map.of("email", "kept@repair.example.com"), broken.auth())
			.json()
			.get("id")
			.asString();

		assertThat(KEYCLOAK.deleteOrganization(broken.slug())).isTrue();
		// nobody can sign in for the tenant now
		KeycloakServer.Grant refused = KEYCLOAK.tryPasswordGrant(broken.adminEmail(), broken.adminPassword(),
				"openid organization:" + broken.slug());
		assertThat(refused.accessToken()).isNull();
		assertThat(refused.error()).contains("invalid_scope");
		String orphan = KEYCLOAK.passwordGrant(broken.adminEmail(), broken.adminPassword(), "openid organization");
		assertThat(this.api.get("/api/v1/people", ApiClient.bearer(orphan)).status()).isEqualTo(403);

		// reported to operators
		JsonNode report = this.api.get("/operator/tenants", OPERATOR).json();
		assertThat(state(report, broken.slug())).isEqualTo("missing");
		assertThat(state(report, healthy.slug())).isEqualTo("present");

		ApiClient.Response repaired = this.api.post("/operator/tenants/" + broken.slug() + "/repair", Map.of(),
				OPERATOR);
		assertThat(repaired.status()).as(repaired.toString()).isEqualTo(200);
		assertThat(repaired.json().get("organization").asString()).isEqualTo("recreated");
		assertThat(repaired.json().get("members").toString()).contains(marketerId).contains("\"added\"");
		assertThat(state(this.api.get("/operator/tenants", OPERATOR).json(), broken.slug())).isEqualTo("present");

		// the same users sign in again, with their passwords and their roles in this
		// tenant
		String admin = TestTenants.login(broken.adminEmail(), broken.adminPassword(), broken.slug());
		assertThat(this.api.get("/api/v1/people/" + person, ApiClient.bearer(admin)).status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/users", ApiClient.bearer(admin)).status()).isEqualTo(200);
		String marketing = TestTenants.login(marketer, "marketer-password", broken.slug());
		assertThat(this.api.get("/api/v1/people/" + person, ApiClient.bearer(marketing)).status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/users", ApiClient.bearer(marketing)).status()).isEqualTo(403);
		// and the healthy tenant's users still cannot see its data
		assertThat(this.api.get("/api/v1/people/" + person, healthy.auth()).status()).isEqualTo(404);

		// repeating it changes nothing
		ApiClient.Response again = this.api.post("/operator/tenants/" + broken.slug() + "/repair", Map.of(), OPERATOR);
		assertThat(again.json().get("organization").asString()).isEqualTo("present");
		assertThat(again.json().get("organizationId").asString())
			.isEqualTo(repaired.json().get("organizationId").asString());
		assertThat(again.json().get("members").toString()).doesNotContain("\"added\"").contains("\"member\"");
	}

	@Test
	void accountsLostWithTheOrganizationComeBackUnderTheirIdsWithoutAPassword() {
		SignedUp tenant = TestTenants.signUp(this.api, "lost");
		String sdr = "sdr@" + tenant.slug() + ".example.com";
		String sdrId = this.api
			.post("/api/v1/users", Map.of("email", sdr, "password", "sdr-password", "roles", List.of("sdr")),
					tenant.auth())
			.json()
			.get("id")
			.asString();
		KEYCLOAK.deleteOrganization(tenant.slug());
		KEYCLOAK.deleteUser(sdrId);

		ApiClient.Response repaired = this.api.post("/operator/tenants/" + tenant.slug() + "/repair", Map.of(),
				OPERATOR);
		assertThat(repaired.status()).isEqualTo(200);
		JsonNode member = null;
		for (JsonNode m : repaired.json().get("members")) {
			if (m.get("id").asString().equals(sdrId)) {
				member = m;
			}
		}
		assertThat(member).isNotNull();
		assertThat(member.get("result").asString()).isEqualTo("recreated");
		assertThat(KEYCLOAK.user(sdrId).get("username").asString()).isEqualTo(sdr);
		// no password came back: an administrator sets one
		assertThat(KEYCLOAK.tryPasswordGrant(sdr, "sdr-password", "openid organization:" + tenant.slug()).accessToken())
			.isNull();
		KEYCLOAK.setPassword(sdrId, "new-sdr-password");
		String token = TestTenants.login(sdr, "new-sdr-password", tenant.slug());
		assertThat(this.api.get("/api/v1/people", ApiClient.bearer(token)).status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/users", ApiClient.bearer(token)).status()).isEqualTo(403);
	}

	@Test
	void theOperatorEndpointsNeedTheOperatorTokenAndKnowOnlyActiveTenants() {
		SignedUp tenant = TestTenants.signUp(this.api, "operated");
		for (ApiClient.Response refused : List.of(this.api.get("/operator/tenants"),
				this.api.get("/operator/tenants", "X-Operator-Token", "wrong"),
				this.api.post("/operator/tenants/" + tenant.slug() + "/repair", Map.of(), "X-Operator-Token", "wrong"),
				// a tenant admin is no operator
				this.api.get("/operator/tenants", tenant.auth()))) {
			assertThat(refused.status()).isEqualTo(401);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.json().get("detail").asString()).contains("X-Operator-Token");
		}
		ApiClient.Response unknown = this.api.post("/operator/tenants/no-such-tenant/repair", Map.of(), OPERATOR);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.contentType()).startsWith("application/problem+json");
	}

	private static String state(JsonNode report, String slug) {
		for (JsonNode item : report.get("items")) {
			if (slug.equals(item.get("slug").asString())) {
				return item.get("organization").asString();
			}
		}
		return null;
	}

}
