package io.revcycle.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import io.revcycle.ApiTest;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.MovableClock;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unassigned queue of a rep's team ({@code GET /api/v1/routing/unassigned}) and
 * taking a lead from it ({@code POST /api/v1/people/{id}/owner}): by the routing's own
 * territory rules, oldest first, paged; one winner when two reps take at once; another
 * tenant sees and takes nothing.
 */
class UnassignedQueueTests extends ApiTest {

	private static final String PASSWORD = "long-enough-password";

	@Autowired
	private MovableClock clock;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void repsSeeTheirTeamsUnassignedMqlsOldestFirstAndTakeThem() {
		SignedUp tenant = TestTenants.signUp(this.api, "unassigned");
		SignedUp other = TestTenants.signUp(this.api, "unassigned-other");
		String sam = user(tenant, "sam", "EMEA");
		String sue = user(tenant, "sue", "EMEA");
		String ula = user(tenant, "ula", "US");
		// everyone away: new MQLs wait unassigned
		Map<String, Object> routing = new LinkedHashMap<>();
		routing.put("rules", List.of(Map.of("countries", List.of("DE"), "industries", List.of(), "team", "EMEA")));
		routing.put("defaultTeam", "US");
		routing.put("reps", List.of(Map.of("userId", sam, "weight", 1, "away", true),
				Map.of("userId", sue, "weight", 1, "away", true), Map.of("userId", ula, "weight", 1, "away", true)));
		assertThat(this.api.put("/api/v1/routing", routing, tenant.auth()).status()).isEqualTo(200);

		this.clock.freeze(Instant.parse("2026-12-02T09:00:00Z"));
		String de1 = mql(tenant, "one@muenchen.de", "muenchen.de", "DE");
		this.clock.freeze(Instant.parse("2026-12-02T09:10:00Z"));
		String us1 = mql(tenant, "one@austin.com", "austin.com", "US");
		this.clock.freeze(Instant.parse("2026-12-02T09:20:00Z"));
		String de2 = mql(tenant, "two@berlin.de", "berlin.de", "DE");
		this.clock.freeze(Instant.parse("2026-12-02T09:30:00Z"));
		String de3 = mql(tenant, "three@hamburg.de", "hamburg.de", "DE");

		String[] samAuth = token(tenant, "sam");
		String[] sueAuth = token(tenant, "sue");
		String[] ulaAuth = token(tenant, "ula");
		assertThat(ids(get(samAuth, "/api/v1/routing/unassigned"))).as("EMEA's, oldest first")
			.containsExactly(de1, de2, de3);
		assertThat(ids(get(ulaAuth, "/api/v1/routing/unassigned"))).as("US is the default team").containsExactly(us1);
		JsonNode all = get(tenant.auth(), "/api/v1/routing/unassigned");
		assertThat(ids(all)).as("an admin sees every team's").containsExactly(de1, us1, de2, de3);
		assertThat(all.get("items").get(0).get("team").asString()).isEqualTo("EMEA");
		assertThat(all.get("items").get(1).get("team").asString()).isEqualTo("US");
		assertThat(all.get("items").get(0).get("waitingSince").asString()).isEqualTo("2026-12-02T09:00:00Z");
		assertThat(ids(get(tenant.auth(), "/api/v1/routing/unassigned?team=us"))).containsExactly(us1);
		ApiClient.Response foreignTeam = this.api.get("/api/v1/routing/unassigned?team=US", samAuth);
		assertThat(foreignTeam.status()).isEqualTo(403);
		assertThat(foreignTeam.json().get("detail").asString()).contains("tenant-admin").contains("EMEA");

		// paged
		JsonNode first = get(samAuth, "/api/v1/routing/unassigned?limit=2");
		assertThat(ids(first)).containsExactly(de1, de2);
		JsonNode second = get(samAuth,
				"/api/v1/routing/unassigned?limit=2&cursor=" + first.get("nextCursor").asString());
		assertThat(ids(second)).containsExactly(de3);
		assertThat(second.get("nextCursor").isNull()).isTrue();

		// sam takes the oldest: it is his, with its SLA timer, and on the timeline
		ApiClient.Response taken = this.api.post("/api/v1/people/" + de1 + "/owner", Map.of("ownerId", "me"), samAuth);
		assertThat(taken.status()).as(taken.toString()).isEqualTo(200);
		assertThat(taken.json().get("ownerId").asString()).isEqualTo(sam);
		assertThat(get(samAuth, "/api/v1/people/" + de1).get("ownerId").asString()).isEqualTo(sam);
		JsonNode timers = get(tenant.auth(), "/api/v1/sla-timers?personId=" + de1 + "&state=open");
		assertThat(timers.get("items").size()).isEqualTo(1);
		assertThat(timers.get("items").get(0).get("ownerId").asString()).as("the SLA timer follows").isEqualTo(sam);
		assertThat(get(samAuth, "/api/v1/people/" + de1 + "/timeline").toString()).contains("owner_assigned")
			.contains("Taken from the unassigned queue");
		assertThat(ids(get(samAuth, "/api/v1/people?owner=me&stage=MQL"))).containsExactly(de1);
		assertThat(ids(get(samAuth, "/api/v1/routing/unassigned"))).containsExactly(de2, de3);
		// someone else's: 409 with what to do; taking it again is harmless
		ApiClient.Response late = this.api.post("/api/v1/people/" + de1 + "/owner", Map.of("ownerId", "me"), sueAuth);
		assertThat(late.status()).isEqualTo(409);
		assertThat(late.contentType()).startsWith("application/problem+json");
		assertThat(late.json().get("detail").asString()).contains("owns this person already")
			.contains("/api/v1/routing/unassigned");
		assertThat(this.api.post("/api/v1/people/" + de1 + "/owner", Map.of("ownerId", sam), samAuth).status())
			.isEqualTo(200);
		// a rep takes only for themselves; an admin assigns anyone
		ApiClient.Response forSomeoneElse = this.api.post("/api/v1/people/" + de2 + "/owner", Map.of("ownerId", sue),
				samAuth);
		assertThat(forSomeoneElse.status()).isEqualTo(403);
		assertThat(forSomeoneElse.json().get("detail").asString()).contains("\"me\"");
		assertThat(this.api.post("/api/v1/people/" + de2 + "/owner", Map.of("ownerId", "nobody"), samAuth).status())
			.isEqualTo(400);
		ApiClient.Response assigned = this.api.post("/api/v1/people/" + us1 + "/owner", Map.of("ownerId", ula),
				tenant.auth());
		assertThat(assigned.status()).isEqualTo(200);
		assertThat(assigned.json().get("ownerId").asString()).isEqualTo(ula);

		// another tenant: nothing to see, nothing to take
		assertThat(ids(get(other.auth(), "/api/v1/routing/unassigned"))).isEmpty();
		assertThat(this.api.post("/api/v1/people/" + de2 + "/owner", Map.of("ownerId", "me"), other.auth()).status())
			.isEqualTo(404);
		assertThat(get(tenant.auth(), "/api/v1/people/" + de2).get("ownerId").isNull()).isTrue();
	}

