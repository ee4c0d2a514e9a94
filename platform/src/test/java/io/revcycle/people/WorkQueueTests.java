package io.revcycle.people;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * An SDR's work queue: new MQLs are routed and the rep is told; the rep lists their own
 * queue by SLA due time; MQLs nobody could take wait unassigned while the team's manager
 * and the admins are told; timers and notifications are listed, filtered and paged; and
 * another tenant sees none of it.
 */
class WorkQueueTests extends ApiTest {

	private static final String PASSWORD = "long-enough-password";

	@Autowired
	private MovableClock clock;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void anSdrWorksTheirQueueAndUnassignedMqlsReachTheManager() {
		SignedUp tenant = TestTenants.signUp(this.api, "queue");
		SignedUp other = TestTenants.signUp(this.api, "queue-other");
		String mona = user(tenant, "mona", "east", null);
		String sam = user(tenant, "sam", "east", mona);
		String sue = user(tenant, "sue", "east", mona);
		routing(tenant, sam, false, sue, false, null);

		this.clock.freeze(Instant.parse("2026-12-01T10:00:00Z"));
		String first = mql(tenant, "first@initech.com");
		this.clock.freeze(Instant.parse("2026-12-01T10:30:00Z"));
		String second = mql(tenant, "second@initech.com");
		this.clock.freeze(Instant.parse("2026-12-01T11:00:00Z"));
		String third = mql(tenant, "third@initech.com");

		List<String> samsOwn = ids(get(token(tenant, "sam"), "/api/v1/people?owner=me&stage=MQL&sort=slaDue"));
		List<String> suesOwn = ids(get(token(tenant, "sue"), "/api/v1/people?owner=me&stage=MQL&sort=slaDue"));
		assertThat(samsOwn.size() + suesOwn.size()).isEqualTo(3);
		assertThat(samsOwn).as("round robin").containsAnyOf(first, second, third).hasSizeBetween(1, 2);
		List<String> queue = ids(get(tenant.auth(), "/api/v1/people?stage=MQL&sort=slaDue"));
		assertThat(queue).as("due soonest first").containsExactly(first, second, third);
		JsonNode firstInQueue = get(tenant.auth(), "/api/v1/people?stage=MQL&sort=slaDue&limit=1");
		assertThat(firstInQueue.get("items").get(0).get("slaDueAt").asString()).isEqualTo("2026-12-01T14:00:00Z");
		JsonNode secondPage = get(tenant.auth(),
				"/api/v1/people?stage=MQL&sort=slaDue&limit=1&cursor=" + firstInQueue.get("nextCursor").asString());
		assertThat(ids(secondPage)).containsExactly(second);
		assertThat(ids(get(tenant.auth(), "/api/v1/people?owner=" + sam))).containsExactlyInAnyOrderElementsOf(samsOwn);
		assertThat(ids(get(tenant.auth(), "/api/v1/people?updatedSince=2026-12-01T10:45:00Z&sort=updatedAt")))
			.containsExactly(third);

		List<String> samsNotices = titles(token(tenant, "sam"), "/api/v1/notifications");
		assertThat(samsNotices).as("a new assignment tells the rep")
			.anySatisfy((title) -> assertThat(title).startsWith("New MQL assigned to you"));

		// everyone is away: the next MQL waits unassigned, and the manager and admins are
		// told
		routing(tenant, sam, true, sue, true, null);
		String waiting = mql(tenant, "waiting@initech.com");
		assertThat(ids(get(tenant.auth(), "/api/v1/people?owner=none&stage=MQL"))).containsExactly(waiting);
		assertThat(titles(token(tenant, "mona"), "/api/v1/notifications?unread=true"))
			.anySatisfy((title) -> assertThat(title).contains("No rep could take a new MQL"));
		assertThat(titles(tenant.auth(), "/api/v1/notifications"))
			.anySatisfy((title) -> assertThat(title).contains("waiting@initech.com"));

		// a tenant-wide window: a rep holding an MQL due within it is skipped
		routing(tenant, sam, false, sue, false, 7 * 24 * 60);
		String skipped = mql(tenant, "skipped@initech.com");
		assertThat(get(tenant.auth(), "/api/v1/people/" + skipped).get("ownerId").isNull())
			.as("both reps hold MQLs due within a week: nobody takes it")
			.isTrue();
		routing(tenant, sam, false, sue, false, 0);
		String taken = mql(tenant, "taken@initech.com");
		assertThat(get(tenant.auth(), "/api/v1/people/" + taken).get("ownerId").asString()).isIn(sam, sue);

		// timers by owner and state, paged
		JsonNode samsTimers = get(tenant.auth(), "/api/v1/sla-timers?ownerId=" + sam + "&state=open&stage=MQL");
		assertThat(samsTimers.get("items").size()).isGreaterThanOrEqualTo(1);
		samsTimers.get("items").forEach((timer) -> assertThat(timer.get("ownerId").asString()).isEqualTo(sam));
		JsonNode onePage = get(tenant.auth(), "/api/v1/sla-timers?state=open&limit=2");
		assertThat(onePage.get("items").size()).isEqualTo(2);
		JsonNode nextPage = get(tenant.auth(),
				"/api/v1/sla-timers?state=open&limit=2&cursor=" + onePage.get("nextCursor").asString());
		assertThat(ids(nextPage)).doesNotContainAnyElementsOf(ids(onePage));
		assertThat(this.api.get("/api/v1/sla-timers?state=someday", tenant.auth()).status()).isEqualTo(400);

		// the inbox pages, its data is an object, and reading it all clears the count
		String[] monaToken = token(tenant, "mona");
		JsonNode inbox = get(monaToken, "/api/v1/notifications?limit=1");
		assertThat(inbox.get("items").get(0).get("data").isObject()).isTrue();
		assertThat(get(monaToken, "/api/v1/notifications/unread-count").get("unread").asInt()).isPositive();
		assertThat(this.api.post("/api/v1/notifications/read-all", Map.of(), monaToken).status()).isEqualTo(200);
		assertThat(get(monaToken, "/api/v1/notifications/unread-count").get("unread").asInt()).isZero();

		// another tenant sees none of it
		assertThat(ids(get(other.auth(), "/api/v1/people?owner=" + sam))).isEmpty();
		assertThat(ids(get(other.auth(), "/api/v1/people?owner=none&stage=MQL"))).isEmpty();
		assertThat(ids(get(other.auth(), "/api/v1/sla-timers?ownerId=" + sam))).isEmpty();
		assertThat(ids(get(other.auth(), "/api/v1/sla-timers?personId=" + first))).isEmpty();
		assertThat(ids(get(other.auth(), "/api/v1/sla-breaches?personId=" + first))).isEmpty();
		assertThat(titles(other.auth(), "/api/v1/notifications")).isEmpty();
		assertThat(this.api.get("/api/v1/people/" + first, other.auth()).status()).isEqualTo(404);
	}

