package io.revcycle.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers every exception that reaches the top of the gateway with the problem
 * {@link Problems#forException} maps it to, as problem+json whatever the client's
 * {@code Accept} header: the framework's own 404/405/406/415, and the service behind
 * being down (503 with {@code Retry-After}) or too slow (504). It replaces the
 * framework's default handler, which answers JSON of another shape or an HTML page.
 */
@Component
@Order(-2)
class ErrorProblems implements ErrorWebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ErrorProblems.class);

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		Problem problem = Problems.forException(ex);
		String path = exchange.getRequest().getPath().value();
		if (problem.status().is5xxServerError()) {
			String requestId = exchange.getResponse().getHeaders().getFirst(RequestIds.HEADER);
			if (problem.status().value() == 500) {
				log.error("requestId={} {} {} failed", requestId, exchange.getRequest().getMethod(), path, ex);
			}
			else {
				log.warn("requestId={} {} {} answered {}: {}", requestId, exchange.getRequest().getMethod(), path,
						problem.status().value(), ex.toString());
			}
		}
		exchange.getResponse().getHeaders().remove(Problems.SIZE_LIMIT_HEADER);
		return problem.writeTo(exchange.getResponse(), path);
	}

}
