package io.revcycle.gateway;

import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Removes every client-sent {@code X-Tenant*} header (any spelling), then sets
 * {@code X-Tenant} from the validated token or the API key, for logs and rate limiting
 * downstream. The platform never trusts it for isolation: it takes the tenant from the
 * token or key itself.
 */
@Component
class TenantHeaders implements GlobalFilter, Ordered {

	static final String TENANT_HEADER = "X-Tenant";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return exchange.getPrincipal()
			.filter(JwtAuthenticationToken.class::isInstance)
			.map((principal) -> CallerTenant.fromToken(((JwtAuthenticationToken) principal).getToken()))
			.defaultIfEmpty(CallerTenant
				.fromApiKey(exchange.getRequest().getHeaders().getFirst(GatewaySecurity.API_KEY_HEADER)))
			.flatMap((tenant) -> chain.filter(exchange.mutate().request((request) -> request.headers((headers) -> {
				List<String> spoofed = headers.headerNames()
					.stream()
					.filter((name) -> name.toLowerCase(Locale.ROOT).startsWith("x-tenant"))
					.toList();
				spoofed.forEach(headers::remove);
				tenant.ifPresent((slug) -> headers.set(TENANT_HEADER, slug));
			})).build()));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
