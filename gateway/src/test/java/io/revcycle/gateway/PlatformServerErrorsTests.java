package io.revcycle.gateway;

import java.net.URI;

import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static io.revcycle.gateway.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests the platform's web server refuses itself, before any handler of the platform
 * runs, are answered as problems too, through the gateway and directly: the real platform
 * jar, over a plain socket.
 */
@GatewayTest
class PlatformServerErrorsTests {

	@LocalServerPort
	int port;

	@Test
	void aUrlThatIsNotUtf8OnceDecodedIsAProblemThroughTheGateway() {
		SignedUp tenant = TestTenants.signUp(new ApiClient("http://localhost:" + this.port), "gw-utf8");
		RawHttp.Answer answer = RawHttp.send(this.port, "GET", "/api/v1/people/%C0%AF", "Authorization",
				"Bearer " + tenant.adminToken());
		assertThat(assertProblem(400, answer)).contains("UTF-8");
	}

	@Test
	void theServersOwnRefusalsAreProblemsNamingNoServer() {
		int platform = URI.create(Platform.url()).getPort();
		RawHttp.Answer invalid = RawHttp.send(platform, "GET", "/api/v1/people/%C0%AF");
		assertThat(assertProblem(400, invalid)).contains("UTF-8");
		assertThat(invalid.json().get("instance").asString()).isEqualTo("/api/v1/people/%C0%AF");

		RawHttp.Answer tooLarge = RawHttp.send(platform, "GET", "/api/v1/people", "X-Padding", "p".repeat(40_000));
		assertThat(assertProblem(431, tooLarge)).contains("32 KB");

		// bad input never gets a 5xx, though the server's own answer to CONNECT is a 501
		RawHttp.Answer connect = RawHttp.send(platform, "CONNECT", "localhost:443");
		assertProblem(405, connect);
		assertThat(connect.header("Allow")).contains("GET").doesNotContain("CONNECT");
		for (RawHttp.Answer answer : new RawHttp.Answer[] { invalid, tooLarge, connect }) {
			assertThat(answer.header("Server")).isNull();
		}
	}

}
