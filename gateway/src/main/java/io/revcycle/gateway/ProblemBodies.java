package io.revcycle.gateway;

import java.util.concurrent.atomic.AtomicBoolean;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives every error status the gateway completes without a body a problem+json body from
 * {@link Problems#forStatus(HttpStatusCode, org.springframework.http.HttpHeaders)}:
 * {@code RequestRateLimiter}'s 429 (with {@code Retry-After}), {@code RequestSize}'s 413,
 * an actuator path that does not exist. Answers that have a body, among them every answer
 * of the services behind, pass untouched.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ProblemBodies implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().value();
		ServerHttpResponse original = exchange.getResponse();
		AtomicBoolean written = new AtomicBoolean();
		ServerHttpResponseDecorator decorated = new ServerHttpResponseDecorator(original) {

			@Override
			public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
				written.set(true);
				return super.writeWith(body);
			}

			@Override
			public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
				written.set(true);
				return super.writeAndFlushWith(body);
			}

			@Override
			public Mono<Void> setComplete() {
				HttpStatusCode status = getStatusCode();
				if (written.get() || isCommitted() || status == null || status.value() < 400) {
					return super.setComplete();
				}
				written.set(true);
				Problem problem = Problems.forStatus(status, getHeaders());
				getHeaders().remove(Problems.SIZE_LIMIT_HEADER);
				return problem.writeTo(getDelegate(), path);
			}

		};
		return chain.filter(exchange.mutate().response(decorated).build());
	}

}
