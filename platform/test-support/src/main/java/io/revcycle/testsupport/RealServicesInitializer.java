package io.revcycle.testsupport;

import java.util.Map;
import java.util.function.Supplier;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Points a Spring application at the real services of {@link TestServices}. A service is
 * resolved only when the application asks for one of its properties, so a context that
 * needs no database never creates one.
 */
public class RealServicesInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		// below the test's own (inline and dynamic) properties, above the application's
		// configuration files
		MutablePropertySources sources = context.getEnvironment().getPropertySources();
		if (sources.contains(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME)) {
			sources.addBefore(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
					new RealServicesPropertySource());
		}
		else {
			sources.addFirst(new RealServicesPropertySource());
		}
	}

	static final class RealServicesPropertySource extends PropertySource<Object> {

		private static final Map<String, Supplier<Map<String, String>>> SERVICES = Map.of("spring.datasource.",
				() -> TestServices.database().springProperties(), "spring.flyway.",
				() -> TestServices.database().springProperties(), "spring.data.redis.",
				() -> TestServices.redis().springProperties(), "spring.security.oauth2.resourceserver.jwt.",
				() -> TestServices.keycloak().springProperties(), "revcycle.keycloak.",
				() -> TestServices.keycloak().springProperties(), "spring.security.oauth2.client.provider.keycloak.",
				() -> TestServices.keycloak().springProperties());

		RealServicesPropertySource() {
			super("revcycleRealServices", new Object());
		}

		@Override
		public Object getProperty(String name) {
			for (Map.Entry<String, Supplier<Map<String, String>>> service : SERVICES.entrySet()) {
				if (name.startsWith(service.getKey())) {
					return service.getValue().get().get(name);
				}
			}
			return null;
		}

	}

}
