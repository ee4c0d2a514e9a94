package io.revcycle.connectors;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Webhooks carry no token: the connector verifies the sender's signature. Their chain
 * does no authentication at all, and nothing reads the body before the connector gets it
 * raw.
 */
@Configuration(proxyBeanMethods = false)
class HooksSecurity {

	@Bean
	@Order(1)
	SecurityFilterChain hooks(HttpSecurity http) throws Exception {
		http.securityMatcher("/hooks/**")
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return http.build();
	}

}
