package io.revcycle;

import io.revcycle.testsupport.LocalStack;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Runs the platform on embedded defaults, for development:
 * {@code ./mvnw -pl platform spring-boot:test-run} (the {@code up} script does it for
 * you). PostgreSQL and Redis are the local ones when they are running, else embedded;
 * Keycloak is the real server from its distribution zip, on port 8180.
 */
public final class TestRevcycleApplication {

	private TestRevcycleApplication() {
	}

	public static void main(String[] args) {
		LocalStack.Services services = LocalStack.start();
		new SpringApplicationBuilder(RevcycleApplication.class).properties(services.platformProperties())
			.listeners((ApplicationListener<ApplicationReadyEvent>) (event) -> ready(
					event.getApplicationContext().getEnvironment(), services))
			.run(args);
	}

	private static void ready(Environment environment, LocalStack.Services services) {
		String platform = "http://localhost:" + environment.getProperty("local.server.port");
		System.out.printf("""

				Revcycle platform is ready.
				  API:        %s/api/v1   (OpenAPI: %s/v3/api-docs, Swagger UI: %s/swagger-ui.html)
				  Keycloak:   %s   (admin console: admin / admin)
				  PostgreSQL: %s
				  Redis:      %s:%d
				Sign up a tenant:
				  curl -s -X POST %s/api/v1/signup -H 'Content-Type: application/json' \\
				    -d '{"company":"Acme","slug":"acme","adminEmail":"admin@acme.test","adminPassword":"change-me-now"}'
				Press Ctrl-C to stop.

				""", platform, platform, platform, services.keycloak().url(), services.database().jdbcUrl(),
				services.redis().host(), services.redis().port(), platform);
	}

}
