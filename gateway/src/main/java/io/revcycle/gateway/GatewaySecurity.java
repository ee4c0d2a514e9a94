package io.revcycle.gateway;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;

/**
 * Validates Keycloak tokens of the {@code revcycle} realm on {@code /api/**}, except
 * sign-up and the OpenAPI docs. Requests that carry an API key instead pass through: the
 * platform checks the key (and authenticates every request again in any case). Webhooks
 * and the console pass too: connectors verify signatures, the console logs users in.
 */
@Configuration(proxyBeanMethods = false)
class GatewaySecurity {

	static final String API_KEY_HEADER = "X-Api-Key";

	@Bean
	SecurityWebFilterChain securityFilterChain(ServerHttpSecurity http) {
		ServerAuthenticationEntryPoint unauthenticated = (exchange, ex) -> {
			exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			return Problem.of(HttpStatus.UNAUTHORIZED,
					"Authentication required: send 'Authorization: Bearer <access token>' from the revcycle realm, or "
							+ "a tenant API key in 'X-Api-Key'. A token that is expired, forged or from another issuer "
							+ "is refused.")
				.writeTo(exchange.getResponse(), exchange.getRequest().getPath().value());
		};
		ServerWebExchangeMatcher apiKeyOnly = (exchange) -> {
			HttpHeaders headers = exchange.getRequest().getHeaders();
			return (headers.containsHeader(API_KEY_HEADER) && !headers.containsHeader(HttpHeaders.AUTHORIZATION))
					? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
		};
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			// the gateway keeps no session: POST /logout is the console's (it ends the
			// Keycloak session too), so it is routed there rather than answered here
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			// stateless: every request carries its credentials; no session is looked up,
			// created or stored for the security context or a request to replay
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.authorizeExchange((exchanges) -> exchanges.pathMatchers(HttpMethod.POST, "/api/v1/signup")
				.permitAll()
				.pathMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/actuator/health/**",
						"/actuator/health", "/actuator/info")
				.permitAll()
				.matchers(apiKeyOnly)
				.permitAll()
				.pathMatchers("/api/**")
				.authenticated()
				.anyExchange()
				.permitAll())
			.oauth2ResourceServer((oauth2) -> oauth2.bearerTokenConverter(new BearerTokens()).jwt((jwt) -> {
			}).authenticationEntryPoint(unauthenticated))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(unauthenticated))
			.build();
	}

	/**
	 * The request firewall every request passes first: it refuses methods other than
	 * {@link Problems#ALLOWED_METHODS} and paths that carry sequences used to reach other
	 * paths (encoded slashes, {@code ..} segments, NUL, ...).
	 */
	@Bean
	StrictServerWebExchangeFirewall firewall() {
		StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
		firewall.setAllowedHttpMethods(Problems.ALLOWED_METHODS);
		firewall.setAllowedHeaderNames(HeaderCharacters.NAMES);
		firewall.setAllowedHeaderValues(HeaderCharacters.VALUES);
		return firewall;
	}

	/**
	 * No observations of Spring Security's own steps (each filter of the chain, the
	 * authentication, the authorization): an observation and a Reactor checkpoint each,
	 * about 6 % of the gateway's processor time per request when measured alone, and no
	 * dashboard reads them. {@code http.server.requests} still measures every request.
	 */
	@Bean
	SecurityObservationSettings securityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * Answers the firewall's refusals with a problem that names what to change, instead
	 * of its empty 400.
	 */
	@Bean
	ServerExchangeRejectedHandler firewallRejections(StrictServerWebExchangeFirewall firewall) {
		return (exchange, rejected) -> Problems.forRejectedRequest(exchange.getRequest(), firewall)
			.writeTo(exchange.getResponse(), exchange.getRequest().getPath().value());
	}

	/**
	 * The decoder checks signature (the realm's published keys), issuer and expiry
	 * against the injected clock, with a small allowance for clock skew between Keycloak
	 * and the gateway. Each token is decoded once and kept for its lifetime
	 * ({@link CachedJwtDecoder}), its times checked again at every use.
	 */
	@Bean
	ReactiveJwtDecoder jwtDecoder(@Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer,
			@Value("${revcycle.gateway.jwt-clock-skew:PT30S}") Duration clockSkew,
			@Value("${revcycle.gateway.jwt-cache-size:10000}") long cacheSize, Clock clock) {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withIssuerLocation(issuer).build();
		JwtTimestampValidator timestamps = new JwtTimestampValidator(clockSkew);
		timestamps.setClock(clock);
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(timestamps, new JwtIssuerValidator(issuer)));
		return new CachedJwtDecoder(decoder, timestamps, clock, clockSkew, cacheSize);
	}

}
