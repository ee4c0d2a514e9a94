package io.revcycle.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.MovableClock;
import io.revcycle.testsupport.RealServicesInitializer;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateways on one Redis share each tenant's bucket: together they let through the
 * burst, and beyond it at most the local allowance of each (the documented tolerance),
 * never a burst each. Both clocks are stopped at the same instant, so no token refills
 * during the test and the counts are exact bounds.
 */
@GatewayTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = { "revcycle.gateway.rate-limits.plans.default.replenish-rate=1",
		"revcycle.gateway.rate-limits.plans.default.burst-capacity=" + RateLimitReplicasTests.BURST,
		"revcycle.gateway.rate-limits.sync.local-share=0.25" })
class RateLimitReplicasTests {

	static final int BURST = 20;

	/** What each gateway may spend alone: a quarter of the burst. */
	static final int LOCAL = BURST / 4;

	@LocalServerPort
	int port;

	@Autowired
	MovableClock clock;

	@Autowired
	RateLimitSettings settings;

	@Autowired
	MeterRegistry meters;

	private ConfigurableApplicationContext second;

	@BeforeAll
	void startSecondGateway() {
		// as arguments: they come before the application's own configuration file
		this.second = new SpringApplicationBuilder(GatewayApplication.class, SecondClock.class)
			.initializers(new RealServicesInitializer())
			.run("--server.port=0", "--revcycle.platform-url=" + Platform.url(),
					"--revcycle.gateway.rate-limits.plans.default.replenish-rate=1",
					"--revcycle.gateway.rate-limits.plans.default.burst-capacity=" + BURST,
					"--revcycle.gateway.rate-limits.sync.local-share=0.25");
		RateLimitSettings settings = this.second.getBean(RateLimitSettings.class);
		assertThat(settings.plan("default").burstCapacity()).isEqualTo(BURST);
		assertThat(settings.localTokens(settings.plan("default"))).isEqualTo(LOCAL);
	}

	@AfterAll
	void stopSecondGateway() {
		if (this.second != null) {
			this.second.close();
		}
	}

	@AfterEach
	void resetClocks() {
		this.clock.reset();
		this.second.getBean(MovableClock.class).reset();
	}

	@Test
	void aTenantsBucketIsSharedWithinTheLocalAllowanceOfEachGateway() {
		assertThat(this.settings.localTokens(this.settings.plan("default"))).isEqualTo(LOCAL);
		ApiClient a = new ApiClient("http://localhost:" + this.port);
		ApiClient b = new ApiClient(
				"http://localhost:" + ((WebServerApplicationContext) this.second).getWebServer().getPort());
		SignedUp tenant = TestTenants.signUp(a, "gw-replicas");
		SignedUp other = TestTenants.signUp(b, "gw-replicas-other");
		Instant now = Instant.now();
		this.clock.freeze(now);
		this.second.getBean(MovableClock.class).freeze(now);

		Map<String, Integer> allowedBy = new LinkedHashMap<>(Map.of("a", 0, "b", 0));
		Map<String, Integer> refusedBy = new LinkedHashMap<>(Map.of("a", 0, "b", 0));
		int requests = 3 * BURST;
		for (int i = 0; i < requests; i++) {
			String name = (i % 2 == 0) ? "a" : "b";
			ApiClient.Response response = ((i % 2 == 0) ? a : b).get("/api/v1/people", tenant.auth());
			assertThat(response.status()).as(response.toString()).isIn(200, 429);
			if (response.status() == 200) {
				allowedBy.merge(name, 1, Integer::sum);
			}
			else {
				refusedBy.merge(name, 1, Integer::sum);
				assertThat(response.contentType()).startsWith("application/problem+json");
				assertThat(Long.parseLong(response.header("Retry-After"))).isPositive();
			}
		}
		int allowed = allowedBy.get("a") + allowedBy.get("b");
		System.out.printf("Burst %d, local allowance %d per gateway: %d of %d requests allowed (%s), refused %s%n",
				BURST, LOCAL, allowed, requests, allowedBy, refusedBy);
		// the burst gets through, and beyond it at most what each gateway spent alone:
		// one bucket shared, not a bucket per gateway
		assertThat(allowed).isGreaterThanOrEqualTo(BURST).isLessThanOrEqualTo(BURST + 2 * LOCAL);
		assertThat(refusedBy.values()).as("both gateways refuse once the bucket is spent").allMatch((n) -> n > 0);
		// the last requests of each gateway are refused: what was spent is known to both
		assertThat(a.get("/api/v1/people", tenant.auth()).status()).isEqualTo(429);
		assertThat(b.get("/api/v1/people", tenant.auth()).status()).isEqualTo(429);

		// another tenant's bucket is its own
		assertThat(a.get("/api/v1/people", other.auth()).status()).isEqualTo(200);
		assertThat(b.get("/api/v1/people", other.auth()).status()).isEqualTo(200);

		// what was spent beyond the burst is debt, paid back by the refill: after the
		// time the whole burst takes to refill, the tenant is served again, by both
		Duration refill = Duration.ofSeconds(BURST + 2 * LOCAL + 1);
		this.clock.freeze(now.plus(refill));
		this.second.getBean(MovableClock.class).freeze(now.plus(refill));
		assertThat(a.get("/api/v1/people", tenant.auth()).status()).isEqualTo(200);
		assertThat(b.get("/api/v1/people", tenant.auth()).status()).isEqualTo(200);

		// every decision was the shared bucket's: Redis answered each synchronisation
		assertThat(this.meters.counter(RateLimits.REDIS_FAILURES).count()).isZero();
		assertThat(this.second.getBean(MeterRegistry.class).counter(RateLimits.REDIS_FAILURES).count()).isZero();
	}

	/**
	 * The second gateway's clock, which the test stops like the first one's. Not a
	 * {@code @Configuration}: the test's own context must not pick it up.
	 */
	static class SecondClock {

		@Bean
		@Primary
		MovableClock movableClock() {
			return new MovableClock();
		}

	}

}
