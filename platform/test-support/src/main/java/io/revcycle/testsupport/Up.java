package io.revcycle.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
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
		// the console calls the public API through the gateway, as any client does
		frontend.put("revcycle.api-url", "http://localhost:" + gatewayPort);
		Map<String, Object> platform = new LinkedHashMap<>(services.platformProperties());
		platform.putAll(installConnectors(root, EmbeddedKeycloak.cacheDir().resolve("plugins")));
		// a new operator token per run: ./up repairs the demo tenant with it, nobody else
		// needs it
		byte[] secret = new byte[16];
		new SecureRandom().nextBytes(secret);
		String operatorToken = HexFormat.of().formatHex(secret);
		platform.put("revcycle.tenancy.operator-token", operatorToken);
		platform.put("revcycle.connectors.public-base-url", "http://localhost:" + gatewayPort);
		// webhooks to receivers on this machine, as a local stack is used
		platform.put("revcycle.webhooks.allow-private-targets", "true");
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
		AppProcess platformProcess = platformApp.join();
		frontendApp.join();

		String url = gatewayApp.url();
		try {
			demoTenant(new ApiClient(url), new ApiClient(platformProcess.url()), operatorToken, services.keycloak());
		}
		catch (Unusable ex) {
			System.out.flush();
			System.err.println("./up: " + ex.getMessage() + " To start over with empty data, run: "
					+ startOver(services) + "; then ./up again.");
			System.exit(1);
		}

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
				    -d password=%s -d 'scope=openid organization:%s' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
				  curl -s %s/api/v1/people -H "Authorization: Bearer $TOKEN"

				""", (System.nanoTime() - started) / 1_000_000_000L, url, url, url, url, url, keycloak, platformPort,
				services.database().jdbcUrl(), services.redis().host(), services.redis().port(), logs, DEMO_SLUG,
				DEMO_PASSWORD, demoUsersTable(), keycloak, demoEmail("tenant-admin"), DEMO_PASSWORD, DEMO_SLUG, url);
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

	/** The demo tenant cannot be used, and ./up cannot tell how to repair it. */
	public static final class Unusable extends RuntimeException {

		Unusable(String message) {
			super(message);
		}

	}

	/** How to start over with empty data, as a command line. */
	static String startOver(LocalStack.Services services) {
		String database = services.database().jdbcUrl();
		String name = database.substring(database.lastIndexOf('/') + 1);
		String keycloakData = "rm -rf " + EmbeddedKeycloak.cacheDir() + "/keycloak-*-local";
		if ("embedded".equals(TestServices.postgres().origin())) {
			// the embedded database starts empty on every run
			return keycloakData;
		}
		PostgresServer postgres = TestServices.postgres();
		return "psql -h " + postgres.host() + " -p " + postgres.port() + " -U " + postgres.user()
				+ " -c 'drop database " + name + "' && " + keycloakData;
	}

	/**
	 * Signs the demo tenant up and adds its users; on a later run, finds them there
	 * already. Repairs the demo tenant when the database and Keycloak disagree about it:
	 * when Keycloak lost it (its data was deleted while the database was kept), the
	 * platform's operator repair recreates the organization and the accounts, and the
	 * demo password is set again; when the database lost it (the database was reset while
	 * Keycloak's data was kept), Keycloak's stale organization is removed and the tenant
	 * signed up again, its existing accounts joining it.
	 * @param gateway the API
	 * @param platform the platform itself, for the operator endpoints
	 * @param operatorToken the platform's operator token
	 * @param keycloak the Keycloak server, with its administrator
	 * @throws Unusable when the demo tenant cannot be made usable
	 */
	public static void demoTenant(ApiClient gateway, ApiClient platform, String operatorToken,
			KeycloakServer keycloak) {
		ApiClient.Response signup = signUp(gateway);
		if (signup.status() != 201 && signup.status() != 409) {
			throw new IllegalStateException("Could not sign the demo tenant up: " + signup);
		}
		KeycloakServer.Grant grant = demoAdmin(keycloak);
		if (grant.accessToken() == null) {
			System.out.println("The demo admin cannot sign in for the demo tenant (Keycloak: " + grant.error()
					+ "); Keycloak may have lost it while the database kept it: repairing it.");
			repair(platform, operatorToken, keycloak);
			grant = demoAdmin(keycloak);
			if (grant.accessToken() == null) {
				throw new Unusable("The demo admin " + demoEmail("tenant-admin") + " cannot sign in for the demo "
						+ "tenant even after a repair (Keycloak: " + grant.error() + "; was its password changed?).");
			}
		}
		String admin = grant.accessToken();
		ApiClient.Response users = gateway.get("/api/v1/users?limit=1", ApiClient.bearer(admin));
		if (users.status() == 403 && users.body().contains("is not an active tenant")) {
			System.out.println("Keycloak has an organization '" + DEMO_SLUG + "' but the database has no such tenant "
					+ "(the database was reset while Keycloak's data was kept): removing the organization and signing "
					+ "the demo tenant up again.");
			keycloak.deleteOrganization(DEMO_SLUG);
			ApiClient.Response again = signUp(gateway);
			if (again.status() != 201) {
				throw new Unusable("The demo tenant could not be signed up again: " + again + ".");
			}
			admin = demoAdmin(keycloak).accessToken();
		}
		else if (users.status() != 200) {
			throw new Unusable("The demo tenant's admin cannot manage users (" + users + ").");
		}
		for (String role : DEMO_ROLES.subList(1, DEMO_ROLES.size())) {
			ApiClient.Response user = gateway.post("/api/v1/users",
					Map.of("email", demoEmail(role), "password", DEMO_PASSWORD, "roles", List.of(role), "team", "Demo"),
					ApiClient.bearer(admin));
			if (user.status() != 201 && user.status() != 409) {
				throw new IllegalStateException("Could not add the demo " + role + ": " + user);
			}
		}
	}

	private static ApiClient.Response signUp(ApiClient gateway) {
		return gateway.post("/api/v1/signup", Map.of("company", "Demo Inc.", "slug", DEMO_SLUG, "adminEmail",
				demoEmail("tenant-admin"), "adminPassword", DEMO_PASSWORD));
	}

	/** The demo admin's password grant for the demo tenant. */
	private static KeycloakServer.Grant demoAdmin(KeycloakServer keycloak) {
		return keycloak.tryPasswordGrant(demoEmail("tenant-admin"), DEMO_PASSWORD, "openid organization:" + DEMO_SLUG);
	}

	/**
	 * The platform's operator repair of the demo tenant; demo users that come back
	 * without a password get the demo password.
	 */
	private static void repair(ApiClient platform, String operatorToken, KeycloakServer keycloak) {
		ApiClient.Response repaired = platform.post("/operator/tenants/" + DEMO_SLUG + "/repair", Map.of(),
				"X-Operator-Token", operatorToken);
		if (repaired.status() != 200) {
			throw new Unusable("The platform could not repair the demo tenant: " + repaired + ".");
		}
		List<String> demoEmails = DEMO_ROLES.stream().map(Up::demoEmail).toList();
		repaired.json().get("members").forEach((member) -> {
			String email = member.get("email").asString();
			String result = member.get("result").asString();
			if ("recreated".equals(result) && demoEmails.contains(email)) {
				keycloak.setPassword(member.get("id").asString(), DEMO_PASSWORD);
			}
			else if ("recreated".equals(result)) {
				System.out.println("  " + email + " came back without a password: set one in Keycloak's admin "
						+ "console (Users, Credentials).");
			}
			else if ("conflict".equals(result)) {
				System.out.println("  " + email + " could not come back: another account has that email now.");
			}
		});
		System.out.println("Repaired the demo tenant: organization " + repaired.json().get("organization").asString()
				+ ", " + repaired.json().get("members").size() + " members.");
	}

}
