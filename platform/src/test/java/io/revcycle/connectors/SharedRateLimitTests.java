package io.revcycle.connectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.revcycle.ApiTest;
import io.revcycle.RevcycleApplication;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.RealServicesInitializer;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A web form's rate limit holds across platform replicas: two instances on one database
 * and one Redis, posts alternating between them, and the form takes its limit, not twice
 * it. Another tenant's form keeps its own limit.
 */
class SharedRateLimitTests extends ApiTest {

	@Test
	void aFormsLimitIsCountedAcrossReplicas() {
		SignedUp tenant = TestTenants.signUp(this.api, "forms-limit");
		SignedUp other = TestTenants.signUp(this.api, "forms-limit-other");
		String form = instance(tenant, 3);
		String otherForm = instance(other, 3);

		// as arguments, which outrank application.yml as this context's test properties
		// do
		String[] arguments = { "--server.port=0", "--revcycle.sla.poll-interval=PT1H",
				"--revcycle.outbox.poll-interval=PT1H", "--revcycle.connectors.poll-interval=PT1H",
				"--revcycle.connectors.plugins-dir=target/test-plugins",
				"--revcycle.connectors.allow-list-file=target/test-plugins.sha256" };
		try (ConfigurableApplicationContext second = new SpringApplicationBuilder(RevcycleApplication.class)
			.web(WebApplicationType.SERVLET)
			.initializers(new RealServicesInitializer())
			.run(arguments)) {
			int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
			List<ApiClient> replicas = List.of(this.api, new ApiClient("http://localhost:" + secondPort));
			List<Integer> statuses = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				statuses.add(post(replicas.get(i % 2), tenant, form, "lead" + i + "@acme.com").status());
			}
			assertThat(statuses).as("alternating between two replicas").containsExactly(200, 200, 200, 429, 429, 429);
			ApiClient.Response throttled = post(replicas.get(1), tenant, form, "late@acme.com");
			assertThat(throttled.status()).isEqualTo(429);
			assertThat(throttled.contentType()).startsWith("application/problem+json");
			assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 20);
			assertThat(post(replicas.get(1), other, otherForm, "someone@globex.com").status())
				.as("another tenant's form has its own limit")
				.isEqualTo(200);
		}
		assertThat(this.api.get("/api/v1/people?email=lead2@acme.com", tenant.auth()).json().get("items").size())
			.isEqualTo(1);
		assertThat(this.api.get("/api/v1/people?email=lead3@acme.com", tenant.auth()).json().get("items").size())
			.as("a throttled post stores nothing")
			.isZero();
		assertThat(this.api.get("/api/v1/people?email=lead2@acme.com", other.auth()).json().get("items").size())
			.isZero();
	}

	private String instance(SignedUp tenant, int perMinute) {
		ApiClient.Response created = this.api.post("/api/v1/connector-instances", Map.of("connectorId", "webforms",
				"name", "Contact form", "config", Map.of("rateLimitPerMinute", perMinute)), tenant.auth());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private static ApiClient.Response post(ApiClient replica, SignedUp tenant, String instance, String email) {
		return replica.send("POST", "/hooks/" + tenant.slug() + "/" + instance, "form=contact&email=" + email,
				"application/x-www-form-urlencoded", "Accept", "application/json");
	}

}
