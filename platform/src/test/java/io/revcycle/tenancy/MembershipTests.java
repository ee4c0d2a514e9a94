package io.revcycle.tenancy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.ApiTest;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.KeycloakServer;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Keycloak account, several tenants: membership through Keycloak Organizations, roles
 * per tenant kept by the platform, the tenant chosen at login with
 * {@code organization:<alias>}; and the user management endpoints, each proven with two
 * tenants.
 */
class MembershipTests extends ApiTest {

	private static final KeycloakServer KEYCLOAK = TestServices.keycloak();

	@Test
	void anAccountOfAnotherTenantIsAddedExactlyAsANewOneAndKeepsItsPassword() {
		SignedUp a = TestTenants.signUp(this.api, "join-a");
		SignedUp b = TestTenants.signUp(this.api, "join-b");
		String consultant = "consultant@" + a.slug() + ".example.com";
		String id = addUser(a, consultant, "consultant-password", List.of("sdr"));

		ApiClient.Response joined = this.api.post("/api/v1/users",
				Map.of("email", consultant, "password", "b-chose-this-password", "roles", List.of("marketing")),
				b.auth());
		ApiClient.Response fresh = this.api.post("/api/v1/users", Map.of("email", "new@" + b.slug() + ".example.com",
				"password", "b-chose-this-password", "roles", List.of("marketing")), b.auth());
		// the same status, the same fields, the same kind of address: nothing tells that
		// the account existed
		assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
		assertThat(fresh.status()).isEqualTo(201);
		assertThat(List.copyOf(joined.json().propertyNames())).isEqualTo(List.copyOf(fresh.json().propertyNames()))
			.containsExactly("id");
		assertThat(joined.header("Location")).isEqualTo("/api/v1/users/" + id);
		assertThat(fresh.header("Location")).startsWith("/api/v1/users/");
		assertThat(joined.contentType()).isEqualTo(fresh.contentType());
		assertThat(joined.json().get("id").asString()).isEqualTo(id);

		// one account, a member of both organizations; its password is its own
		assertThat(KEYCLOAK.organizationsOf(id)).containsExactlyInAnyOrder(a.slug(), b.slug());
		assertThat(KEYCLOAK.tryPasswordGrant(consultant, "b-chose-this-password", "openid organization:" + b.slug())
			.accessToken()).isNull();
		assertThat(TestTenants.login(consultant, "consultant-password", b.slug())).isNotBlank();

		// a member of this tenant already is a conflict within this tenant only
		ApiClient.Response again = this.api.post("/api/v1/users",
				Map.of("email", consultant, "password", "whatever-password", "roles", List.of()), b.auth());
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.contentType()).startsWith("application/problem+json");
		assertThat(again.json().get("detail").asString()).contains("already a member of this tenant");
	}

	@Test
	void rolesAreTheMembershipsOfTheTenantTheTokenNamesNeverRealmRoles() {
		SignedUp a = TestTenants.signUp(this.api, "roles-a");
		SignedUp b = TestTenants.signUp(this.api, "roles-b");
		// a's admin is a mere marketer in b
		this.api.post("/api/v1/users",
				Map.of("email", a.adminEmail(), "password", "ignored-password", "roles", List.of("marketing")),
				b.auth());

		String inA = TestTenants.login(a.adminEmail(), a.adminPassword(), a.slug());
		String inB = TestTenants.login(a.adminEmail(), a.adminPassword(), b.slug());
		assertThat(KeycloakServer.claims(inB).path("realm_access").path("roles").toString())
			.doesNotContain("tenant-admin");
		assertThat(this.api.get("/api/v1/users", ApiClient.bearer(inA)).status()).isEqualTo(200);
		ApiClient.Response notAdminInB = this.api.get("/api/v1/users", ApiClient.bearer(inB));
		assertThat(notAdminInB.status()).isEqualTo(403);
		assertThat(notAdminInB.contentType()).startsWith("application/problem+json");
		assertThat(notAdminInB.json().get("detail").asString()).contains("role");
		assertThat(this.api.get("/api/v1/people", ApiClient.bearer(inB)).status()).isEqualTo(200);

		// b's admin makes them an admin of b: the next request sees it
		String id = userId(b, a.adminEmail());
		assertThat(
				this.api.patch("/api/v1/users/" + id, Map.of("roles", List.of("tenant-admin", "marketing")), b.auth())
					.status())
			.isEqualTo(200);
		assertThat(this.api.get("/api/v1/users", ApiClient.bearer(inB)).status()).isEqualTo(200);
	}

	@Test
	void aMemberOfTwoTenantsNamesOneWithOrganizationAlias() {
		SignedUp a = TestTenants.signUp(this.api, "scope-a");
		SignedUp b = TestTenants.signUp(this.api, "scope-b");
		String email = "both@" + a.slug() + ".example.com";
		addUser(a, email, "both-password", List.of("sdr"));
		addUser(b, email, "both-password", List.of("ae"));

		// Keycloak leaves the organization out when the user belongs to several
		String plain = KEYCLOAK.passwordGrant(email, "both-password", "openid organization");
		assertThat(KeycloakServer.claims(plain).has("organization")).isFalse();
		ApiClient.Response none = this.api.get("/api/v1/people", ApiClient.bearer(plain));
		assertThat(none.status()).isEqualTo(403);
		assertThat(none.contentType()).startsWith("application/problem+json");
		assertThat(none.json().get("detail").asString()).contains("organization:<alias>");

		// all of them: a token naming two tenants is refused, saying how to name one
		String all = KEYCLOAK.passwordGrant(email, "both-password", "openid organization:*");
		assertThat(KeycloakServer.claims(all).get("organization").toString()).contains(a.slug()).contains(b.slug());
		ApiClient.Response two = this.api.get("/api/v1/people", ApiClient.bearer(all));
		assertThat(two.status()).isEqualTo(403);
		assertThat(two.contentType()).startsWith("application/problem+json");
		assertThat(two.json().get("detail").asString()).contains("2 organizations").contains("organization:<alias>");

		// one by alias: that tenant, and only its data
		String onlyA = TestTenants.login(email, "both-password", a.slug());
		assertThat(KeycloakServer.claims(onlyA).get("organization").toString()).contains(a.slug())
			.doesNotContain(b.slug());
		String person = this.api.post("/api/v1/people", Map.of("email", "lead@scope.example.com"), a.auth())
			.json()
			.get("id")
			.asString();
		assertThat(this.api.get("/api/v1/people/" + person, ApiClient.bearer(onlyA)).status()).isEqualTo(200);
		String onlyB = TestTenants.login(email, "both-password", b.slug());
		assertThat(this.api.get("/api/v1/people/" + person, ApiClient.bearer(onlyB)).status()).isEqualTo(404);
	}

	@Test
	void onlyTenantAdminsManageUsersAndAnotherTenantsUserIsNotFound() {
		SignedUp a = TestTenants.signUp(this.api, "manage-a");
		SignedUp b = TestTenants.signUp(this.api, "manage-b");
		String sdrEmail = "sdr@" + a.slug() + ".example.com";
		String sdr = addUser(a, sdrEmail, "sdr-password", List.of("sdr"));
		String sdrToken = KEYCLOAK.passwordGrant(sdrEmail, "sdr-password");

		for (ApiClient.Response refused : List.of(this.api.get("/api/v1/users", ApiClient.bearer(sdrToken)),
				this.api.get("/api/v1/users/" + sdr, ApiClient.bearer(sdrToken)),
				this.api.patch("/api/v1/users/" + sdr, Map.of("roles", List.of("tenant-admin")),
						ApiClient.bearer(sdrToken)),
				this.api.delete("/api/v1/users/" + sdr, ApiClient.bearer(sdrToken)))) {
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.contentType()).startsWith("application/problem+json");
		}

		// b sees nothing of a's users and cannot change them: 404 exactly as for nobody
		String nobody = UUID.randomUUID().toString();
		assertThat(this.api.get("/api/v1/users", b.auth()).body()).doesNotContain(sdr).doesNotContain(sdrEmail);
		for (String method : List.of("GET", "PATCH", "DELETE")) {
			ApiClient.Response foreign = call(method, "/api/v1/users/" + sdr, b);
			ApiClient.Response missing = call(method, "/api/v1/users/" + nobody, b);
			assertThat(foreign.status()).as(method).isEqualTo(404);
			assertThat(foreign.contentType()).startsWith("application/problem+json");
			assertThat(missing.status()).as(method).isEqualTo(404);
			assertThat(foreign.json().get("title")).isEqualTo(missing.json().get("title"));
			assertThat(foreign.json().get("detail").asString())
				.isEqualTo(missing.json().get("detail").asString().replace(nobody, sdr));
		}
		// nor make them a manager in b
		ApiClient.Response manager = this.api.patch("/api/v1/users/" + userId(b, b.adminEmail()),
				Map.of("managerId", sdr), b.auth());
		assertThat(manager.status()).isEqualTo(400);
		assertThat(manager.json().get("detail").asString()).contains("managerId");

		// a's user is as it was, a member of a only
		JsonNode unchanged = this.api.get("/api/v1/users/" + sdr, a.auth()).json();
		assertThat(unchanged.get("roles").toString()).isEqualTo("[\"sdr\"]");
		assertThat(unchanged.get("status").asString()).isEqualTo("active");
		assertThat(this.api.get("/api/v1/people", ApiClient.bearer(sdrToken)).status()).isEqualTo(200);
		assertThat(KEYCLOAK.organizationsOf(sdr)).containsExactly(a.slug());
	}

	@Test
	void theListIsCursorPaginatedAndShowsEachUsersFields() {
		SignedUp a = TestTenants.signUp(this.api, "list-a");
		SignedUp b = TestTenants.signUp(this.api, "list-b");
		String lead = addUser(a, "lead@" + a.slug() + ".example.com", "lead-password", List.of("sdr"));
		List<String> added = new ArrayList<>(List.of(lead));
		for (int i = 0; i < 3; i++) {
			Map<String, Object> user = new LinkedHashMap<>();
			user.put("email", "rep" + i + "@" + a.slug() + ".example.com");
			user.put("password", "rep-password-" + i);
			user.put("roles", List.of("sdr"));
			user.put("team", "EMEA");
			user.put("managerId", lead);
			ApiClient.Response created = this.api.post("/api/v1/users", user, a.auth());
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			added.add(created.json().get("id").asString());
		}

		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			ApiClient.Response page = this.api
				.get("/api/v1/users?limit=2" + ((cursor != null) ? "&cursor=" + cursor : ""), a.auth());
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.json().get("items").size()).isLessThanOrEqualTo(2);
			page.json().get("items").forEach((item) -> seen.add(item.get("id").asString()));
			cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asString();
			pages++;
		}
		while (cursor != null && pages < 10);
		// the admin and the four added, newest first, each once
		assertThat(seen).hasSize(5).doesNotHaveDuplicates().containsAll(added);
		List<String> newestFirst = new ArrayList<>(added);
		Collections.reverse(newestFirst);
		assertThat(seen.subList(0, 4)).containsExactlyElementsOf(newestFirst);
		assertThat(pages).isEqualTo(3);

		JsonNode rep = this.api.get("/api/v1/users?limit=1", a.auth()).json().get("items").get(0);
		assertThat(rep.get("id").asString()).isEqualTo(added.get(3));
		assertThat(rep.get("email").asString()).isEqualTo("rep2@" + a.slug() + ".example.com");
		assertThat(rep.get("roles").toString()).isEqualTo("[\"sdr\"]");
		assertThat(rep.get("team").asString()).isEqualTo("EMEA");
		assertThat(rep.get("managerId").asString()).isEqualTo(lead);
		assertThat(rep.get("away").asBoolean()).isFalse();
		assertThat(rep.get("status").asString()).isEqualTo("active");

		for (String bad : List.of("limit=0", "limit=501", "cursor=not-a-cursor")) {
			ApiClient.Response refused = this.api.get("/api/v1/users?" + bad, a.auth());
			assertThat(refused.status()).as(bad).isEqualTo(400);
			assertThat(refused.contentType()).startsWith("application/problem+json");
		}
		// the other tenant lists its admin only
		JsonNode others = this.api.get("/api/v1/users", b.auth()).json();
		assertThat(others.get("items").size()).isEqualTo(1);
		assertThat(others.get("items").get(0).get("email").asString()).isEqualTo(b.adminEmail());
	}

	@Test
	void patchChangesRolesTeamManagerAndAwayAndRefusesWhatIsNotValid() {
		SignedUp a = TestTenants.signUp(this.api, "patch-a");
		SignedUp b = TestTenants.signUp(this.api, "patch-b");
		String rep = addUser(a, "rep@" + a.slug() + ".example.com", "rep-password", List.of("sdr"));
		String lead = addUser(a, "lead@" + a.slug() + ".example.com", "lead-password", List.of("ae"));
		String foreign = addUser(b, "rep@" + b.slug() + ".example.com", "rep-password", List.of("sdr"));

		Map<String, Object> change = new LinkedHashMap<>();
		change.put("roles", List.of("sdr", "ae"));
		change.put("team", "EMEA");
		change.put("managerId", lead);
		change.put("away", true);
		ApiClient.Response changed = this.api.patch("/api/v1/users/" + rep, change, a.auth());
		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		JsonNode now = this.api.get("/api/v1/users/" + rep, a.auth()).json();
		assertThat(now.get("roles").toString()).isEqualTo("[\"sdr\",\"ae\"]");
		assertThat(now.get("team").asString()).isEqualTo("EMEA");
		assertThat(now.get("managerId").asString()).isEqualTo(lead);
		assertThat(now.get("away").asBoolean()).isTrue();

		// left out: unchanged; null: cleared
		Map<String, Object> clear = new LinkedHashMap<>();
		clear.put("managerId", null);
		clear.put("team", null);
		assertThat(this.api.patch("/api/v1/users/" + rep, clear, a.auth()).status()).isEqualTo(200);
		now = this.api.get("/api/v1/users/" + rep, a.auth()).json();
		assertThat(now.get("managerId").isNull()).isTrue();
		assertThat(now.get("team").isNull()).isTrue();
		assertThat(now.get("roles").toString()).isEqualTo("[\"sdr\",\"ae\"]");
		assertThat(now.get("away").asBoolean()).isTrue();

		Map<String, String> refusals = new LinkedHashMap<>();
		refusals.put("{\"email\": \"x@example.com\"}", "email");
		refusals.put("{\"roles\": [\"superuser\"]}", "superuser");
		refusals.put("{\"roles\": \"sdr\"}", "roles");
		refusals.put("{\"managerId\": \"" + rep + "\"}", "own manager");
		refusals.put("{\"managerId\": \"" + foreign + "\"}", "managerId");
		refusals.put("{\"managerId\": \"" + UUID.randomUUID() + "\"}", "managerId");
		refusals.put("{\"managerId\": \"nobody\"}", "managerId");
		refusals.put("{\"team\": \"" + "x".repeat(101) + "\"}", "team");
		refusals.put("{\"away\": \"yes\"}", "away");
		refusals.put("[]", "object");
		for (Map.Entry<String, String> refusal : refusals.entrySet()) {
			ApiClient.Response refused = this.api.patch("/api/v1/users/" + rep, refusal.getKey(), a.auth());
			assertThat(refused.status()).as(refusal.getKey()).isEqualTo(400);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.json().get("detail").asString()).as(refusal.getKey()).contains(refusal.getValue());
		}
		assertThat(this.api.get("/api/v1/users/" + rep, a.auth()).json().get("roles").toString())
			.isEqualTo("[\"sdr\",\"ae\"]");
		// b's user is untouched by all of it
		JsonNode theirs = this.api.get("/api/v1/users/" + foreign, b.auth()).json();
		assertThat(theirs.get("roles").toString()).isEqualTo("[\"sdr\"]");
		assertThat(theirs.get("away").asBoolean()).isFalse();
	}

	@Test
	void theLastTenantAdminCannotBeDemotedOrDeactivated() {
		SignedUp a = TestTenants.signUp(this.api, "last-a");
		String admin = userId(a, a.adminEmail());
		ApiClient.Response demoted = this.api.patch("/api/v1/users/" + admin, Map.of("roles", List.of("marketing")),
				a.auth());
		assertThat(demoted.status()).isEqualTo(409);
		assertThat(demoted.contentType()).startsWith("application/problem+json");
		assertThat(demoted.json().get("detail").asString()).contains("last active tenant-admin");
		assertThat(this.api.delete("/api/v1/users/" + admin, a.auth()).status()).isEqualTo(409);

		// with a second admin, the first may step down
		addUser(a, "second@" + a.slug() + ".example.com", "second-password", List.of("tenant-admin"));
		assertThat(this.api.patch("/api/v1/users/" + admin, Map.of("roles", List.of("marketing")), a.auth()).status())
			.isEqualTo(200);
		assertThat(this.api.get("/api/v1/users", a.auth()).status()).isEqualTo(403);
	}

	@Test
	void deactivationEndsOneMembershipAndDisablesTheAccountOnlyWhenNoneIsLeft() {
		SignedUp a = TestTenants.signUp(this.api, "leave-a");
		SignedUp b = TestTenants.signUp(this.api, "leave-b");
		String email = "contractor@" + a.slug() + ".example.com";
		String id = addUser(a, email, "contractor-password", List.of("sdr"));
		addUser(b, email, "ignored-password", List.of("sdr"));
		String inB = TestTenants.login(email, "contractor-password", b.slug());
		assertThat(this.api.get("/api/v1/people", ApiClient.bearer(inB)).status()).isEqualTo(200);

		// b ends its membership; a's stays
		assertThat(this.api.delete("/api/v1/users/" + id, b.auth()).status()).isEqualTo(204);
		// the token still valid for Keycloak acts for b no more: the membership decides
		ApiClient.Response gone = this.api.get("/api/v1/people", ApiClient.bearer(inB));
		assertThat(gone.status()).isEqualTo(403);
		assertThat(gone.json().get("detail").asString()).contains("not an active member");
		assertThat(KEYCLOAK.organizationsOf(id)).containsExactly(a.slug());
		assertThat(KEYCLOAK.user(id).get("enabled").asBoolean()).isTrue();
		assertThat(this.api.get("/api/v1/users/" + id, b.auth()).json().get("status").asString())
			.isEqualTo("deactivated");
		// still at home in a
		String inA = TestTenants.login(email, "contractor-password", a.slug());
		assertThat(this.api.get("/api/v1/people", ApiClient.bearer(inA)).status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/users/" + id, a.auth()).json().get("status").asString()).isEqualTo("active");
		// repeating it is safe
		assertThat(this.api.delete("/api/v1/users/" + id, b.auth()).status()).isEqualTo(204);

		// leaving the last tenant disables the account
		assertThat(this.api.delete("/api/v1/users/" + id, a.auth()).status()).isEqualTo(204);
		assertThat(KEYCLOAK.user(id).get("enabled").asBoolean()).isFalse();
		assertThat(KEYCLOAK.organizationsOf(id)).isEmpty();
		assertThat(KEYCLOAK.tryPasswordGrant(email, "contractor-password", "openid organization").accessToken())
			.isNull();
		// a deactivated user is changed by adding it again, not by PATCH
		assertThat(this.api.patch("/api/v1/users/" + id, Map.of("away", true), a.auth()).status()).isEqualTo(409);

		// added again: the same id, enabled, with its own password still
		ApiClient.Response back = this.api.post("/api/v1/users",
				Map.of("email", email, "password", "a-new-password-ignored", "roles", List.of("ae")), a.auth());
		assertThat(back.status()).isEqualTo(201);
		assertThat(back.json().get("id").asString()).isEqualTo(id);
		String again = TestTenants.login(email, "contractor-password", a.slug());
		assertThat(this.api.get("/api/v1/people", ApiClient.bearer(again)).status()).isEqualTo(200);
		JsonNode user = this.api.get("/api/v1/users/" + id, a.auth()).json();
		assertThat(user.get("status").asString()).isEqualTo("active");
		assertThat(user.get("roles").toString()).isEqualTo("[\"ae\"]");
	}

	@Test
	void theOpenApiDocumentDescribesUserManagement() {
		JsonNode docs = this.api.get("/v3/api-docs").json();
		JsonNode user = docs.get("paths").get("/api/v1/users/{id}");
		assertThat(user.has("get")).isTrue();
		assertThat(user.has("delete")).isTrue();
		String changes = user.get("patch").get("requestBody").toString();
		assertThat(changes).contains("UserChanges");
		assertThat(docs.get("components").get("schemas").get("UserChanges").get("properties").propertyNames())
			.containsExactlyInAnyOrder("roles", "team", "managerId", "away");
		assertThat(docs.get("paths").get("/api/v1/users").has("get")).isTrue();
		// the operators' endpoints are not part of the public API
		assertThat(docs.get("paths").has("/operator/tenants")).isFalse();
	}

	private ApiClient.Response call(String method, String path, SignedUp tenant) {
		return switch (method) {
			case "GET" -> this.api.get(path, tenant.auth());
			case "PATCH" -> this.api.patch(path, Map.of("team", "Hijacked"), tenant.auth());
			default -> this.api.delete(path, tenant.auth());
		};
	}

	private String addUser(SignedUp tenant, String email, String password, List<String> roles) {
		ApiClient.Response created = this.api.post("/api/v1/users",
				Map.of("email", email, "password", password, "roles", roles), tenant.auth());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private String userId(SignedUp tenant, String email) {
		for (JsonNode user : this.api.get("/api/v1/users?limit=500", tenant.auth()).json().get("items")) {
			if (email.equals(user.get("email").asString())) {
				return user.get("id").asString();
			}
		}
		throw new AssertionError("No user " + email + " in " + tenant.slug());
	}

}
