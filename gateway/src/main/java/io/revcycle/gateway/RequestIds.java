package io.revcycle.gateway;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
		String id = (presented != null && SANE.matcher(presented).matches()) ? presented : newId();
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

	/**
	 * A random (version 4) UUID from a per-thread generator: a correlation id must be
	 * unique, not unpredictable, and {@link UUID#randomUUID()} takes every request
	 * through one shared secure generator.
	 */
	static String newId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(high, low).toString();
	}

}