	@Test
	void ownerMeNeedsASignedInUserAndAnSlaPolicyNeedsAStageOfTheModel() {
		SignedUp tenant = TestTenants.signUp(this.api, "queue-checks");
		String key = this.api.post("/api/v1/api-keys", Map.of("name", "script"), tenant.auth())
			.json()
			.get("key")
			.asString();
		ApiClient.Response me = this.api.get("/api/v1/people?owner=me", ApiClient.apiKey(key));
		assertThat(me.status()).isEqualTo(400);
		assertThat(me.json().get("detail").asString()).contains("owner").contains("signed-in user");
		assertThat(this.api.get("/api/v1/people?owner=someone", tenant.auth()).status()).isEqualTo(400);
		assertThat(this.api.get("/api/v1/people?sort=name", tenant.auth()).status()).isEqualTo(400);

		JsonNode current = get(tenant.auth(), "/api/v1/sla-policies");
		Map<String, Object> update = new LinkedHashMap<>();
		update.put("policies", List.of(Map.of("stage", "Nowhere", "minutes", 60, "businessTime", false, "ladder",
				List.of(Map.of("afterMinutes", 0, "action", "notify_owner")))));
		update.put("calendar", current.get("calendar"));
		ApiClient.Response refused = this.api.put("/api/v1/sla-policies", update, tenant.auth());
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("detail").asString()).contains("policies[0].stage").contains("Nowhere");
	}

	private void routing(SignedUp tenant, String first, boolean firstAway, String second, boolean secondAway,
			Integer aboutToBreachMinutes) {
		Map<String, Object> routing = new LinkedHashMap<>();
		routing.put("rules", List.of());
		routing.put("defaultTeam", "east");
		routing.put("reps", List.of(Map.of("userId", first, "weight", 1, "away", firstAway),
				Map.of("userId", second, "weight", 1, "away", secondAway)));
		routing.put("aboutToBreachMinutes", aboutToBreachMinutes);
		ApiClient.Response saved = this.api.put("/api/v1/routing", routing, tenant.auth());
		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
		if (aboutToBreachMinutes != null) {
			assertThat(saved.json().get("aboutToBreachMinutes").asInt()).isEqualTo(aboutToBreachMinutes);
		}
	}

	private String mql(SignedUp tenant, String email) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "demo_requested");
		event.put("occurredAt", this.clock.instant().toString());
		event.put("source", "web");
		event.put("externalId", "demo-" + email);
		event.put("person", Map.of("email", email));
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", List.of(event)), tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("results").get(0).get("personId").asString();
	}

	private String user(SignedUp tenant, String name, String team, String manager) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("email", name + "@" + tenant.slug() + ".example.com");
		body.put("password", PASSWORD);
		body.put("roles", List.of("sdr"));
		body.put("team", team);
		if (manager != null) {
			body.put("managerId", manager);
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

	private List<String> ids(JsonNode page) {
		List<String> ids = new ArrayList<>();
		page.get("items").forEach((item) -> ids.add(item.get("id").asString()));
		return ids;
	}

	private List<String> titles(String[] auth, String path) {
		List<String> titles = new ArrayList<>();
		get(auth, path).get("items").forEach((item) -> titles.add(item.get("title").asString()));
		return titles;
	}

}
