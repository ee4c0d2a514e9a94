package io.revcycle.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Keycloak server with the {@code revcycle} realm.
 *
 * @param url the base URL, for example {@code http://localhost:8180}
 * @param adminUser the master realm administrator
 * @param adminPassword its password
 * @param origin where the server came from, for logs
 */
public record KeycloakServer(String url, String adminUser, String adminPassword, String origin) {

	private static final Logger log = LoggerFactory.getLogger(KeycloakServer.class);

	/** The realm every tenant lives in, one Organization per tenant. */
	public static final String REALM = "revcycle";

	/** The public client with the password grant, for scripts and tests. */
	public static final String CLI_CLIENT = "revcycle-cli";

	/** The confidential client the platform provisions tenants and users with. */
	public static final String PLATFORM_CLIENT = "revcycle-platform";

	/** Its secret, as imported with the realm (development and tests only). */
	public static final String PLATFORM_SECRET = "revcycle-platform-secret";

	/**
	 * The realm definition imported into every Keycloak the tests or the local stack
	 * start.
	 */
	public static final String REALM_RESOURCE = "/keycloak/revcycle-realm.json";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/**
	 * Resolves a server: {@code REVCYCLE_KEYCLOAK_URL} with
	 * {@code REVCYCLE_KEYCLOAK_ADMIN_USER}/{@code _PASSWORD} (the realm is imported there
	 * when missing); else the real server from the Maven Central zip, started on a free
	 * port.
	 * @return the server
	 */
	public static KeycloakServer resolve() {
		String envUrl = System.getenv("REVCYCLE_KEYCLOAK_URL");
		if (envUrl != null && !envUrl.isBlank()) {
			KeycloakServer server = new KeycloakServer(envUrl.replaceAll("/+$", ""),
					PostgresServer.env("REVCYCLE_KEYCLOAK_ADMIN_USER", "admin"),
					PostgresServer.env("REVCYCLE_KEYCLOAK_ADMIN_PASSWORD", "admin"), "environment");
			server.importRealmIfMissing();
			log.info("Keycloak for tests: {} ({})", server.url(), server.origin());
			return server;
		}
		KeycloakServer server = EmbeddedKeycloak.start(EmbeddedKeycloak.Options.forTests());
		log.info("Keycloak for tests: {} ({})", server.url(), server.origin());
		return server;
	}

	/** The issuer of the realm's tokens. */
	public String issuer() {
		return this.url + "/realms/" + REALM;
	}

	/** The Spring properties that point the platform at this server. */
	public Map<String, String> springProperties() {
		return Map.of("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer(),
				"spring.security.oauth2.client.provider.keycloak.issuer-uri", issuer(), "revcycle.keycloak.url",
				this.url, "revcycle.keycloak.realm", REALM, "revcycle.keycloak.client-id", PLATFORM_CLIENT,
				"revcycle.keycloak.client-secret", PLATFORM_SECRET);
	}

	/**
	 * Gets an access token for a user of the realm with the password grant and the
	 * {@code organization} scope.
	 * @param username the user name (Revcycle uses the email)
	 * @param password the password
	 * @return the access token
	 * @throws IllegalStateException when Keycloak refuses
	 */
	public String passwordGrant(String username, String password) {
		return passwordGrant(username, password, "openid organization");
	}

	/**
	 * Gets an access token for a user of the realm with the password grant.
	 * @param scope the scope, for example {@code openid organization:acme} for a member
	 * of several organizations who works in {@code acme}
	 * @return the access token
	 * @throws IllegalStateException when Keycloak refuses
	 */
	public String passwordGrant(String username, String password, String scope) {
		Grant grant = tryPasswordGrant(username, password, scope);
		if (grant.accessToken() == null) {
			throw new IllegalStateException("Keycloak answered " + grant.status() + " to the password grant of "
					+ username + " with scope '" + scope + "': " + grant.error());
		}
		return grant.accessToken();
	}

	/**
	 * The answer to a password grant.
	 *
	 * @param status the HTTP status
	 * @param accessToken the access token, or null when refused
	 * @param error Keycloak's {@code error} and {@code error_description} when refused
	 */
	public record Grant(int status, String accessToken, String error) {
	}

	/**
	 * Asks for an access token with the password grant; a refusal is answered, not
	 * thrown.
	 */
	public Grant tryPasswordGrant(String username, String password, String scope) {
		HttpResponse<String> response = postForm(issuer() + "/protocol/openid-connect/token", Map.of("grant_type",
				"password", "client_id", CLI_CLIENT, "username", username, "password", password, "scope", scope));
		JsonNode body = JSON.readTree(response.body());
		if (response.statusCode() == 200) {
			return new Grant(200, body.get("access_token").asString(), null);
		}
		return new Grant(response.statusCode(), null,
				body.path("error").asString("") + ": " + body.path("error_description").asString(""));
	}

	/** The claims of a token, decoded without checking the signature (for assertions). */
	public static JsonNode claims(String accessToken) {
		String payload = accessToken.split("\\.")[1];
		return JSON.readTree(java.util.Base64.getUrlDecoder().decode(payload));
	}

	/**
	 * Removes an organization, as a realm administrator could: its members stay as
	 * accounts and lose the membership.
	 * @return whether there was one with the alias
	 */
	public boolean deleteOrganization(String alias) {
		String token = adminToken();
		HttpResponse<String> found = send(
				admin("/organizations?exact=true&search=" + URLEncoder.encode(alias, StandardCharsets.UTF_8), token)
					.GET()
					.build());
		expect(found, 200);
		for (JsonNode organization : JSON.readTree(found.body())) {
			if (alias.equals(organization.path("alias").asString(null))) {
				expect(send(admin("/organizations/" + organization.get("id").asString(), token).DELETE().build()), 204);
				return true;
			}
		}
		return false;
	}

	/** The aliases of the organizations a user is a member of. */
	public List<String> organizationsOf(String userId) {
		HttpResponse<String> found = send(
				admin("/organizations/members/" + userId + "/organizations", adminToken()).GET().build());
		expect(found, 200);
		List<String> aliases = new ArrayList<>();
		JSON.readTree(found.body()).forEach((organization) -> aliases.add(organization.get("alias").asString()));
		return aliases;
	}

	/** A user's account as the admin API shows it, or null when there is none. */
	public JsonNode user(String userId) {
		HttpResponse<String> found = send(admin("/users/" + userId, adminToken()).GET().build());
		if (found.statusCode() == 404) {
			return null;
		}
		expect(found, 200);
		return JSON.readTree(found.body());
	}

	/** The id of the account with this email, or null when there is none. */
	public String findUserId(String email) {
		HttpResponse<String> found = send(
				admin("/users?exact=true&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8), adminToken()).GET()
					.build());
		expect(found, 200);
		for (JsonNode user : JSON.readTree(found.body())) {
			if (email.equalsIgnoreCase(user.path("email").asString(""))) {
				return user.get("id").asString();
			}
		}
		return null;
	}

	/** Removes an account. */
	public void deleteUser(String userId) {
		expect(send(admin("/users/" + userId, adminToken()).DELETE().build()), 204);
	}

	/** Sets an account's password (permanent), as an administrator does. */
	public void setPassword(String userId, String password) {
		expect(send(admin("/users/" + userId + "/reset-password", adminToken())
			.PUT(HttpRequest.BodyPublishers
				.ofString(JSON.writeValueAsString(Map.of("type", "password", "value", password, "temporary", false))))
			.build()), 204);
	}

	/**
	 * Creates an enabled user in the realm who belongs to no organization (and so to no
	 * tenant).
	 * @return the user id
	 */
	public String createUserWithoutOrganization(String username, String password) {
		Map<String, Object> user = new LinkedHashMap<>();
		user.put("username", username);
		user.put("email", username);
		user.put("enabled", true);
		user.put("emailVerified", true);
		user.put("firstName", "No");
		user.put("lastName", "Organization");
		user.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
		return created(post("/users", user, adminToken()));
	}

	/**
	 * Creates an organization (a tenant, as far as Keycloak knows) with one member, for
	 * tests of what reads tokens without the platform in the loop.
	 * @return the member's user id
	 */
	public String createOrganizationMember(String alias, String email, String password, String... realmRoles) {
		String token = adminToken();
		String organization = created(post("/organizations", Map.of("name", alias, "alias", alias), token));
		String user = createUserWithoutOrganization(email, password);
		expect(post("/organizations/" + organization + "/members", user, token), 201);
		List<Object> roles = new ArrayList<>();
		for (String role : realmRoles) {
			HttpResponse<String> found = send(admin("/roles/" + role, token).GET().build());
			expect(found, 200);
			roles.add(JSON.readValue(found.body(), Map.class));
		}
		if (!roles.isEmpty()) {
			expect(post("/users/" + user + "/role-mappings/realm", roles, token), 204);
		}
		return user;
	}

	private HttpRequest.Builder admin(String path, String token) {
		return HttpRequest.newBuilder(URI.create(this.url + "/admin/realms/" + REALM + path))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json");
	}

	private HttpResponse<String> post(String path, Object body, String token) {
		return send(
				admin(path, token).POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
	}

	private static String created(HttpResponse<String> response) {
		expect(response, 201);
		String location = response.headers().firstValue("Location").orElseThrow();
		return location.substring(location.lastIndexOf('/') + 1);
	}

	private static void expect(HttpResponse<String> response, int status) {
		if (response.statusCode() != status) {
			throw new IllegalStateException("Keycloak answered " + response.statusCode() + " (expected " + status
					+ ") at " + response.request().uri() + ": " + response.body());
		}
	}

	/** A token of the master realm administrator. */
	public String adminToken() {
		return form(this.url + "/realms/master/protocol/openid-connect/token", Map.of("grant_type", "password",
				"client_id", "admin-cli", "username", this.adminUser, "password", this.adminPassword))
			.get("access_token")
			.asString();
	}

	/** Whether the realm is served, that is, the server is up and the import is done. */
	public boolean realmReady() {
		try {
			HttpResponse<String> response = HTTP
				.send(HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void importRealmIfMissing() {
		if (realmReady()) {
			return;
		}
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(this.url + "/admin/realms"))
			.header("Authorization", "Bearer " + adminToken())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(realmJson()))
			.build());
		if (response.statusCode() != 201 && response.statusCode() != 409) {
			throw new IllegalStateException(
					"Could not import the revcycle realm: " + response.statusCode() + " " + response.body());
		}
	}

	/** The realm definition as JSON. */
	public static String realmJson() {
		try (InputStream in = KeycloakServer.class.getResourceAsStream(REALM_RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("Missing resource " + REALM_RESOURCE);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static HttpResponse<String> postForm(String uri, Map<String, String> fields) {
		String body = fields.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(URI.create(uri))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	private static JsonNode form(String uri, Map<String, String> fields) {
		HttpResponse<String> response = postForm(uri, fields);
		if (response.statusCode() != 200) {
			throw new IllegalStateException(
					"Keycloak answered " + response.statusCode() + " at " + uri + ": " + response.body());
		}
		return JSON.readTree(response.body());
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Keycloak did not answer " + request.uri(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
