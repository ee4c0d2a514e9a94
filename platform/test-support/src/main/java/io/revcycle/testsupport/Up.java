package io.revcycle.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import io.revcycle.plugin.host.AllowList;

/**
 * The whole stack on one machine, for newcomers: {@code ./up}. PostgreSQL and Redis
 * (local when running, else embedded), the real Keycloak on port 8180, then platform,
 * frontend-api and gateway from their built jars; a demo tenant with one user per role;
 * then it waits in the foreground until Ctrl-C and stops everything it started.
 */
public final class Up {

	/** The demo tenant's slug, as the API documentation names it. */
	public static final String DEMO_SLUG = "demo";

	/** The password of every demo user (development only). */
	public static final String DEMO_PASSWORD = "revcycle-demo";

	/** The demo users, one per role: role, email. */
	public static final List<String> DEMO_ROLES = List.of("tenant-admin", "marketing", "sdr", "ae", "finance",
			"support");

	private Up() {
	}

	/**
	 * Installs the connectors the build packaged into a plugins folder, with an
	 * allow-list of their checksums, as an operator would.
	 * @param root the project root
	 * @param folder the plugins folder; emptied first, its allow-list is written beside
	 * it
	 * @return the platform's properties for them
	 */
	public static Map<String, Object> installConnectors(Path root, Path folder) throws IOException {
		Files.createDirectories(folder);
		try (Stream<Path> old = Files.list(folder)) {
			for (Path file : old.toList()) {
				Files.delete(file);
			}
		}
		List<String> allowed = new ArrayList<>();
		try (Stream<Path> modules = Files.list(root.resolve("plugins"))) {
			for (Path module : modules.sorted().toList()) {
				Path target = module.resolve("target");
				if (!module.getFileName().toString().startsWith("plugin-") && Files.isDirectory(target)) {
					try (Stream<Path> jars = Files.list(target)) {
						for (Path jar : jars.filter((f) -> f.getFileName().toString().matches("connector-.*\\.jar"))
							.toList()) {
							Path installed = Files.copy(jar, folder.resolve(jar.getFileName()));
							allowed.add(AllowList.sha256(installed) + "  " + installed.getFileName());
						}
					}
				}
			}
		}
		Path allowList = folder.getParent().resolve("plugins.sha256");
		Files.write(allowList, allowed);
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("revcycle.connectors.plugins-dir", folder.toString());
		properties.put("revcycle.connectors.allow-list-file", allowList.toString());
		return properties;
	}

