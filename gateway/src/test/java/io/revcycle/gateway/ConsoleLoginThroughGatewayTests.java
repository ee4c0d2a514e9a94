package io.revcycle.gateway;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.Browser;
import io.revcycle.testsupport.TestServices;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user signs in to the real console through the real gateway and the real Keycloak, as
 * a browser would: every address the browser is sent to is the gateway's or Keycloak's,
 * never the console's own.
 */
@GatewayTest
class ConsoleLoginThroughGatewayTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void console(DynamicPropertyRegistry registry) {
		registry.add("revcycle.frontend-url", Console::url);
	}

	@Test
	void theLoginRoundTripStaysOnTheGatewaysAddress() {
		String alias = "gw-console-" + Long.toString(System.nanoTime(), 36);
		String email = "support-" + UUID.randomUUID() + "@" + alias + ".example.com";
		TestServices.keycloak().createOrganizationMember(alias, email, "support-password", "support");
		int keycloak = URI.create(TestServices.keycloak().url()).getPort();
		String gateway = "http://localhost:" + this.port;

		Browser browser = new Browser();
		Browser.Page login = browser.get(URI.create(gateway + "/"));
		assertThat(login.uri().toString()).startsWith(TestServices.keycloak().issuer());
		URI authorization = browser.visited()
			.stream()
			.filter((uri) -> uri.getPath().endsWith("/protocol/openid-connect/auth"))
			.findFirst()
			.orElseThrow();
		assertThat(parameter(authorization, "redirect_uri")).isEqualTo(gateway + "/login/oauth2/code/keycloak");

		Browser.Page landing = browser.logIn(login, email, "support-password", (uri) -> uri.getPort() != keycloak);
		assertThat(landing.status()).isEqualTo(200);
		assertThat(landing.uri().getPort()).isEqualTo(this.port);
		assertThat(landing.uri().getPath()).isEqualTo("/");
		assertThat(landing.body()).contains("<span id=\"tenant\">" + alias + "</span>").contains(email);
		assertThat(browser.visited()).as("every address the browser was sent to")
			.allSatisfy((uri) -> assertThat(uri.getPort()).isIn(this.port, keycloak))
			.noneSatisfy((uri) -> assertThat(uri.getPort()).isEqualTo(Console.port()));
	}

	@Test
	void aClientsOwnForwardedHeadersDoNotSteerTheRedirect() {
		ApiClient.Response redirect = new ApiClient("http://localhost:" + this.port).get(
				"/oauth2/authorization/keycloak", "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https",
				"X-Forwarded-Port", "8443", "Forwarded", "host=evil.example;proto=https");
		assertThat(redirect.status()).isEqualTo(302);
		assertThat(parameter(URI.create(redirect.header("Location")), "redirect_uri"))
			.isEqualTo("http://localhost:" + this.port + "/login/oauth2/code/keycloak");
	}

	private static String parameter(URI uri, String name) {
		return Arrays.stream(uri.getRawQuery().split("&"))
			.filter((pair) -> pair.startsWith(name + "="))
			.map((pair) -> URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + name + " in " + uri));
	}

}
