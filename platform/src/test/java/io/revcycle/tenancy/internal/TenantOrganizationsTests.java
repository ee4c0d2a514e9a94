package io.revcycle.tenancy.internal;

import io.revcycle.ApiTest;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The periodic check logs one line per tenant whose organization is gone, saying how to
 * repair it, and nothing for healthy tenants. Called directly, not waited for.
 */
@ExtendWith(OutputCaptureExtension.class)
class TenantOrganizationsTests extends ApiTest {

	@Autowired
	TenantOrganizations organizations;

	@Test
	void theCheckLogsOneLinePerBrokenTenantWithTheRepair(CapturedOutput output) {
		SignedUp broken = TestTenants.signUp(this.api, "logged");
		SignedUp healthy = TestTenants.signUp(this.api, "quiet");
		TestServices.keycloak().deleteOrganization(broken.slug());

		this.organizations.report();

		String logged = output.getAll();
		assertThat(logged.lines().filter((line) -> line.contains("Tenant '" + broken.slug() + "'"))).singleElement()
			.asString()
			.contains("missing")
			.contains("POST /operator/tenants/" + broken.slug() + "/repair");
		assertThat(logged).doesNotContain("Tenant '" + healthy.slug() + "'");

		this.organizations.repair(broken.slug());
		int before = output.getAll().length();
		this.organizations.report();
		assertThat(output.getAll().substring(before)).doesNotContain("Tenant '" + broken.slug() + "'");
	}

}
