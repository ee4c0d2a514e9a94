package io.revcycle.tenancy.internal;

import io.revcycle.http.Problems;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * The platform authenticates every request itself, whatever the gateway did: a Keycloak
 * bearer token (issuer = the realm) or a tenant API key. Every {@code /api/**} call but
 * sign-up needs a caller bound to exactly one tenant, with the roles of its membership
 * there.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

	/**
	 * The operator endpoints ({@code /operator/**}) are for the platform's operators, not
	 * for tenants: authenticated by the operator token, never by a Keycloak token or an
	 * API key.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain operator(HttpSecurity http, TenancySettings settings) throws Exception {
		http.securityMatcher("/operator/**")
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.addFilterBefore(new OperatorTokenFilter(settings), AuthorizationFilter.class)
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasAuthority(OperatorTokenFilter.OPERATOR));
		return http.build();
	}

	@Bean
	SecurityFilterChain api(HttpSecurity http, TenantTokens tokens, ApiKeys apiKeys) throws Exception {
		AuthenticationEntryPoint unauthenticated = (request, response, ex) -> {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			Problems.write(request, response, HttpStatus.UNAUTHORIZED,
					"Authentication required: send 'Authorization: Bearer <access token>' from the revcycle realm, or "
							+ "a tenant API key in 'X-Api-Key'. A token that is expired, forged or from another issuer "
							+ "is refused.");
		};
		AccessDeniedHandler denied = (request, response, ex) -> {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			boolean tenantBound = authentication != null && authentication.getAuthorities()
				.stream()
				.anyMatch((authority) -> TenantAuthentication.TENANT.equals(authority.getAuthority()));
			String detail;
			if (tenantBound) {
				detail = "Your role does not allow this operation.";
			}
			else if (authentication instanceof TenantTokens.Unbound unbound) {
				detail = unbound.reason();
			}
			else {
				detail = "Your token does not name exactly one active tenant: request it with scope "
						+ "'openid organization:<alias>', the alias being the slug of the tenant to work in.";
			}
			Problems.write(request, response, HttpStatus.FORBIDDEN, detail);
		};
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.POST, "/api/v1/signup")
				.permitAll()
				.requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/actuator/health/**",
						"/actuator/health", "/actuator/info", "/error")
				.permitAll()
				.requestMatchers("/api/**")
				.hasAuthority(TenantAuthentication.TENANT)
				.anyRequest()
				.denyAll())
			.addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys), BearerTokenAuthenticationFilter.class)
			.oauth2ResourceServer((oauth2) -> oauth2.jwt((jwt) -> jwt.jwtAuthenticationConverter(tokens))
				.authenticationEntryPoint(unauthenticated)
				.accessDeniedHandler(denied))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied));
		return http.build();
	}

}
