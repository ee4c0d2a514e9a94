package io.revcycle.people;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.revcycle.ApiTest;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timelines through the API: the activities ingest stored, shown from where they are
 * stored, among the entries other features append (stage and score changes here), in one
 * order that cursor pages walk without losing or repeating an entry, also among entries
 * of one instant; an account's timeline; an erased person's activities; another tenant.
 */
class TimelineTests extends ApiTest {

	private static Map<String, Object> event(String type, String externalId, Instant at, Map<String, Object> more) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", type);
		event.put("occurredAt", at.toString());
		event.put("source", "web");
		event.put("externalId", externalId);
		event.put("person", Map.of("email", "ann@initech.com"));
		event.put("account", Map.of("domain", "initech.com", "name", "Initech"));
		event.putAll(more);
		return event;
	}

	private ApiClient.Response post(SignedUp tenant, List<Map<String, Object>> events) {
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", events), tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response;
	}

	/** Every entry, one page of the given size at a time, following the cursors. */
	private List<JsonNode> walk(SignedUp tenant, String path, int limit) {
		List<JsonNode> entries = new ArrayList<>();
		String cursor = null;
		do {
			ApiClient.Response page = this.api
				.get(path + "?limit=" + limit + ((cursor != null) ? "&cursor=" + cursor : ""), tenant.auth());
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			assertThat(page.json().get("items").size()).isLessThanOrEqualTo(limit);
			page.json().get("items").forEach(entries::add);
			JsonNode next = page.json().get("nextCursor");
			cursor = (next != null && !next.isNull()) ? next.asString() : null;
		}
		while (cursor != null);
		return entries;
	}

	@Test
	void activitiesAndOtherEntriesShareOneOrderThatPagesWalk() {
		SignedUp tenant = TestTenants.signUp(this.api, "timeline-order");
		Instant t = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
		// three activities of one instant, then a payment and a meeting later (score and
		// stage entries follow them)
		String ann = post(
				tenant, List.of(
						event("page_view", "pv-1", t,
								Map.of("properties", Map.of("url", "https://initech.com/pricing"), "campaign",
										"spring")),
						event("email_opened", "eo-1", t, Map.of()), event("email_clicked", "ec-1", t, Map.of())))
			.json()
			.get("results")
			.get(0)
			.get("personId")
			.asString();
		post(tenant, List.of(
				event("payment_succeeded", "pay-1", t.plusSeconds(60),
						Map.of("amount", Map.of("amount", "12.5", "currency", "EUR"), "properties",
								Map.of("invoice", "in_1"))),
				event("meeting_booked", "mb-1", t.plusSeconds(60), Map.of())));

		List<JsonNode> whole = walk(tenant, "/api/v1/people/" + ann + "/timeline", 500);
		List<String> kinds = whole.stream().map((e) -> e.get("kind").asString()).toList();
		assertThat(kinds).filteredOn("activity"::equals).hasSize(5);
		assertThat(kinds).contains("score", "stage");
		// newest first; among one instant, the latest written first
		for (int i = 1; i < whole.size(); i++) {
			Instant newer = Instant.parse(whole.get(i - 1).get("at").asString());
			Instant older = Instant.parse(whole.get(i).get("at").asString());
			assertThat(older).isBeforeOrEqualTo(newer);
			if (older.equals(newer)) {
				assertThat(whole.get(i).get("id").asLong()).isLessThan(whole.get(i - 1).get("id").asLong());
			}
		}
		// the three activities of the first instant, in the order they were posted
		List<String> first = whole.stream()
			.filter((e) -> e.get("kind").asString().equals("activity")
					&& Instant.parse(e.get("at").asString()).equals(t))
			.map((e) -> e.get("type").asString())
			.toList();
		assertThat(first).containsExactly("email_clicked", "email_opened", "page_view");

		// pages of one and of two walk the same entries in the same order
		for (int limit : new int[] { 1, 2 }) {
			List<JsonNode> paged = walk(tenant, "/api/v1/people/" + ann + "/timeline", limit);
			assertThat(paged.stream().map((e) -> e.get("id").asLong()).toList())
				.isEqualTo(whole.stream().map((e) -> e.get("id").asLong()).toList());
		}
		Set<Long> ids = new HashSet<>();
		whole.forEach((e) -> assertThat(ids.add(e.get("id").asLong())).as("positions are unique").isTrue());

		// what an activity's entry says
		JsonNode view = whole.stream().filter((e) -> e.get("type").asString().equals("page_view")).findFirst().get();
		assertThat(view.get("summary").asString()).isEqualTo("page view https://initech.com/pricing");
		assertThat(view.get("data").get("url").asString()).isEqualTo("https://initech.com/pricing");
		assertThat(view.get("data").get("source").asString()).isEqualTo("web");
		assertThat(view.get("data").get("externalId").asString()).isEqualTo("pv-1");
		assertThat(view.get("data").get("campaign").asString()).isEqualTo("spring");
		JsonNode paid = whole.stream()
			.filter((e) -> e.get("type").asString().equals("payment_succeeded"))
			.findFirst()
			.get();
		assertThat(paid.get("summary").asString()).isEqualTo("payment succeeded 12.50 EUR");
		assertThat(paid.get("data").get("amount").get("amount").asString()).isEqualTo("12.50");
		assertThat(paid.get("data").get("amount").get("currency").asString()).isEqualTo("EUR");
		assertThat(paid.get("data").get("invoice").asString()).isEqualTo("in_1");
		assertThat(paid.get("data").has("campaign")).isFalse();

		// the account's timeline: the same activities, paged alike
		String account = this.api.get("/api/v1/people/" + ann, tenant.auth()).json().get("accountId").asString();
		List<JsonNode> ofAccount = walk(tenant, "/api/v1/accounts/" + account + "/timeline", 500);
		assertThat(ofAccount.stream().filter((e) -> e.get("kind").asString().equals("activity")).count()).isEqualTo(5);
		assertThat(walk(tenant, "/api/v1/accounts/" + account + "/timeline", 2).stream()
			.map((e) -> e.get("id").asLong())
			.toList()).isEqualTo(ofAccount.stream().map((e) -> e.get("id").asLong()).toList());

		// another tenant with the same person and account sees nothing of these
		SignedUp other = TestTenants.signUp(this.api, "timeline-other");
		post(other, List.of(event("page_view", "pv-1", t, Map.of())));
		assertThat(this.api.get("/api/v1/people/" + ann + "/timeline", other.auth()).status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/accounts/" + account + "/timeline", other.auth()).status()).isEqualTo(404);
		String hers = this.api.get("/api/v1/people", other.auth()).json().get("items").get(0).get("id").asString();
		List<JsonNode> theirs = walk(other, "/api/v1/people/" + hers + "/timeline", 500);
		assertThat(theirs.stream().filter((e) -> e.get("kind").asString().equals("activity")).count()).isEqualTo(1);
		assertThat(theirs.stream().map((e) -> e.get("id").asLong())).doesNotContainAnyElementsOf(ids);

		// erased: the activities keep their type and time only
		assertThat(this.api.delete("/api/v1/people/" + ann + "?erase=true", tenant.auth()).status()).isEqualTo(204);
		List<JsonNode> erased = walk(tenant, "/api/v1/people/" + ann + "/timeline", 500);
		assertThat(erased).hasSameSizeAs(whole);
		for (JsonNode entry : erased) {
			assertThat(entry.get("summary").asString()).isEqualTo(entry.get("type").asString());
			assertThat(entry.get("data").isEmpty()).as(entry.toString()).isTrue();
		}
		assertThat(erased.stream().map((e) -> e.get("id").asLong()).toList())
			.isEqualTo(whole.stream().map((e) -> e.get("id").asLong()).toList());
	}

	private static Map<String, Object> of(String email, String domain, String externalId, Instant at) {
		Map<String, Object> event = event("email_opened", externalId, at, Map.of());
		event.put("person", Map.of("email", email));
		event.put("account", Map.of("domain", domain));
		return event;
	}

	/** The external ids of a timeline's activities of one instant, newest first. */
	private List<String> activitiesAt(SignedUp tenant, String path, Instant at) {
		return walk(tenant, path, 500).stream()
			.filter((e) -> e.get("kind").asString().equals("activity")
					&& Instant.parse(e.get("at").asString()).equals(at))
			.map((e) -> e.get("data").get("externalId").asString())
			.toList();
	}

	@Test
	void aBatchOfKnownAndNewPeopleKeepsTheEventsOrderAndTheAccountsResolutionGives() {
		// a batch of people known before and new ones: the timeline shows its activities
		// in the order posted, and where resolution links a known person to another
		// account, there
		SignedUp tenant = TestTenants.signUp(this.api, "timeline-known");
		Instant t = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
		String bob = post(tenant,
				List.of(of("bob@initech.com", "initech.com", "pv-0", t.minusSeconds(60)),
						of("dan@initech.com", "initech.com", "pv-1", t.minusSeconds(60))))
			.json()
			.get("results")
			.get(0)
			.get("personId")
			.asString();
		String initech = this.api.get("/api/v1/people/" + bob, tenant.auth()).json().get("accountId").asString();
		JsonNode results = post(tenant,
				List.of(of("cy@initech.com", "initech.com", "ec-1", t), of("bob@initech.com", "initech.com", "eo-1", t),
						of("dan@initech.com", "globex.com", "mb-1", t),
						of("eve@initech.com", "initech.com", "ec-2", t)))
			.json()
			.get("results");
		assertThat(results.get(1).get("personId").asString()).isEqualTo(bob);
		String dan = results.get(2).get("personId").asString();
		String globex = this.api.get("/api/v1/people/" + dan, tenant.auth()).json().get("accountId").asString();
		assertThat(globex).isNotEqualTo(initech);

		assertThat(activitiesAt(tenant, "/api/v1/accounts/" + initech + "/timeline", t)).containsExactly("ec-2", "eo-1",
				"ec-1");
		assertThat(activitiesAt(tenant, "/api/v1/accounts/" + globex + "/timeline", t)).containsExactly("mb-1");
		assertThat(activitiesAt(tenant, "/api/v1/people/" + dan + "/timeline", t)).containsExactly("mb-1");
		assertThat(activitiesAt(tenant, "/api/v1/people/" + bob + "/timeline", t)).containsExactly("eo-1");

		// posted again: all duplicates of the same people, nothing stored twice
		JsonNode again = post(tenant, List.of(of("cy@initech.com", "initech.com", "ec-1", t),
				of("bob@initech.com", "initech.com", "eo-1", t)))
			.json();
		assertThat(again.get("duplicates").asInt()).isEqualTo(2);
		assertThat(again.get("results").get(1).get("personId").asString()).isEqualTo(bob);
		assertThat(activitiesAt(tenant, "/api/v1/accounts/" + initech + "/timeline", t)).hasSize(3);

		// another tenant sees neither timeline
		SignedUp other = TestTenants.signUp(this.api, "timeline-known-other");
		assertThat(this.api.get("/api/v1/accounts/" + globex + "/timeline", other.auth()).status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/people/" + dan + "/timeline", other.auth()).status()).isEqualTo(404);
	}

}
