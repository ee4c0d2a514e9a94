package io.revcycle.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser for system tests of the console's login: cookies, redirects and form posts
 * over real HTTP, and every address it was sent to, so a test can check that no redirect
 * leaves the public address.
 */
public final class Browser {

	private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new LocalhostCookies())
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final List<URI> visited = new ArrayList<>();

	/** A page, after redirects were followed. */
	public record Page(URI uri, int status, String body) {

		/** The address of the page's first form, resolved against the page. */
		public URI formAction() {
			Matcher matcher = FORM_ACTION.matcher(this.body);
			if (!matcher.find()) {
				throw new AssertionError("No form on " + this.uri + ": " + this.body);
			}
			return this.uri.resolve(matcher.group(1).replace("&amp;", "&"));
		}

	}

	/** Opens an address and follows its redirects. */
	public Page get(URI uri) {
		return follow(HttpRequest.newBuilder(uri).GET().build());
	}

	/** Posts a form and follows the redirects of the answer. */
	public Page post(URI uri, Map<String, String> fields) {
		String body = fields.entrySet()
			.stream()
			.map((e) -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return follow(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	/**
	 * Fills Keycloak's login forms (the user name, then, with organizations enabled, the
	 * password) until the browser is sent back to where it came from.
	 * @param login the login page Keycloak showed
	 * @param username the user name
	 * @param password the password
	 * @param back whether an address is the application's, not Keycloak's
	 * @return the page the browser lands on
	 */
	public Page logIn(Page login, String username, String password, Predicate<URI> back) {
		Page page = login;
		for (int step = 0; step < 3 && !back.test(page.uri()); step++) {
			Map<String, String> fields = new LinkedHashMap<>();
			if (page.body().contains("name=\"username\"")) {
				fields.put("username", username);
			}
			if (page.body().contains("name=\"password\"")) {
				fields.put("password", password);
			}
			if (fields.isEmpty()) {
				throw new AssertionError("No login form at " + page.uri() + ": " + page.body());
			}
			page = post(page.formAction(), fields);
		}
		return page;
	}

	/** Every address this browser requested, redirects included, in order. */
	public List<URI> visited() {
		return List.copyOf(this.visited);
	}

	private Page follow(HttpRequest request) {
		HttpResponse<String> response = send(request);
		for (int hops = 0; hops < 10 && response.statusCode() / 100 == 3; hops++) {
			URI next = response.uri()
				.resolve(response.headers()
					.firstValue("Location")
					.orElseThrow(() -> new AssertionError("A redirect without Location from " + request.uri())));
			response = send(HttpRequest.newBuilder(next).GET().build());
		}
		return new Page(response.uri(), response.statusCode(), response.body());
	}

	private HttpResponse<String> send(HttpRequest request) {
		this.visited.add(request.uri());
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
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

}
