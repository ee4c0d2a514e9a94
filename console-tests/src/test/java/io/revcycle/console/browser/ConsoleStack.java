package io.revcycle.console.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.AppProcess;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.Up;

/**
 * The whole stack as a user meets it, once per test JVM: the built platform, console and
 * gateway jars on the real PostgreSQL, Redis and Keycloak, the connectors the build
 * packaged installed by checksum. Browsers reach everything at the gateway's address; the
 * console calls the platform's API through the gateway too.
 */
final class ConsoleStack {

	private static ConsoleStack stack;

	private final String gateway;

	private ConsoleStack(String gateway) {
		this.gateway = gateway;
	}

	static synchronized ConsoleStack get() {
		if (stack == null) {
			stack = start();
		}
		return stack;
	}

	private static ConsoleStack start() {
		Path root = AppProcess.projectRoot();
		Path folder = root.resolve("console-tests/target/stack");
		int gatewayPort = freePort();
		String gateway = "http://localhost:" + gatewayPort;
		String keycloak = TestServices.keycloak().url();

		Map<String, Object> platform = new LinkedHashMap<>(TestServices.database().springProperties());
		platform.putAll(TestServices.keycloak().springProperties());
		platform.putAll(TestServices.redis().springProperties());
		try {
			platform.putAll(Up.installConnectors(root, folder.resolve("plugins")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not install the connectors", ex);
		}
		platform.put("revcycle.connectors.public-base-url", gateway);
		// webhooks to the tests' receivers on this machine, given up on after 3 quick
		// attempts
		platform.put("revcycle.webhooks.allow-private-targets", "true");
		platform.put("revcycle.outbox.max-attempts", "3");
		platform.put("revcycle.outbox.base-delay", "PT0.2S");
		platform.put("revcycle.outbox.poll-interval", "PT0.2S");
		AppProcess platformApp = AppProcess.start("platform", AppProcess.jar(root, "platform"), freePort(), platform,
				folder);

		AppProcess console = AppProcess.start("frontend-api", AppProcess.jar(root, "frontend-api"), freePort(),
				Map.of("revcycle.keycloak-url", keycloak, "revcycle.api-url", gateway), folder);

		Map<String, Object> routes = new LinkedHashMap<>(TestServices.redis().springProperties());
		routes.put("revcycle.platform-url", platformApp.url());
		routes.put("revcycle.frontend-url", console.url());
		routes.put("revcycle.keycloak-url", keycloak);
		AppProcess.start("gateway", AppProcess.jar(root, "gateway"), gatewayPort, routes, folder);
		return new ConsoleStack(gateway);
	}

	/** The gateway's address: the console at {@code /}, the API at {@code /api/v1}. */
	String url() {
		return this.gateway;
	}

	ApiClient api() {
		return new ApiClient(this.gateway);
	}

	/** A new tenant with one user per role; every password is the tenant's admin's. */
	Tenant tenant(String prefix) {
		ApiClient api = api();
		TestTenants.SignedUp signedUp = TestTenants.signUp(api, prefix);
		Map<String, String> emails = new LinkedHashMap<>();
		Map<String, String> ids = new LinkedHashMap<>();
		emails.put("tenant-admin", signedUp.adminEmail());
		for (String role : List.of("marketing", "sdr", "ae", "finance", "support")) {
			String email = role + "@" + signedUp.slug() + ".example.com";
			ApiClient.Response added = api.post("/api/v1/users", Map.of("email", email, "password",
					signedUp.adminPassword(), "roles", List.of(role), "team", "Demo"), signedUp.auth());
			if (added.status() != 201) {
				throw new AssertionError("Could not add the " + role + ": " + added);
			}
			emails.put(role, email);
			ids.put(role, added.json().get("id").asString());
		}
		return new Tenant(signedUp, emails, ids);
	}

	/** A signed-up tenant, its users by role and their ids. */
	record Tenant(TestTenants.SignedUp signedUp, Map<String, String> emails, Map<String, String> ids) {

		String slug() {
			return this.signedUp.slug();
		}

		String email(String role) {
			return this.emails.get(role);
		}

		String password() {
			return this.signedUp.adminPassword();
		}

		/** The API's authorization header of a role's user. */
		String[] auth(String role) {
			return ApiClient.bearer(TestTenants.login(email(role), password(), slug()));
		}

	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Signs in on Keycloak's login page, where the page stands: the email first, then the
	 * password (organizations are on); returns once the console's page is loaded.
	 */
	void logIn(Page page, String email, String password) {
		org.assertj.core.api.Assertions.assertThat(URI.create(page.url()).getPort())
			.as("on Keycloak's login page")
			.isEqualTo(URI.create(TestServices.keycloak().url()).getPort());
		page.locator("#username").fill(email);
		if (page.locator("#password").count() == 0) {
			page.locator("#kc-login").click();
		}
		page.locator("#password").fill(password);
		page.locator("#kc-login").click();
		page.waitForURL((url) -> url.startsWith(url() + "/"));
		page.waitForLoadState();
	}

	/**
	 * A new page of the session, signed in as the tenant's admin, at the console's path.
	 */
	Page adminOn(BrowserContext session, Tenant tenant, String path) {
		Page page = session.newPage();
		page.navigate(url() + "/");
		logIn(page, tenant.email("tenant-admin"), tenant.password());
		page.navigate(url() + path);
		return page;
	}

	/**
	 * Clicks a button that posts its form, and waits for the page the answer leads to (a
	 * redirect is followed to it).
	 */
	static void submit(Page page, String button) {
		page.waitForResponse((r) -> r.request().isNavigationRequest() && r.status() == 200,
				() -> page.locator(button).click());
		page.waitForLoadState();
	}

}
