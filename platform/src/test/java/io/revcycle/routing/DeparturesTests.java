package io.revcycle.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.revcycle.ApiTest;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routing when users leave or go away, through the user API: a deactivated user's open
 * MQLs go to someone else and it is out of routing; an away user is skipped until back.
 * Another tenant can do neither to this tenant's users.
 */
class DeparturesTests extends ApiTest {

	@Test
	void aDeactivatedUsersOpenMqlsAreReassignedAndItIsOutOfRouting() {
		SignedUp tenant = TestTenants.signUp(this.api, "leaving");
		SignedUp other = TestTenants.signUp(this.api, "leaving-other");
		String anna = user(tenant, "anna");
		String ben = user(tenant, "ben");
		String cleo = user(tenant, "cleo");
		routing(tenant, anna, ben, cleo);

		// round robin, ties to the earliest user: anna, ben, cleo, anna
		List<String> mqls = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			mqls.add(mql(tenant, "lead" + i + "@leads" + i + ".example.com"));
		}
		assertThat(mqls.stream().map((p) -> owner(tenant, p))).containsExactly(anna, ben, cleo, anna);
		// anna also owns someone who is not an MQL: that stays hers
		String known = this.api.post("/api/v1/people", Map.of("email", "known@leads.example.com"), tenant.auth())
			.json()
			.get("id")
			.asString();
		assertThat(this.api.post("/api/v1/people/" + known + "/owner", Map.of("ownerId", anna), tenant.auth()).status())
			.isEqualTo(200);

		// the other tenant can neither deactivate anna nor mark her away
		assertThat(this.api.delete("/api/v1/users/" + anna, other.auth()).status()).isEqualTo(404);
		assertThat(this.api.patch("/api/v1/users/" + anna, Map.of("away", true), other.auth()).status()).isEqualTo(404);
		assertThat(reps(tenant)).containsEntry(anna, false);

		assertThat(this.api.delete("/api/v1/users/" + anna, tenant.auth()).status()).isEqualTo(204);
		String first = owner(tenant, mqls.get(0));
		String fourth = owner(tenant, mqls.get(3));
		assertThat(List.of(first, fourth)).doesNotContain(anna).allMatch((o) -> o.equals(ben) || o.equals(cleo));
		assertThat(owner(tenant, known)).isEqualTo(anna);
		assertThat(this.api.get("/api/v1/people/" + mqls.get(0) + "/timeline", tenant.auth()).body())
			.contains("owner_reassigned")
			.contains("owner deactivated");
		assertThat(reps(tenant)).doesNotContainKey(anna).containsKeys(ben, cleo);
		// new MQLs never go to her
		for (int i = 4; i < 7; i++) {
			assertThat(owner(tenant, mql(tenant, "lead" + i + "@leads" + i + ".example.com"))).isNotEqualTo(anna);
		}
		// the other tenant's routing was never touched
		assertThat(reps(other)).isEmpty();
	}

	@Test
	void anAwayUserIsSkippedUntilBackAndWhenNobodyIsLeftMqlsAreUnowned() {
		SignedUp tenant = TestTenants.signUp(this.api, "away");
		String ben = user(tenant, "ben");
		String cleo = user(tenant, "cleo");
		routing(tenant, ben, cleo);

		assertThat(this.api.patch("/api/v1/users/" + ben, Map.of("away", true), tenant.auth()).status()).isEqualTo(200);
		assertThat(reps(tenant)).containsEntry(ben, true).containsEntry(cleo, false);
		assertThat(this.api.get("/api/v1/users/" + ben, tenant.auth()).json().get("away").asBoolean()).isTrue();
		List<String> owners = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			owners.add(owner(tenant, mql(tenant, "away" + i + "@away" + i + ".example.com")));
		}
		assertThat(owners).containsOnly(cleo);

		// cleo leaves while ben is away: nobody may take her MQLs, so they are unowned
		assertThat(this.api.delete("/api/v1/users/" + cleo, tenant.auth()).status()).isEqualTo(204);
		String orphan = this.api.get("/api/v1/people?email=away0@away0.example.com", tenant.auth())
			.json()
			.get("items")
			.get(0)
			.get("id")
			.asString();
		assertThat(this.api.get("/api/v1/people/" + orphan, tenant.auth()).json().get("ownerId").isNull()).isTrue();
		assertThat(this.api.get("/api/v1/people?owner=none", tenant.auth()).json().get("items").size())
			.isGreaterThanOrEqualTo(3);
		assertThat(this.api.get("/api/v1/people/" + orphan + "/timeline", tenant.auth()).body())
			.contains("owner_unassigned");

		// ben is back: routed to again
		assertThat(this.api.patch("/api/v1/users/" + ben, Map.of("away", false), tenant.auth()).status())
			.isEqualTo(200);
		assertThat(reps(tenant)).containsEntry(ben, false);
		assertThat(owner(tenant, mql(tenant, "back@back.example.com"))).isEqualTo(ben);
	}

	private void routing(SignedUp tenant, String... users) {
		List<Map<String, Object>> reps = new ArrayList<>();
		for (String user : users) {
			reps.add(Map.of("userId", user, "weight", 1, "away", false));
		}
		Map<String, Object> routing = new LinkedHashMap<>();
		routing.put("rules", List.of());
		routing.put("defaultTeam", "Inside");
		routing.put("reps", reps);
		ApiClient.Response saved = this.api.put("/api/v1/routing", routing, tenant.auth());
		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
	}

	private Map<String, Boolean> reps(SignedUp tenant) {
		Map<String, Boolean> reps = new LinkedHashMap<>();
		for (JsonNode rep : this.api.get("/api/v1/routing", tenant.auth()).json().get("reps")) {
			reps.put(rep.get("userId").asString(), rep.get("away").asBoolean());
		}
		return reps;
	}

	private String user(SignedUp tenant, String name) {
		ApiClient.Response response = this.api.post("/api/v1/users",
				Map.of("email", name + "@" + tenant.slug() + ".example.com", "password", "long-enough-password",
						"roles", List.of("sdr"), "team", "Inside"),
				tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().get("id").asString();
	}

	private String mql(SignedUp tenant, String email) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "demo_requested");
		event.put("occurredAt", Instant.now().minusSeconds(1).toString());
		event.put("source", "web");
		event.put("externalId", "demo-" + email);
		event.put("person", Map.of("email", email));
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", List.of(event)), tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("results").get(0).get("personId").asString();
	}

	private String owner(SignedUp tenant, String person) {
		JsonNode owner = this.api.get("/api/v1/people/" + person, tenant.auth()).json().get("ownerId");
		return (owner == null || owner.isNull()) ? null : owner.asString();
	}

}
