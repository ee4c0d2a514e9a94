package io.revcycle.tenancy;

import io.revcycle.ApiTest;
import io.revcycle.RevcycleTest;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.KeycloakServer;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.Up;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code ./up} does with its demo tenant on a second run after Keycloak lost its
 * data while the database kept it: the platform's operator repair brings the organization
 * and the accounts back, and the demo users sign in with the demo password and their
 * roles. The platform stands in for the gateway here.
 */
class DemoTenantRepairTests extends ApiTest {

	private static final KeycloakServer KEYCLOAK = TestServices.keycloak();

	@Test
	void aSecondRunAfterKeycloakLostTheDemoTenantRepairsIt() {
		Up.demoTenant(this.api, this.api, RevcycleTest.OPERATOR_TOKEN, KEYCLOAK);
		assertRoles();
		String sdr = KEYCLOAK.findUserId(Up.demoEmail("sdr"));

		// a run that finds everything in place changes nothing
		Up.demoTenant(this.api, this.api, RevcycleTest.OPERATOR_TOKEN, KEYCLOAK);
		assertThat(KEYCLOAK.findUserId(Up.demoEmail("sdr"))).isEqualTo(sdr);

		// Keycloak's data is gone: the organization and every demo account
		assertThat(KEYCLOAK.deleteOrganization(Up.DEMO_SLUG)).isTrue();
		for (String role : Up.DEMO_ROLES) {
			KEYCLOAK.deleteUser(KEYCLOAK.findUserId(Up.demoEmail(role)));
		}
		assertThat(KEYCLOAK
			.tryPasswordGrant(Up.demoEmail("tenant-admin"), Up.DEMO_PASSWORD, "openid organization:" + Up.DEMO_SLUG)
			.accessToken()).isNull();

		Up.demoTenant(this.api, this.api, RevcycleTest.OPERATOR_TOKEN, KEYCLOAK);
		assertRoles();
		// the accounts came back under their ids: the tenant's records still name them
		assertThat(KEYCLOAK.findUserId(Up.demoEmail("sdr"))).isEqualTo(sdr);
	}

	private void assertRoles() {
		for (String role : Up.DEMO_ROLES) {
			String token = TestTenants.login(Up.demoEmail(role), Up.DEMO_PASSWORD, Up.DEMO_SLUG);
			assertThat(this.api.get("/api/v1/people", ApiClient.bearer(token)).status()).as(role).isEqualTo(200);
			assertThat(this.api.get("/api/v1/users", ApiClient.bearer(token)).status()).as(role)
				.isEqualTo(role.equals("tenant-admin") ? 200 : 403);
		}
	}

}
