package io.revcycle.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.gateway.route.RouteLocator;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
class GatewayApplicationTests {

	@Autowired
	RouteLocator routes;

	@Test
	void routesComeFromTheServerWebfluxProperties() {
		assertThat(this.routes.getRoutes().map((route) -> route.getId()).collectList().block()).contains("platform-api",
				"platform-hooks", "console");
	}

}
