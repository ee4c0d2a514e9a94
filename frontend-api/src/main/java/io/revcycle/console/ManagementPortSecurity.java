package io.revcycle.console;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The management port, when it is separate from the console's
 * ({@code management.server.port}, as on Kubernetes): health groups for the probes and
 * Prometheus metrics, open to whoever reaches the port (the gateway routes only to the
 * console's own port, and the Helm chart's NetworkPolicy limits who reaches this one).
 * The console's own port is unchanged.
 */
@Configuration(proxyBeanMethods = false)
class ManagementPortSecurity {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain managementPort(HttpSecurity http, @Value("${server.port:8080}") int serverPort,
			@Value("${management.server.port:-1}") int managementPort) throws Exception {
		boolean separate = managementPort > 0 && managementPort != serverPort;
		return http.securityMatcher((request) -> separate && request.getLocalPort() == managementPort)
			.csrf((csrf) -> csrf.disable())
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.build();
	}

}
