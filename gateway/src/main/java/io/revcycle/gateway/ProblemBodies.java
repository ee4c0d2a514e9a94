package io.revcycle.gateway;

import java.util.concurrent.atomic.AtomicBoolean;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Gives the gateway's own refusals a problem+json body: {@code RequestRateLimiter} and
 * {@code RequestSize} answer 429 and 413 with an empty body. A 429 also gets
 * {@code Retry-After}, computed from the limiter's replenish rate.
 */
@Component
class ProblemBodies implements GlobalFilter, Ordered {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
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
			public Mono<Void> setComplete() {
				HttpStatusCode status = getStatusCode();
				if (!written.get() && status != null && status.value() == HttpStatus.TOO_MANY_REQUESTS.value()) {
					getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(getHeaders())));
					return Problems.write(getDelegate(), HttpStatus.TOO_MANY_REQUESTS,
							"Rate limit exceeded for your tenant; retry after the number of seconds in Retry-After.",
							path);
				}
				if (!written.get() && status != null && status.value() == HttpStatus.PAYLOAD_TOO_LARGE.value()) {
					String limit = getHeaders().getFirst("errorMessage");
					getHeaders().remove("errorMessage");
					return Problems.write(getDelegate(), HttpStatus.PAYLOAD_TOO_LARGE,
							"The request body is too large" + ((limit != null) ? " (" + limit + ")" : "")
									+ "; send less per request (for example, split a batch).",
							path);
				}
				return super.setComplete();
			}

		};
		return chain.filter(exchange.mutate().response(decorated).build());
	}

	/** Seconds until the bucket holds the tokens one request needs again; at least 1. */
	static long retryAfterSeconds(HttpHeaders headers) {
		try {
			double replenish = Double.parseDouble(headers.getFirst(RedisRateLimiter.REPLENISH_RATE_HEADER));
			double requested = Double.parseDouble(headers.getFirst(RedisRateLimiter.REQUESTED_TOKENS_HEADER));
			return Math.max(1, (long) Math.ceil(requested / replenish));
		}
		catch (RuntimeException ex) {
			return 1;
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
