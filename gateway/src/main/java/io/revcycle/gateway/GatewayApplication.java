package io.revcycle.gateway;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The edge every client and partner reaches Revcycle through: routes in
 * {@code application.yml}, JWT validation, tenant headers set from the token only,
 * per-tenant rate limits in Redis, body limits and correlation ids. No domain code here.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewayApplication.class, args);
	}

	/** The time tokens are checked against; tests move it. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
