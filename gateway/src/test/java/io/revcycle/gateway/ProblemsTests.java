package io.revcycle.gateway;

import java.net.ConnectException;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

import static io.revcycle.gateway.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mapping from failures to problems, for the cases no route of the gateway can
 * provoke (nothing at the gateway takes a body of its own, so no 415 comes from it).
 */
class ProblemsTests {

	private final ErrorProblems handler = new ErrorProblems();

	@Test
	void anUnsupportedContentTypeIs415NamingWhatToSend() {
		MockServerWebExchange exchange = exchange();
		this.handler
			.handle(exchange,
					new UnsupportedMediaTypeStatusException(MediaType.TEXT_PLAIN, List.of(MediaType.APPLICATION_JSON)))
			.block();
		String detail = assertProblem(415, exchange.getResponse().getStatusCode().value(),
				exchange.getResponse().getHeaders().getFirst(HttpHeaders.CONTENT_TYPE),
				exchange.getResponse().getBodyAsString().block());
		assertThat(detail).contains("'text/plain'").contains("application/json");
		assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.ACCEPT)).isEqualTo("application/json");
	}

	@Test
	void anUnexpectedFailureIs500WithoutItsMessage() {
		MockServerWebExchange exchange = exchange();
		this.handler.handle(exchange, new IllegalStateException("secret internals at io.revcycle.Foo")).block();
		String body = exchange.getResponse().getBodyAsString().block();
		assertProblem(500, exchange.getResponse().getStatusCode().value(),
				exchange.getResponse().getHeaders().getFirst(HttpHeaders.CONTENT_TYPE), body);
		assertThat(body).doesNotContain("secret").contains("X-Request-Id");
	}

	@Test
	void aRefusedConnectionDeepInTheCausesIs503() {
		Problem problem = Problems
			.forException(new IllegalStateException(new RuntimeException(new ConnectException("Connection refused"))));
		assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(problem.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
		assertThat(Problems.forException(new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT)).status())
			.isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
	}

	@Test
	void anAbsoluteFormTargetIsReadLikeTheFrameworkReadsIt() {
		assertThat(Problems.forUnreadableUrl("http://localhost:8080/api/v1/people?cursor=abc")).isEmpty();
		assertThat(Problems.forUnreadableUrl("http://localhost:8080/api/v1/people?cursor=%zz").orElseThrow().detail())
			.contains("'%zz' at character 23");
		assertThat(Problems.forUnreadableUrl("/api/v1/people/%E2%82%AC")).isEmpty();
	}

	private static MockServerWebExchange exchange() {
		return MockServerWebExchange
			.from(MockServerHttpRequest.post("/api/v1/people").header(HttpHeaders.ACCEPT, "text/html"));
	}

}
