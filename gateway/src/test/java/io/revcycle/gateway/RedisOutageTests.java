package io.revcycle.gateway;

import java.net.ServerSocket;

import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Redis unreachable the gateway keeps serving (rate limits are not enforced) and
 * counts every such request.
 */
@GatewayTest
class RedisOutageTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void redisNowhere(DynamicPropertyRegistry registry) throws Exception {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		int port = closed;
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> port);
	}

	@Test
	void trafficPassesAndTheOutageIsCounted() {
		ApiClient gateway = new ApiClient("http://localhost:" + this.port);
		SignedUp tenant = TestTenants.signUp(gateway, "gw-noredis");
		for (int i = 0; i < 3; i++) {
			assertThat(gateway.get("/api/v1/people", tenant.auth()).status()).isEqualTo(200);
		}
		assertThat(this.meters.counter(RateLimits.REDIS_FAILURES).count()).isGreaterThanOrEqualTo(4);
		ApiClient.Response metric = gateway.get("/actuator/metrics/" + RateLimits.REDIS_FAILURES);
		assertThat(metric.status()).isEqualTo(200);
		assertThat(metric.json().get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(4);
	}

}
