package io.revcycle.gateway;

import io.revcycle.testsupport.MovableClock;
import java.time.Duration;
import java.util.Map;

import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the real gateway to the real platform, with tokens from the real Keycloak.
 */
@GatewayTest
class GatewaySystemTests {

	@LocalServerPort
	int port;

	@Autowired
	MovableClock clock;

	ApiClient gateway;

	@BeforeEach
	void setUp() {
		this.gateway = new ApiClient("http://localhost:" + this.port);
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void signUpLogInCreateAndReadAPersonAndIsolateTenants() {
		SignedUp a = TestTenants.signUp(this.gateway, "gw-a");
		SignedUp b = TestTenants.signUp(this.gateway, "gw-b");
		ApiClient.Response created = this.gateway.post("/api/v1/people", Map.of("email", "ada@example.com"), a.auth());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().get("id").asString();

		ApiClient.Response read = this.gateway.get("/api/v1/people/" + id, a.auth());
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().get("email").asString()).isEqualTo("ada@example.com");

		ApiClient.Response foreign = this.gateway.get("/api/v1/people/" + id, b.auth());
		assertThat(foreign.status()).isEqualTo(404);
		assertThat(foreign.contentType()).startsWith("application/problem+json");
		assertThat(this.gateway.get("/api/v1/people", b.auth()).json().get("items").size()).isZero();
	}

	@Test
	void clientSentTenantHeadersChangeNothing() {
		SignedUp a = TestTenants.signUp(this.gateway, "gw-spoof-a");
		SignedUp b = TestTenants.signUp(this.gateway, "gw-spoof-b");
		String id = this.gateway.post("/api/v1/people", Map.of("email", "grace@example.com"), a.auth())
			.json()
			.get("id")
			.asString();
		String[] spoofing = { "Authorization", "Bearer " + b.adminToken(), "X-Tenant", a.slug(), "X-Tenant-Id",
				a.id().toString() };
		assertThat(this.gateway.get("/api/v1/people/" + id, spoofing).status()).isEqualTo(404);
		ApiClient.Response own = this.gateway.post("/api/v1/people", Map.of("email", "own@example.com"), spoofing);
		assertThat(own.status()).isEqualTo(201);
		assertThat(this.gateway.get("/api/v1/people/" + own.json().get("id").asString(), b.auth()).status())
			.isEqualTo(200);
		assertThat(this.gateway.get("/api/v1/people/" + own.json().get("id").asString(), a.auth()).status())
			.isEqualTo(404);
	}

	@Test
	void noForgedOrExpiredTokenGetsThrough() {
		ApiClient.Response none = this.gateway.get("/api/v1/people");
		assertThat(none.status()).isEqualTo(401);
		assertThat(none.contentType()).startsWith("application/problem+json");
		assertThat(none.json().get("detail").asString()).contains("Bearer");

		SignedUp tenant = TestTenants.signUp(this.gateway, "gw-tokens");
		String[] parts = tenant.adminToken().split("\\.");
		String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
		assertThat(this.gateway.get("/api/v1/people", ApiClient.bearer(forged)).status()).isEqualTo(401);
		assertThat(this.gateway.get("/api/v1/people", ApiClient.bearer("garbage")).status()).isEqualTo(401);

		assertThat(this.gateway.get("/api/v1/people", tenant.auth()).status()).isEqualTo(200);
		this.clock.moveBy(Duration.ofHours(1));
		ApiClient.Response expired = this.gateway.get("/api/v1/people", tenant.auth());
		assertThat(expired.status()).isEqualTo(401);
		assertThat(expired.contentType()).startsWith("application/problem+json");
	}

	@Test
	void apiKeysPassThroughForThePlatformToCheck() {
		SignedUp tenant = TestTenants.signUp(this.gateway, "gw-keys");
		String key = this.gateway.post("/api/v1/api-keys", Map.of(), tenant.auth()).json().get("key").asString();
		assertThat(this.gateway.get("/api/v1/people", ApiClient.apiKey(key)).status()).isEqualTo(200);
		ApiClient.Response bad = this.gateway.get("/api/v1/people",
				ApiClient.apiKey(key.substring(0, key.length() - 1)));
		assertThat(bad.status()).isEqualTo(401);
		assertThat(bad.contentType()).startsWith("application/problem+json");
	}

	@Test
	void everyResponseCarriesARequestId() {
		ApiClient.Response generated = this.gateway.get("/api/v1/people");
		assertThat(generated.header("X-Request-Id")).hasSizeGreaterThanOrEqualTo(8);
		ApiClient.Response echoed = this.gateway.get("/actuator/health", "X-Request-Id", "trace-1234-abcd");
		assertThat(echoed.header("X-Request-Id")).isEqualTo("trace-1234-abcd");
		ApiClient.Response replaced = this.gateway.get("/actuator/health", "X-Request-Id", "bad id\twith spaces");
		assertThat(replaced.header("X-Request-Id")).isNotEqualTo("bad id\twith spaces");
	}

	@Test
	void theRealmIsTheOneThePlatformTrusts() {
		assertThat(TestServices.keycloak().issuer()).endsWith("/realms/revcycle");
	}

}
