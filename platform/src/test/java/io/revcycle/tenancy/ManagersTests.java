package io.revcycle.tenancy;

import java.util.List;
import java.util.Map;

import io.revcycle.ApiTest;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's manager ({@code PATCH /api/v1/users/{id}} with {@code managerId}): an active
 * user of the same tenant, not the user, no loop; another tenant's user is 404.
 */
class ManagersTests extends ApiTest {

	@Test
	void aManagerIsAnotherActiveUserOfTheTenantWithoutALoop() {
		SignedUp tenant = TestTenants.signUp(this.api, "managers");
		SignedUp other = TestTenants.signUp(this.api, "managers-other");
		String mona = user(tenant, "mona");
		String sam = user(tenant, "sam");
		String tom = user(tenant, "tom");
		String stranger = user(other, "stranger");

		ApiClient.Response set = this.api.patch("/api/v1/users/" + sam, Map.of("managerId", mona), tenant.auth());
		assertThat(set.status()).as(set.toString()).isEqualTo(200);
		assertThat(set.json().get("managerId").asString()).isEqualTo(mona);
		assertThat(this.api.get("/api/v1/users/" + sam, tenant.auth()).json().get("managerId").asString())
			.isEqualTo(mona);
		assertThat(this.api.patch("/api/v1/users/" + tom, Map.of("managerId", sam), tenant.auth()).status())
			.isEqualTo(200);

		ApiClient.Response self = this.api.patch("/api/v1/users/" + sam, Map.of("managerId", sam), tenant.auth());
		assertThat(self.status()).isEqualTo(400);
		assertThat(self.json().get("detail").asString()).contains("own manager");
		ApiClient.Response loop = this.api.patch("/api/v1/users/" + mona, Map.of("managerId", tom), tenant.auth());
		assertThat(loop.status()).isEqualTo(400);
		assertThat(loop.contentType()).startsWith("application/problem+json");
		assertThat(loop.json().get("detail").asString()).contains("loop").contains(tom);
		ApiClient.Response foreign = this.api.patch("/api/v1/users/" + sam, Map.of("managerId", stranger),
				tenant.auth());
		assertThat(foreign.status()).isEqualTo(400);
		assertThat(foreign.json().get("detail").asString()).contains("no active user");
		assertThat(this.api.get("/api/v1/users/" + mona, tenant.auth()).json().get("managerId").isNull())
			.as("nothing changed by the refusals")
			.isTrue();

		// another tenant's admin cannot read or change A's users
		assertThat(this.api.patch("/api/v1/users/" + sam, Map.of("managerId", stranger), other.auth()).status())
			.isEqualTo(404);
		assertThat(this.api.get("/api/v1/users/" + sam, other.auth()).status()).isEqualTo(404);

		Map<String, Object> clear = new java.util.HashMap<>();
		clear.put("managerId", null);
		ApiClient.Response cleared = this.api.patch("/api/v1/users/" + sam, clear, tenant.auth());
		assertThat(cleared.status()).isEqualTo(200);
		assertThat(cleared.json().get("managerId").isNull()).isTrue();
	}

	private String user(SignedUp tenant, String name) {
		ApiClient.Response response = this.api.post("/api/v1/users",
				Map.of("email", name + "@" + tenant.slug() + ".example.com", "password", "long-enough-password",
						"roles", List.of("sdr")),
				tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().get("id").asString();
	}

}
