package io.revcycle.testsupport;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signs test tenants up through the real API and logs their users in through the real
 * Keycloak.
 */
public final class TestTenants {

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private TestTenants() {
	}

	/** A signed-up tenant and its admin's access token. */
	public record SignedUp(UUID id, String slug, String adminEmail, String adminPassword, String adminToken) {

		public String[] auth() {
			return ApiClient.bearer(this.adminToken);
		}

	}

	/**
	 * Logs a user in for one tenant, with scope {@code openid organization:<slug>}: the
	 * way a member of several tenants chooses one (Keycloak leaves the organization out
	 * of an {@code openid organization} token of a member of several).
	 * @return the access token
	 */
	public static String login(String email, String password, String slug) {
		return TestServices.keycloak().passwordGrant(email, password, "openid organization:" + slug);
	}

	/** A fresh, unique slug. */
	public static String uniqueSlug(String prefix) {
		return prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + SEQUENCE.incrementAndGet();
	}

	/** Signs a new tenant up and logs its admin in. */
	public static SignedUp signUp(ApiClient api, String prefix) {
		String slug = uniqueSlug(prefix);
		String email = "admin@" + slug + ".example.com";
		String password = "correct-horse-" + UUID.randomUUID();
		ApiClient.Response response = api.post("/api/v1/signup",
				Map.of("company", prefix + " Inc.", "slug", slug, "adminEmail", email, "adminPassword", password));
		if (response.status() != 201 || !slug.equals(response.json().get("slug").asString())) {
			throw new AssertionError("Sign-up of " + slug + " failed: " + response);
		}
		UUID id = UUID.fromString(response.json().get("tenantId").asString());
		String token = TestServices.keycloak().passwordGrant(email, password);
		return new SignedUp(id, slug, email, password, token);
	}

}
