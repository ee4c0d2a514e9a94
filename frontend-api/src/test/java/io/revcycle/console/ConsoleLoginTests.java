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

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.resource.ResourceUrlProvider;

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

	/**
	 * Styles, script, icon and the webjars (addressed without their version) are served
	 * to anyone, each from a path of its own; no catch-all static mapping exists, since
	 * with one every link a page builds was searched for as a file on the class path.
	 */
	@Test
	void staticFilesAreServedFromTheirOwnPathsAndPageLinksAreNeverLookedUpAsFiles(
			@Autowired ResourceUrlProvider resources) throws Exception {
		HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
		for (String path : new String[] { "/css/console.css", "/js/console.js", "/favicon.svg",
				"/webjars/htmx.org/dist/htmx.min.js", "/webjars/chart.js/dist/chart.umd.min.js" }) {
			assertThat(client
				.send(get(URI.create("http://localhost:" + this.port + path)), HttpResponse.BodyHandlers.discarding())
				.statusCode()).as(path).isEqualTo(200);
		}
		assertThat(resources.getHandlerMap().keySet()).containsExactlyInAnyOrder("/css/**", "/js/**", "/*.svg",
				"/webjars/**");
		assertThat(resources.getForLookupPath("/people/" + UUID.randomUUID())).isNull();
		assertThat(resources.getForLookupPath("/webjars/htmx.org/dist/htmx.min.js"))
			.matches("/webjars/htmx\\.org/[0-9.]+/dist/htmx\\.min\\.js");
	}

	private static HttpRequest get(URI uri) {
		return HttpRequest.newBuilder(uri).GET().build();
	}

}