	public static void main(String[] args) throws Exception {
		long started = System.nanoTime();
		Path root = AppProcess.projectRoot();
		Path logs = EmbeddedKeycloak.cacheDir().resolve("logs");
		int gatewayPort = PostgresServer.intEnv("GATEWAY_PORT", 8080);
		int platformPort = PostgresServer.intEnv("PLATFORM_PORT", 8081);
		int frontendPort = PostgresServer.intEnv("FRONTEND_PORT", 8082);
		for (int port : new int[] { gatewayPort, platformPort, frontendPort }) {
			if (LocalStack.listening(port)) {
				throw new IllegalStateException("Port " + port + " is in use: stop what runs there, or choose other "
						+ "ports with GATEWAY_PORT, PLATFORM_PORT, FRONTEND_PORT.");
			}
		}

		LocalStack.Services services = LocalStack.start();
		String keycloak = services.keycloak().url();

		Map<String, Object> frontend = new LinkedHashMap<>();
		frontend.put("revcycle.keycloak-url", keycloak);
		Map<String, Object> platform = new LinkedHashMap<>(services.platformProperties());
		platform.putAll(installConnectors(root, EmbeddedKeycloak.cacheDir().resolve("plugins")));
		platform.put("revcycle.connectors.public-base-url", "http://localhost:" + gatewayPort);
		CompletableFuture<AppProcess> platformApp = CompletableFuture.supplyAsync(
				() -> AppProcess.start("platform", AppProcess.jar(root, "platform"), platformPort, platform, logs));
		CompletableFuture<AppProcess> frontendApp = CompletableFuture.supplyAsync(() -> AppProcess.start("frontend-api",
				AppProcess.jar(root, "frontend-api"), frontendPort, frontend, logs));
		Map<String, Object> gateway = new LinkedHashMap<>(services.redis().springProperties());
		gateway.put("revcycle.platform-url", "http://localhost:" + platformPort);
		gateway.put("revcycle.frontend-url", "http://localhost:" + frontendPort);
		gateway.put("revcycle.keycloak-url", keycloak);
		AppProcess gatewayApp = AppProcess.start("gateway", AppProcess.jar(root, "gateway"), gatewayPort, gateway,
				logs);
		platformApp.join();
		frontendApp.join();

		String url = gatewayApp.url();
		demoTenant(new ApiClient(url), services.keycloak());

		System.out.printf("""

				Revcycle is ready (in %d s). Ctrl-C stops everything.
				  Gateway (API and console): %s
				    API:       %s/api/v1/...   OpenAPI: %s/v3/api-docs   Swagger UI: %s/swagger-ui.html
				    Console:   %s/
				  Keycloak:                  %s   (admin console: admin / admin)
				  Platform, direct:          http://localhost:%d
				  PostgreSQL:                %s
				  Redis:                     %s:%d
				  Logs:                      %s

				Demo tenant '%s', every user with the password '%s':
				%s
				Get a token and call the API through the gateway:
				  TOKEN=$(curl -s %s/realms/revcycle/protocol/openid-connect/token \\
				    -d grant_type=password -d client_id=revcycle-cli -d username=%s \\
				    -d password=%s -d 'scope=openid organization' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
				  curl -s %s/api/v1/people -H "Authorization: Bearer $TOKEN"

				""", (System.nanoTime() - started) / 1_000_000_000L, url, url, url, url, url, keycloak, platformPort,
				services.database().jdbcUrl(), services.redis().host(), services.redis().port(), logs, DEMO_SLUG,
				DEMO_PASSWORD, demoUsersTable(), keycloak, demoEmail("tenant-admin"), DEMO_PASSWORD, url);
		System.out.flush();
		new CountDownLatch(1).await();
	}

	/** The email of the demo user with a role. */
	public static String demoEmail(String role) {
		return role + "@" + DEMO_SLUG + ".revcycle.test";
	}

	private static String demoUsersTable() {
		StringBuilder table = new StringBuilder();
		for (String role : DEMO_ROLES) {
			table.append(String.format("  %-13s %s%n", role, demoEmail(role)));
		}
		return table.toString();
	}

	/**
	 * Signs the demo tenant up and adds its users; on a second run, finds them there
	 * already.
	 */
	static void demoTenant(ApiClient gateway, KeycloakServer keycloak) {
		ApiClient.Response signup = gateway.post("/api/v1/signup", Map.of("company", "Demo Inc.", "slug", DEMO_SLUG,
				"adminEmail", demoEmail("tenant-admin"), "adminPassword", DEMO_PASSWORD));
		if (signup.status() != 201 && signup.status() != 409) {
			throw new IllegalStateException("Could not sign the demo tenant up: " + signup);
		}
		String admin = keycloak.passwordGrant(demoEmail("tenant-admin"), DEMO_PASSWORD);
		for (String role : DEMO_ROLES.subList(1, DEMO_ROLES.size())) {
			ApiClient.Response user = gateway.post("/api/v1/users",
					Map.of("email", demoEmail(role), "password", DEMO_PASSWORD, "roles", List.of(role), "team", "Demo"),
					ApiClient.bearer(admin));
			if (user.status() != 201 && user.status() != 409) {
				throw new IllegalStateException("Could not add the demo " + role + ": " + user);
			}
		}
	}

}
