package io.revcycle.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate and size limits, on a gateway with small limits.
 */
@GatewayTest
@TestPropertySource(properties = { "revcycle.gateway.rate-limits.plans.default.replenish-rate=1",
		"revcycle.gateway.rate-limits.plans.default.burst-capacity=5", "revcycle.gateway.max-body=64KB",
		"revcycle.gateway.max-hook-body=1KB" })
class GatewayLimitsTests {

	@LocalServerPort
	int port;

	ApiClient gateway;

	@BeforeEach
	void setUp() {
		this.gateway = new ApiClient("http://localhost:" + this.port);
	}

	@Test
	void aTenantOverItsLimitIsRefusedWhileAnotherIsServed() {
		SignedUp busy = TestTenants.signUp(this.gateway, "gw-busy");
		SignedUp quiet = TestTenants.signUp(this.gateway, "gw-quiet");
		List<ApiClient.Response> responses = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			responses.add(this.gateway.get("/api/v1/people", busy.auth()));
		}
		ApiClient.Response refused = responses.stream()
			.filter((response) -> response.status() == 429)
			.findFirst()
			.orElseThrow(() -> new AssertionError(
					"no 429 in " + responses.stream().map(ApiClient.Response::status).toList()));
		assertThat(responses.stream().filter((response) -> response.status() == 200).count()).isBetween(5L, 8L);
		assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.json().get("status").asInt()).isEqualTo(429);

		assertThat(this.gateway.get("/api/v1/people", quiet.auth()).status()).isEqualTo(200);
	}

	@Test
	void bodiesOverTheLimitAreRefused() {
		SignedUp tenant = TestTenants.signUp(this.gateway, "gw-big");
		String big = "{\"email\": \"big@example.com\", \"firstName\": \"" + "x".repeat(70_000) + "\"}";
		ApiClient.Response response = this.gateway.post("/api/v1/people", big, tenant.auth());
		assertThat(response.status()).isEqualTo(413);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains("too large");
		assertThat(this.gateway.get("/api/v1/people", tenant.auth()).json().get("items").size()).isZero();

		ApiClient.Response hook = this.gateway.post("/hooks/" + tenant.slug() + "/stripe",
				Map.of("data", "y".repeat(2_000)));
		assertThat(hook.status()).isEqualTo(413);
		assertThat(hook.contentType()).startsWith("application/problem+json");
	}

}
