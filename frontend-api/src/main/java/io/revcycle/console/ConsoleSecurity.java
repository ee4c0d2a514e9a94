package io.revcycle.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The console signs users in with Keycloak (OAuth2 authorization code, server-side
 * session) and signs them out of Keycloak too.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

	@Bean
	SecurityFilterChain console(HttpSecurity http, ClientRegistrationRepository registrations) throws Exception {
		OidcClientInitiatedLogoutSuccessHandler logout = new OidcClientInitiatedLogoutSuccessHandler(registrations);
		logout.setPostLogoutRedirectUri("{baseUrl}/");
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/health/**", "/actuator/health")
				.permitAll()
				.anyRequest()
				.authenticated())
			.oauth2Login(Customizer.withDefaults())
			.logout((logoutConfig) -> logoutConfig.logoutSuccessHandler(logout))
			.build();
	}

}
