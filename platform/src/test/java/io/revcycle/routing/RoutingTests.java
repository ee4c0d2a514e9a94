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
 * Routing of new MQLs, deterministically: account owner, territory, weighted round robin
 * with capacity and away.
 */
class RoutingTests extends ApiTest {

	@Test
	void accountOwnerThenTerritoryThenWeightedRoundRobin() {
		SignedUp tenant = TestTenants.signUp(this.api, "routing");
		String a1 = user(tenant, "anna", "EMEA");
		String a2 = user(tenant, "ben", "EMEA");
		String away = user(tenant, "cleo", "EMEA");
		String us = user(tenant, "dan", "US");
		String keeper = user(tenant, "kim", "Strategic");
		Map<String, Object> routing = new LinkedHashMap<>();
		routing.put("rules",
				List.of(Map.of("countries", List.of("DE", "FR"), "industries", List.of(), "team", "EMEA")));
		routing.put("defaultTeam", "US");
		routing.put("reps", List.of(Map.of("userId", a1, "weight", 2, "away", false),
				Map.of("userId", a2, "weight", 1, "capacity", 2, "away", false),
				Map.of("userId", away, "weight", 5, "away", true), Map.of("userId", us, "weight", 1, "away", false)));
		ApiClient.Response saved = this.api.put("/api/v1/routing", routing, tenant.auth());
		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);

		// the account's owner wins over every rule
		String first = mql(tenant, "x@keeper.de", "keeper.de", "DE");
		String account = person(tenant, first).get("accountId").asString();
		assertThat(person(tenant, first).get("ownerId").asString()).as("no account owner yet: territory").isEqualTo(a1);
		assertThat(this.api.post("/api/v1/accounts/" + account + "/owner", Map.of("ownerId", keeper), tenant.auth())
			.status()).isEqualTo(200);
		String second = mql(tenant, "y@keeper.de", "keeper.de", "DE");
		assertThat(person(tenant, second).get("ownerId").asString()).isEqualTo(keeper);

		// territory EMEA, weights 2:1 (anna has one already), ben's capacity 2, cleo away
		List<String> owners = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			owners
				.add(person(tenant, mql(tenant, "p" + i + "@gmbh" + i + ".de", "gmbh" + i + ".de", "DE")).get("ownerId")
					.asString());
		}
		assertThat(owners).containsExactly(a2, a1, a1, a2, a1, a1);

		// no rule matches: the default team
		assertThat(person(tenant, mql(tenant, "z@corp.com", "corp.com", "US")).get("ownerId").asString()).isEqualTo(us);

		JsonNode timeline = this.api.get("/api/v1/people/" + second + "/timeline", tenant.auth()).json();
		assertThat(timeline.toString()).contains("owner_assigned").contains("account owner");

		SignedUp other = TestTenants.signUp(this.api, "routing-other");
		assertThat(this.api.get("/api/v1/routing", other.auth()).json().get("reps").size()).isZero();
		assertThat(this.api.post("/api/v1/accounts/" + account + "/owner", Map.of("ownerId", keeper), other.auth())
			.status()).isEqualTo(404);
		assertThat(
				this.api.post("/api/v1/people/" + second + "/owner", Map.of("ownerId", keeper), other.auth()).status())
			.isEqualTo(404);
		Map<String, Object> foreign = new LinkedHashMap<>(routing);
		foreign.put("reps", List.of(Map.of("userId", a1, "weight", 1, "away", false)));
		ApiClient.Response refused = this.api.put("/api/v1/routing", foreign, other.auth());
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("detail").asString()).contains("reps[0].userId");
	}

	@Test
	void aRepsCapacityHoldsWithinOneBatch() {
		SignedUp tenant = TestTenants.signUp(this.api, "routing-batch");
		String ben = user(tenant, "ben", "EMEA");
		String anna = user(tenant, "anna", "EMEA");
		Map<String, Object> routing = new LinkedHashMap<>();
		routing.put("rules", List.of(Map.of("countries", List.of("DE"), "industries", List.of(), "team", "EMEA")));
		routing.put("defaultTeam", "EMEA");
		routing.put("reps", List.of(Map.of("userId", ben, "weight", 5, "capacity", 1, "away", false),
				Map.of("userId", anna, "weight", 1, "away", false)));
		assertThat(this.api.put("/api/v1/routing", routing, tenant.auth()).status()).isEqualTo(200);
		// three new MQLs in one batch: ben (weight 5) would take the first and the third,
		// but his capacity is one open MQL, and the first is counted though the batch
		// writes its people only when it is done with them
		List<Map<String, Object>> events = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			events.add(Map.of("type", "demo_requested", "occurredAt", Instant.now().minusSeconds(1).toString(),
					"source", "web", "externalId", "batch-demo-" + i, "person",
					Map.of("email", "b" + i + "@gmbh" + i + ".de"), "account",
					Map.of("domain", "gmbh" + i + ".de", "country", "DE")));
		}
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", events), tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<String> owners = new ArrayList<>();
		response.json()
			.get("results")
			.forEach((r) -> owners.add(person(tenant, r.get("personId").asString()).get("ownerId").asString()));
		assertThat(owners).containsExactlyInAnyOrder(ben, anna, anna);
		SignedUp other = TestTenants.signUp(this.api, "routing-batch-other");
		assertThat(this.api
			.get("/api/v1/people/" + response.json().get("results").get(0).get("personId").asString(), other.auth())
			.status()).isEqualTo(404);
	}

	private String mql(SignedUp tenant, String email, String domain, String country) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "demo_requested");
		event.put("occurredAt", Instant.now().minusSeconds(1).toString());
		event.put("source", "web");
		event.put("externalId", "demo-" + email);
		event.put("person", Map.of("email", email));
		event.put("account", Map.of("domain", domain, "country", country));
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", List.of(event)), tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("results").get(0).get("personId").asString();
	}

	private JsonNode person(SignedUp tenant, String id) {
		return this.api.get("/api/v1/people/" + id, tenant.auth()).json();
	}

	private String user(SignedUp tenant, String name, String team) {
		ApiClient.Response response = this.api.post("/api/v1/users",
				Map.of("email", name + "@" + tenant.slug() + ".example.com", "password", "long-enough-password",
						"roles", List.of("sdr"), "team", team),
				tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().get("id").asString();
	}

}
