package io.revcycle.console;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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

	private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");

	@LocalServerPort
	int port;

	@Test
	void aSignedInUserSeesTheirTenantAndRoles() throws Exception {
		String alias = "console-" + Long.toString(System.nanoTime(), 36);
		String email = "sdr-" + UUID.randomUUID() + "@" + alias + ".example.com";
		TestServices.keycloak().createOrganizationMember(alias, email, "sdr-password", "sdr");

		HttpClient browser = HttpClient.newBuilder()
			.cookieHandler(new LocalhostCookies())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		HttpResponse<String> page = follow(browser, get(URI.create("http://localhost:" + this.port + "/")));
		assertThat(page.uri().toString()).startsWith(TestServices.keycloak().issuer());

		// Keycloak asks for the user name, then (organizations enabled) for the password
		for (int step = 0; step < 3 && page.uri().getPort() != this.port; step++) {
			Map<String, String> fields = new LinkedHashMap<>();
			if (page.body().contains("name=\"username\"")) {
				fields.put("username", email);
			}
			if (page.body().contains("name=\"password\"")) {
				fields.put("password", "sdr-password");
			}
			assertThat(fields).as("a login form at %s: %s", page.uri(), page.body()).isNotEmpty();
			page = follow(browser, post(formAction(page), fields));
		}

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.uri().getPort()).isEqualTo(this.port);
		assertThat(page.body()).contains("<strong id=\"tenant\">" + alias + "</strong>")
			.contains(email)
			.contains("<span id=\"roles\">sdr</span>");
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
	 * Cookies as a browser keeps them for localhost, which counts as a secure context:
	 * Keycloak marks its login cookies {@code Secure}, and browsers send those to
	 * http://localhost, while Java's cookie manager would not.
	 */
	static final class LocalhostCookies extends CookieHandler {

		private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

		@Override
		public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
			return this.cookies.get(uri, requestHeaders);
		}

		@Override
		public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
			Map<String, List<String>> insecure = new LinkedHashMap<>();
			responseHeaders
				.forEach((name, values) -> insecure.put(name, (name != null && name.equalsIgnoreCase("Set-Cookie"))
						? values.stream().map((v) -> v.replaceAll("(?i);\\s*Secure", "")).toList() : values));
			this.cookies.put(uri, insecure);
		}

	}

	private static HttpResponse<String> follow(HttpClient browser, HttpRequest request) throws Exception {
		HttpResponse<String> response = browser.send(request, HttpResponse.BodyHandlers.ofString());
		for (int hops = 0; hops < 10 && response.statusCode() / 100 == 3; hops++) {
			URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
			response = browser.send(get(next), HttpResponse.BodyHandlers.ofString());
		}
		return response;
	}

	private static URI formAction(HttpResponse<String> page) {
		Matcher matcher = FORM_ACTION.matcher(page.body());
		assertThat(matcher.find()).as("a form on %s", page.uri()).isTrue();
		return page.uri().resolve(matcher.group(1).replace("&amp;", "&"));
	}

	private static HttpRequest get(URI uri) {
		return HttpRequest.newBuilder(uri).GET().build();
	}

	private static HttpRequest post(URI uri, Map<String, String> fields) {
		String body = fields.entrySet()
			.stream()
			.map((e) -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

}
