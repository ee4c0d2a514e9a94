package io.revcycle.gateway;

import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static io.revcycle.gateway.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input at the gateway never gets an empty answer or a 5xx: whichever layer refuses
 * it (the HTTP decoder, the URL parser, the request firewall, the framework), the answer
 * is a problem with a detail that says what to fix. Requests go over a plain socket, byte
 * for byte, since HTTP clients refuse to send most of them.
 */
@GatewayTest
class GatewayProblemsTests {

	@LocalServerPort
	int port;

	ApiClient gateway;

	@BeforeEach
	void setUp() {
		this.gateway = new ApiClient("http://localhost:" + this.port);
	}

	@Test
	void encodedTraversalAndNulInPathsAreRefusedNamingTheSequence() {
		String traversal = assertProblem(400, RawHttp.send(this.port, "GET", "/api/v1/people/..%2F..%2Fx"));
		assertThat(traversal).contains("encoded slash").contains("'%2F'");
		String nul = assertProblem(400, RawHttp.send(this.port, "GET", "/api/v1/people/%00"));
		assertThat(nul).contains("NUL").contains("'%00'");
		String dots = assertProblem(400, RawHttp.send(this.port, "GET", "/api/v1/people/../signup"));
		assertThat(dots).contains("'..'");
		String semicolon = assertProblem(400, RawHttp.send(this.port, "GET", "/api/v1/people;jsessionid=x"));
		assertThat(semicolon).contains("semicolon");
	}

	@Test
	void badPercentEncodingInPathsAndQueriesIsRefusedSayingWhere() {
		RawHttp.Answer query = RawHttp.send(this.port, "GET", "/api/v1/people?cursor=%zz");
		assertThat(assertProblem(400, query)).contains("'%zz'").contains("'%25'");
		RawHttp.Answer path = RawHttp.send(this.port, "GET", "/api/v1/people/%zz/timeline");
		assertThat(assertProblem(400, path)).contains("'%zz'");
		RawHttp.Answer truncated = RawHttp.send(this.port, "GET", "/api/v1/people?email=a%4");
		assertThat(assertProblem(400, truncated)).contains("'%4'");
		RawHttp.Answer pipe = RawHttp.send(this.port, "GET", "/api/v1/people?owner=a|b");
		assertThat(assertProblem(400, pipe)).contains("'|'").contains("'%7C'");
	}

	@Test
	void traceAndUnknownMethodsAre405WithAllow() {
		RawHttp.Answer trace = RawHttp.send(this.port, "TRACE", "/api/v1/people");
		assertThat(assertProblem(405, trace)).contains("TRACE");
		assertThat(trace.header("Allow")).contains("GET").contains("POST").doesNotContain("TRACE");
		RawHttp.Answer madeUp = RawHttp.send(this.port, "BREW", "/");
		assertProblem(405, madeUp);
		assertThat(madeUp.header("Allow")).isEqualTo(trace.header("Allow"));
	}

	@Test
	void urlsOverTheLimitAre414Problems() {
		String query = "?email=" + "a".repeat(9_000);
		String detail = assertProblem(414, RawHttp.send(this.port, "GET", "/api/v1/people" + query));
		assertThat(detail).contains("8 KB");
	}

	@Test
	void headersOverTheLimitAre431ProblemsAndHeadersUnderItReachThePlatform() {
		String detail = assertProblem(431,
				RawHttp.send(this.port, "GET", "/api/v1/people", "X-Padding", "p".repeat(17_000)));
		assertThat(detail).contains("16 KB");

		// 12 KB of headers: over what the servers allow by default, within the documented
		// limit
		SignedUp tenant = TestTenants.signUp(this.gateway, "gw-headers");
		RawHttp.Answer within = RawHttp.send(this.port, "GET", "/api/v1/people", "Authorization",
				"Bearer " + tenant.adminToken(), "X-Padding", "p".repeat(12_000));
		assertThat(within.status()).as(within.toString()).isEqualTo(200);
		assertThat(within.json().get("items").isArray()).isTrue();
	}

	@Test
	void theFrameworksOwnAnswersAreProblemsWhateverTheAcceptHeader() {
		ApiClient.Response missing = this.gateway.get("/actuator/metrics/no.such.metric", "Accept",
				"text/html, application/json;q=0.9");
		assertThat(assertProblem(404, missing)).contains("/v3/api-docs");

		ApiClient.Response wrongMethod = this.gateway.send("POST", "/actuator/health", "{}", "application/json",
				"Accept", "text/html");
		assertThat(assertProblem(405, wrongMethod)).contains("POST").contains("GET");
		assertThat(wrongMethod.header("Allow")).isEqualTo("GET");

		ApiClient.Response notAcceptable = this.gateway.get("/actuator/health", "Accept", "application/xml");
		assertThat(assertProblem(406, notAcceptable)).contains("application/json");
	}

}
