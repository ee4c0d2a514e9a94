package io.revcycle.gateway;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class TenantHeadersTests {

	private final TenantHeaders filter = new TenantHeaders();

	@Test
	void clientSentTenantHeadersNeverReachThePlatform() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/people")
			.header("X-Tenant", "evil")
			.header("x-tenant-id", "evil")
			.header("X-TENANT-SLUG", "evil"));
		HttpHeaders forwarded = forwardedHeaders(exchange);
		assertThat(forwarded.headerNames()).noneMatch((name) -> name.toLowerCase().startsWith("x-tenant"));
	}

	@Test
	void theTenantHeaderComesFromTheValidatedToken() {
		Jwt jwt = Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject("user")
			.claim("organization", List.of("acme"))
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60))
			.build();
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/api/v1/people").header("X-Tenant", "evil"));
		ServerWebExchange authenticated = exchange.mutate()
			.principal(Mono.just(new JwtAuthenticationToken(jwt)))
			.build();
		assertThat(forwardedHeaders(authenticated).get("X-Tenant")).containsExactly("acme");
	}

	@Test
	void anApiKeyNamesItsTenantForRateLimitingOnly() {
		String key = "rck_globex_" + "A".repeat(43) + "." + "B".repeat(43);
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/api/v1/people").header("X-Api-Key", key).header("X-Tenant-Id", "evil"));
		HttpHeaders forwarded = forwardedHeaders(exchange);
		assertThat(forwarded.get("X-Tenant")).containsExactly("globex");
		assertThat(forwarded.get("X-Tenant-Id")).isNull();
	}

	private HttpHeaders forwardedHeaders(ServerWebExchange exchange) {
		AtomicReference<HttpHeaders> seen = new AtomicReference<>();
		GatewayFilterChain chain = (forwarded) -> {
			seen.set(forwarded.getRequest().getHeaders());
			return Mono.empty();
		};
		this.filter.filter(exchange, chain).block();
		return seen.get();
	}

}
