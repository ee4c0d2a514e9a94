package io.revcycle.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The console signs users in with Keycloak (OAuth2 authorization code, server-side
 * session: the browser holds only the session cookie, never a token) and signs them out
 * of Keycloak too. Every form and every htmx request carries the session's CSRF token;
 * one without it is refused with 403.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

	@Bean
	SecurityFilterChain console(HttpSecurity http, ClientRegistrationRepository registrations) throws Exception {
		OidcClientInitiatedLogoutSuccessHandler logout = new OidcClientInitiatedLogoutSuccessHandler(registrations);
		logout.setPostLogoutRedirectUri("{baseUrl}/");
		return http
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/actuator/health/**", "/actuator/health", "/css/**", "/js/**", "/webjars/**",
						"/favicon.svg", "/error")
				.permitAll()
				.anyRequest()
				.authenticated())
			.oauth2Login(Customizer.withDefaults())
			.logout((logoutConfig) -> logoutConfig.logoutSuccessHandler(logout))
			.headers((headers) -> headers.frameOptions((frames) -> frames.deny())
				.contentSecurityPolicy((csp) -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; "
						+ "style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'")))
			.build();
	}

	/**
	 * Gives the signed-in user's access token, refreshing it with Keycloak when expired.
	 */
	@Bean
	OAuth2AuthorizedClientManager authorizedClients(ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientRepository clients) {
		DefaultOAuth2AuthorizedClientManager manager = new DefaultOAuth2AuthorizedClientManager(registrations, clients);
		manager.setAuthorizedClientProvider(
				OAuth2AuthorizedClientProviderBuilder.builder().authorizationCode().refreshToken().build());
		return manager;
	}

}