	@Test
	void twoRepsTakingTheSameLeadAtOnceMakeOneOwner() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "take-race");
		String sam = user(tenant, "sam", null);
		String sue = user(tenant, "sue", null);
		Map<String, Object> routing = new LinkedHashMap<>();
		routing.put("rules", List.of());
		routing.put("reps", List.of(Map.of("userId", sam, "weight", 1, "away", true),
				Map.of("userId", sue, "weight", 1, "away", true)));
		assertThat(this.api.put("/api/v1/routing", routing, tenant.auth()).status()).isEqualTo(200);
		String[] samAuth = token(tenant, "sam");
		String[] sueAuth = token(tenant, "sue");
		for (int round = 0; round < 3; round++) {
			String lead = mql(tenant, "race" + round + "@example.de", "example" + round + ".de", "DE");
			CountDownLatch start = new CountDownLatch(1);
			CompletableFuture<ApiClient.Response> bySam = CompletableFuture
				.supplyAsync(() -> take(start, lead, samAuth));
			CompletableFuture<ApiClient.Response> bySue = CompletableFuture
				.supplyAsync(() -> take(start, lead, sueAuth));
			start.countDown();
			List<Integer> statuses = new ArrayList<>(List.of(bySam.get().status(), bySue.get().status()));
			assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(200, 409);
			String winner = (bySam.get().status() == 200) ? sam : sue;
			assertThat(get(tenant.auth(), "/api/v1/people/" + lead).get("ownerId").asString()).isEqualTo(winner);
			JsonNode timeline = get(tenant.auth(), "/api/v1/people/" + lead + "/timeline");
			long assignments = 0;
			for (JsonNode entry : timeline.get("items")) {
				if ("owner_assigned".equals(entry.get("type").asString())) {
					assignments++;
				}
			}
			assertThat(assignments).as("one assignment on the timeline").isEqualTo(1);
		}
	}

	private ApiClient.Response take(CountDownLatch start, String lead, String[] auth) {
		try {
			start.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return this.api.post("/api/v1/people/" + lead + "/owner", Map.of("ownerId", "me"), auth);
	}

	private String mql(SignedUp tenant, String email, String domain, String country) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "demo_requested");
		event.put("occurredAt", this.clock.instant().toString());
		event.put("source", "web");
		event.put("externalId", "demo-" + email);
		event.put("person", Map.of("email", email));
		event.put("account", Map.of("domain", domain, "country", country));
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", List.of(event)), tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("results").get(0).get("personId").asString();
	}

	private String user(SignedUp tenant, String name, String team) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("email", name + "@" + tenant.slug() + ".example.com");
		body.put("password", PASSWORD);
		body.put("roles", List.of("sdr"));
		if (team != null) {
			body.put("team", team);
		}
		ApiClient.Response response = this.api.post("/api/v1/users", body, tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().get("id").asString();
	}

	private static String[] token(SignedUp tenant, String name) {
		return ApiClient
			.bearer(TestServices.keycloak().passwordGrant(name + "@" + tenant.slug() + ".example.com", PASSWORD));
	}

	private JsonNode get(String[] auth, String path) {
		ApiClient.Response response = this.api.get(path, auth);
		assertThat(response.status()).as(path + " " + response).isEqualTo(200);
		return response.json();
	}

	private static List<String> ids(JsonNode page) {
		List<String> ids = new ArrayList<>();
		page.get("items").forEach((item) -> ids.add(item.get("id").asString()));
		return ids;
	}

}
