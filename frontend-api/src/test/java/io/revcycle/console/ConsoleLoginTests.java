package io.revcycle.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import io.revcycle.testsupport.Browser;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.UsesRealServices;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user signs in to the console through the real Keycloak login pages (authorization
 * code flow), as a browser would: cookies, redirects and form posts over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UsesRealServices
class ConsoleLoginTests {

	@LocalServerPort
	int port;

	@Test
	void aSignedInUserSeesTheirTenantAndRolesInTheConsolesHeader() {
		String alias = "console-" + Long.toString(System.nanoTime(), 36);
		String email = "support-" + UUID.randomUUID() + "@" + alias + ".example.com";
		TestServices.keycloak().createOrganizationMember(alias, email, "support-password", "support");

		Browser browser = new Browser();
		Browser.Page login = browser.get(URI.create("http://localhost:" + this.port + "/"));
		assertThat(login.uri().toString()).startsWith(TestServices.keycloak().issuer());

		Browser.Page page = browser.logIn(login, email, "support-password", (uri) -> uri.getPort() == this.port);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.uri().getPort()).isEqualTo(this.port);
		assertThat(page.body()).contains("<span id=\"tenant\">" + alias + "</span>")
			.contains(email)
			.contains("<span id=\"roles\">support</span>");
	}

	@Test
	void healthIsPublicAndEverythingElseNeedsASignIn() throws Exception {
		HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
		assertThat(client
			.send(get(URI.create("http://localhost:" + this.port + "/actuator/health")),
					HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(200);
		HttpResponse<String> landing = client.send(get(URI.create("http://localhost:" + this.port + "/")),
				HttpResponse.BodyHandlers.ofString());
		assertThat(landing.statusCode()).isEqualTo(302);
		assertThat(landing.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).contains("/oauth2/authorization/keycloak"));
	}

	private static HttpRequest get(URI uri) {
		return HttpRequest.newBuilder(uri).GET().build();
	}

}
