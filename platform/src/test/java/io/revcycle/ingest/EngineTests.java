package io.revcycle.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.ApiTest;
import io.revcycle.cycle.StageEntered;
import io.revcycle.cycle.StageEvents;
import io.revcycle.cycle.StageExited;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine through its API: ingest, identity resolution, scoring, the stage model and
 * the timeline.
 */
@SuppressWarnings("unchecked")
class EngineTests extends ApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	StageEvents stageEvents;

	static Map<String, Object> event(String type, String externalId, Map<String, Object> person) {
		return event(type, externalId, person, Instant.now().minusSeconds(5), Map.of());
	}

	static Map<String, Object> event(String type, String externalId, Map<String, Object> person, Instant at,
			Map<String, Object> properties) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", type);
		event.put("occurredAt", at.toString());
		event.put("source", "web");
		event.put("externalId", externalId);
		event.put("person", person);
		event.put("properties", properties);
		return event;
	}

	static Map<String, Object> targetCompany() {
		return Map.of("domain", "initech.com", "name", "Initech", "industry", "Software", "employees", 200, "country",
				"US");
	}

	ApiClient.Response post(SignedUp tenant, List<Map<String, Object>> events) {
		return this.api.post("/api/v1/events", Map.of("events", events), tenant.auth());
	}

	@Test
	void aBatchPostedTwiceIsStoredOnce() {
		SignedUp tenant = TestTenants.signUp(this.api, "ingest-twice");
		List<Map<String, Object>> batch = List.of(
				event("page_view", "pv-1", Map.of("email", "Ann@Example.org"), Instant.now(),
						Map.of("url", "https://example.org/")),
				event("page_view", "pv-2", Map.of("email", "ann@example.org")),
				event("email_opened", "eo-1", Map.of("email", "bob@example.org")));
		ApiClient.Response first = post(tenant, batch);
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(first.json().get("accepted").asInt()).isEqualTo(3);
		assertThat(first.json().get("duplicates").asInt()).isZero();
		String ann = first.json().get("results").get(0).get("personId").asString();
		assertThat(first.json().get("results").get(1).get("personId").asString()).isEqualTo(ann);

		ApiClient.Response again = post(tenant, batch);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().get("accepted").asInt()).isZero();
		assertThat(again.json().get("duplicates").asInt()).isEqualTo(3);
		assertThat(again.json().get("results").get(0).get("status").asString()).isEqualTo("duplicate");
		assertThat(again.json().get("results").get(0).get("personId").asString()).isEqualTo(ann);

		assertThat(activities(tenant, ann)).isEqualTo(2);
		assertThat(this.api.get("/api/v1/people", tenant.auth()).json().get("items").size()).isEqualTo(2);

		// the same keys in another tenant are that tenant's own events
		SignedUp other = TestTenants.signUp(this.api, "ingest-other");
		assertThat(post(other, batch).json().get("accepted").asInt()).isEqualTo(3);
		assertThat(this.api.get("/api/v1/people/" + ann + "/timeline", other.auth()).status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/people/" + ann + "/score", other.auth()).status()).isEqualTo(404);
		assertThat(this.api
			.post("/api/v1/people/" + ann + "/stage-actions", Map.of("action", "disqualify", "reason", "x"),
					other.auth())
			.status()).isEqualTo(404);
		String annAccount = person(tenant, ann).get("accountId").asString();
		// ann's two page views and bob's email open: both write from example.org
		long accountActivities = 0;
		for (JsonNode entry : this.api.get("/api/v1/accounts/" + annAccount + "/timeline", tenant.auth())
			.json()
			.get("items")) {
			accountActivities += entry.get("kind").asString().equals("activity") ? 1 : 0;
		}
		assertThat(accountActivities).isEqualTo(3);
		assertThat(this.api.get("/api/v1/accounts/" + annAccount + "/timeline", other.auth()).status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/accounts/" + annAccount, other.auth()).status()).isEqualTo(404);
	}

	@Test
	void aBatchWithOneInvalidEventStoresNothingAndNamesTheEvent() {
		SignedUp tenant = TestTenants.signUp(this.api, "ingest-bad");
		Map<String, Object> bad = event("page_view", "bad-1", Map.of("email", "carl@example.org"));
		bad.remove("occurredAt");
		ApiClient.Response response = post(tenant,
				List.of(event("page_view", "ok-1", Map.of("email", "dora@example.org")), bad));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains("events[1].occurredAt");

		ApiClient.Response anonymous = post(tenant, List.of(event("page_view", "ok-2", Map.of("firstName", "X"))));
		assertThat(anonymous.status()).isEqualTo(400);
		assertThat(anonymous.json().get("detail").asString()).contains("events[0].person")
			.contains("email, an anonymousId or an externalId");

		assertThat(this.api.post("/api/v1/events", Map.of("events", List.of()), tenant.auth()).status()).isEqualTo(400);
		assertThat(this.api.get("/api/v1/people", tenant.auth()).json().get("items").size()).isZero();
	}

	@Test
	void anAnonymousVisitorBecomesThePersonWhoFillsTheForm() {
		SignedUp tenant = TestTenants.signUp(this.api, "ingest-anon");
		Map<String, Object> visitor = Map.of("anonymousId", "anon-42");
		ApiClient.Response views = post(tenant, List.of(
				event("page_view", "v-1", visitor, Instant.now().minusSeconds(60), Map.of("url", "/")),
				event("page_view", "v-2", visitor, Instant.now().minusSeconds(50), Map.of("url", "/features"))));
		String anonymous = views.json().get("results").get(0).get("personId").asString();
		assertThat(this.api.get("/api/v1/people/" + anonymous, tenant.auth()).json().get("stage").asString())
			.isEqualTo("Anonymous");

		// someone already known by email, then the visitor fills a form with that email
		post(tenant, List.of(event("email_opened", "e-1", Map.of("email", "erin@initech.com"))));
		ApiClient.Response form = post(tenant, List.of(event("form_submitted", "f-1",
				Map.of("email", "erin@initech.com", "anonymousId", "anon-42", "firstName", "Erin"))));
		String erin = form.json().get("results").get(0).get("personId").asString();
		assertThat(erin).isNotEqualTo(anonymous);
		assertThat(activities(tenant, erin)).isEqualTo(4);
		assertThat(this.api.get("/api/v1/people/" + anonymous, tenant.auth()).status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/people/" + erin, tenant.auth()).json().get("firstName").asString())
			.isEqualTo("Erin");

		// a visitor who fills a form with a new email keeps its id and becomes known
		String frank = post(tenant, List.of(event("page_view", "v-3", Map.of("anonymousId", "anon-43")))).json()
			.get("results")
			.get(0)
			.get("personId")
			.asString();
		post(tenant,
				List.of(event("form_submitted", "f-2", Map.of("email", "frank@globex.com", "anonymousId", "anon-43"))));
		JsonNode known = this.api.get("/api/v1/people/" + frank, tenant.auth()).json();
		assertThat(known.get("email").asString()).isEqualTo("frank@globex.com");
		assertThat(known.get("stage").asString()).isEqualTo("Known");
		assertThat(activities(tenant, frank)).isEqualTo(2);
	}

	@Test
	void aTargetWhoShowsIntentBecomesAnMqlAndSalesActsOnIt() {
		SignedUp tenant = TestTenants.signUp(this.api, "cycle");
		Map<String, Object> grace = Map.of("email", "grace@initech.com", "title", "VP Engineering");
		Map<String, Object> pricing = event("page_view", "g-1", grace, Instant.now().minusSeconds(30),
				Map.of("url", "https://revcycle.io/pricing"));
		pricing.put("account", targetCompany());
		String id = post(tenant, List.of(pricing)).json().get("results").get(0).get("personId").asString();
		JsonNode before = person(tenant, id);
		assertThat(before.get("stage").asString()).isIn("Target", "Engaged");
		assertThat(before.get("accountId").isNull()).isFalse();

		post(tenant, List.of(event("content_downloaded", "g-2", grace)));
		JsonNode mql = person(tenant, id);
		assertThat(mql.get("stage").asString()).isEqualTo("MQL");
		assertThat(mql.get("fitScore").asInt()).isGreaterThanOrEqualTo(30);
		assertThat(mql.get("behaviourScore").asInt()).isGreaterThanOrEqualTo(30);

		JsonNode score = this.api.get("/api/v1/people/" + id + "/score", tenant.auth()).json();
		List<String> rules = new ArrayList<>();
		score.get("rules").forEach((rule) -> rules.add(rule.get("rule").asString()));
		assertThat(rules).contains("target-industry", "company-size", "decision-maker", "pricing-page",
				"content-download");

		// an accept from the wrong stage is a conflict; recycling needs a reason
		String known = post(tenant, List.of(event("email_opened", "h-1", Map.of("email", "hank@initech.com")))).json()
			.get("results")
			.get(0)
			.get("personId")
			.asString();
		ApiClient.Response wrong = action(tenant, known, "accept", null);
		assertThat(wrong.status()).isEqualTo(409);
		assertThat(wrong.contentType()).startsWith("application/problem+json");

		assertThat(action(tenant, id, "accept", null).json().get("stage").asString()).isEqualTo("SAL");
		List<Object> published = this.stageEvents.of(UUID.fromString(id));
		assertThat(published.get(published.size() - 2)).isEqualTo(new StageExited(tenant.id(), UUID.fromString(id),
				"MQL", "SAL", ((StageExited) published.get(published.size() - 2)).at(), "action:accept",
				((StageExited) published.get(published.size() - 2)).actor()));
		assertThat(published.get(published.size() - 1)).isInstanceOfSatisfying(StageEntered.class, (entered) -> {
			assertThat(entered.stage()).isEqualTo("SAL");
			assertThat(entered.from()).isEqualTo("MQL");
			assertThat(entered.tenantId()).isEqualTo(tenant.id());
		});
		assertThat(action(tenant, id, "recycle", null).status()).isEqualTo(400);
		ApiClient.Response recycled = action(tenant, id, "recycle", "No budget until Q3");
		assertThat(recycled.json().get("stage").asString()).isEqualTo("Recycled");
		JsonNode stageEntry = firstOfKind(timeline(tenant, id), "stage");
		assertThat(stageEntry.get("data").get("reason").asString()).isEqualTo("No budget until Q3");
		assertThat(stageEntry.get("data").get("from").asString()).isEqualTo("SAL");
		assertThat(action(tenant, id, "launch", null).status()).isEqualTo(400);
	}

	@Test
	void aDemoRequestFastTracksAndAPaymentMakesACustomer() {
		SignedUp tenant = TestTenants.signUp(this.api, "fasttrack");
		Map<String, Object> ivan = Map.of("email", "ivan@gmail.com");
		String id = post(tenant, List.of(event("demo_requested", "d-1", ivan))).json()
			.get("results")
			.get(0)
			.get("personId")
			.asString();
		JsonNode person = person(tenant, id);
		assertThat(person.get("stage").asString()).isEqualTo("MQL");
		assertThat(person.get("accountId").isNull()).as("a personal mailbox links no account").isTrue();

		post(tenant, List.of(event("payment_succeeded", "p-1", ivan, Instant.now().minusSeconds(1),
				Map.of("amount", "499.00", "currency", "EUR"))));
		assertThat(person(tenant, id).get("stage").asString()).isEqualTo("Customer");

		// newest first: the customer move, the payment, ..., the first activity
		List<JsonNode> entries = new ArrayList<>();
		timeline(tenant, id).get("items").forEach(entries::add);
		assertThat(entries.get(0).get("kind").asString()).isEqualTo("stage");
		assertThat(entries.get(0).get("data").get("to").asString()).isEqualTo("Customer");
		assertThat(entries.stream().map((e) -> e.get("kind").asString())).contains("activity", "stage", "score");
		assertThat(entries.get(entries.size() - 1).get("type").asString()).isEqualTo("demo_requested");
		for (int i = 1; i < entries.size(); i++) {
			assertThat(Instant.parse(entries.get(i - 1).get("at").asString()))
				.isAfterOrEqualTo(Instant.parse(entries.get(i).get("at").asString()));
		}
	}

	@Test
	void behaviourPointsHalveEveryThirtyDays() {
		SignedUp tenant = TestTenants.signUp(this.api, "decay");
		Instant now = Instant.now();
		Instant old = now.minus(Duration.ofDays(60));
		String fresh = post(tenant, List.of(
				event("page_view", "n-1", Map.of("email", "new@example.org"), now.minusSeconds(10),
						Map.of("url", "/pricing")),
				event("content_downloaded", "n-2", Map.of("email", "new@example.org"), now.minusSeconds(5), Map.of())))
			.json()
			.get("results")
			.get(0)
			.get("personId")
			.asString();
		String aged = post(tenant, List.of(
				event("page_view", "o-1", Map.of("email", "old@example.org"), old.minusSeconds(10),
						Map.of("url", "/pricing")),
				event("content_downloaded", "o-2", Map.of("email", "old@example.org"), old.minusSeconds(5), Map.of())))
			.json()
			.get("results")
			.get(0)
			.get("personId")
			.asString();
		int freshPoints = this.api.get("/api/v1/people/" + fresh + "/score", tenant.auth())
			.json()
			.get("behaviourScore")
			.asInt();
		int agedPoints = this.api.get("/api/v1/people/" + aged + "/score", tenant.auth())
			.json()
			.get("behaviourScore")
			.asInt();
		assertThat(freshPoints).isEqualTo(36);
		assertThat(agedPoints).isEqualTo(9);
	}

	@Test
	void aTenantPublishesItsOwnStageModel() {
		SignedUp tenant = TestTenants.signUp(this.api, "stagemodel");
		JsonNode model = this.api.get("/api/v1/stage-model", tenant.auth()).json();
		assertThat(model.get("version").asInt()).isEqualTo(1);
		assertThat(model.get("stages").size()).isEqualTo(16);

		// the tenant lets marketing accept MQLs too
		Map<String, Object> definition = JSON.convertValue(model, LinkedHashMap.class);
		definition.remove("version");
		List<Map<String, Object>> transitions = (List<Map<String, Object>>) definition.get("transitions");
		for (Map<String, Object> transition : transitions) {
			Map<String, Object> trigger = (Map<String, Object>) transition.get("trigger");
			if ("accept".equals(trigger.get("action"))) {
				trigger.put("roles", List.of("marketing", "sdr", "ae", "tenant-admin"));
			}
		}
		ApiClient.Response published = this.api.send("PUT", "/api/v1/stage-model", JSON.writeValueAsString(definition),
				"application/json", tenant.auth());
		assertThat(published.status()).as(published.toString()).isEqualTo(200);
		assertThat(published.json().get("version").asInt()).isEqualTo(2);

		Map<String, Object> broken = new LinkedHashMap<>(definition);
		broken.put("transitions", List.of(Map.of("from", List.of("Known"), "to", "Nowhere", "trigger",
				Map.of("kind", "event", "types", List.of("x")))));
		ApiClient.Response refused = this.api.send("PUT", "/api/v1/stage-model", JSON.writeValueAsString(broken),
				"application/json", tenant.auth());
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("detail").asString()).contains("transitions[0].to");

		SignedUp other = TestTenants.signUp(this.api, "stagemodel-other");
		assertThat(this.api.get("/api/v1/stage-model", other.auth()).json().get("version").asInt()).isEqualTo(1);
	}

	private ApiClient.Response action(SignedUp tenant, String person, String action, String reason) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("action", action);
		if (reason != null) {
			body.put("reason", reason);
		}
		return this.api.post("/api/v1/people/" + person + "/stage-actions", body, tenant.auth());
	}

	private JsonNode person(SignedUp tenant, String id) {
		ApiClient.Response response = this.api.get("/api/v1/people/" + id, tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private JsonNode timeline(SignedUp tenant, String id) {
		ApiClient.Response response = this.api.get("/api/v1/people/" + id + "/timeline?limit=500", tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private static JsonNode firstOfKind(JsonNode timeline, String kind) {
		for (JsonNode entry : timeline.get("items")) {
			if (entry.get("kind").asString().equals(kind)) {
				return entry;
			}
		}
		throw new AssertionError("no " + kind + " entry in " + timeline);
	}

	private long activities(SignedUp tenant, String person) {
		long count = 0;
		for (JsonNode entry : timeline(tenant, person).get("items")) {
			if (entry.get("kind").asString().equals("activity")) {
				count++;
			}
		}
		return count;
	}

}
