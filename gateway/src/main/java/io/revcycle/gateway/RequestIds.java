package io.revcycle.gateway;

import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives every request a correlation id: the client's {@code X-Request-Id} when it is a
 * sane token, else a new one. It is passed to the service behind, returned to the client,
 * and logged with one access line per request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIds implements WebFilter {

	static final String HEADER = "X-Request-Id";

	private static final Logger access = LoggerFactory.getLogger("io.revcycle.gateway.access");

	private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{8,128}");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String presented = exchange.getRequest().getHeaders().getFirst(HEADER);
		String id = (presented != null && SANE.matcher(presented).matches()) ? presented : UUID.randomUUID().toString();
		ServerHttpRequest request = exchange.getRequest()
			.mutate()
			.headers((headers) -> headers.set(HEADER, id))
			.build();
		exchange.getResponse().getHeaders().set(HEADER, id);
		long started = System.nanoTime();
		return chain.filter(exchange.mutate().request(request).build()).doFinally((signal) -> {
			if (access.isInfoEnabled()) {
				access.info("requestId={} method={} path={} status={} tenant={} durationMs={}", id, request.getMethod(),
						request.getPath().value(), exchange.getResponse().getStatusCode(),
						exchange.getRequest().getHeaders().getFirst(TenantHeaders.TENANT_HEADER),
						(System.nanoTime() - started) / 1_000_000);
			}
		});
	}

}
