package io.revcycle.scoring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.revcycle.ApiTest;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.MovableClock;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the event API, a stored behaviour score is always what reading the person's
 * whole history gives ({@code GET /api/v1/people/{id}/score}), whichever way it was
 * reached: running sums carried on by new batches, batches with activities older than
 * ones already counted or dated after now (the history read instead), a retried batch, a
 * visitor's history merged in, and the decay pass, which reads no history at all.
 */
class RunningSumsIngestTests extends ApiTest {

	private static final String[] URLS = { "https://example.com/pricing", "https://example.com/blog/scoring",
			"https://example.com/docs" };

	private static final String[] TYPES = { "page_view", "page_view", "email_clicked", "form_submitted",
			"email_unsubscribed", "content_downloaded" };

	@Autowired
	private MovableClock clock;

	@Autowired
	private Decay decay;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TransactionTemplate tx;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void storedScoresEqualTheWholeHistorysAfterEveryBatch() {
		SignedUp tenant = TestTenants.signUp(this.api, "sums");
		SignedUp other = TestTenants.signUp(this.api, "sums-other");
		Instant now = Instant.parse("2026-11-02T10:00:00Z");
		this.clock.freeze(now);
		Random random = new Random(7L);
		String email = "runner@initech.com";
		String otherId = send(other, List.of(event("page_view", now, "o-1", email, Map.of("url", URLS[0])))).get(0);
		int otherScore = storedBehaviour(other, otherId);

		String id = null;
		List<List<Map<String, Object>>> sent = new ArrayList<>();
		int eventNo = 0;
		for (int batch = 0; batch < 30; batch++) {
			now = now.plus(Duration.ofMinutes(random.nextInt(600)));
			this.clock.freeze(now);
			List<Map<String, Object>> events = new ArrayList<>();
			int size = 1 + random.nextInt(6);
			for (int e = 0; e < size; e++) {
				// mostly just before now; a fifth days in the past (older than what is
				// counted), a few a day ahead (after now)
				int kind = random.nextInt(20);
				Instant at = (kind < 15) ? now.minusSeconds(random.nextInt(3_600))
						: (kind < 19) ? now.minus(Duration.ofHours(24 + random.nextInt(24 * 20)))
								: now.plus(Duration.ofHours(1 + random.nextInt(24)));
				String type = TYPES[random.nextInt(TYPES.length)];
				events
					.add(event(type, at, "e-" + (eventNo++), email, Map.of("url", URLS[random.nextInt(URLS.length)])));
			}
			if (!sent.isEmpty() && random.nextInt(6) == 0) {
				// a retry of an earlier batch stores nothing and scores no one
				int before = storedBehaviour(tenant, id);
				assertThat(send(tenant, sent.get(random.nextInt(sent.size())))).containsOnly(id);
				assertThat(storedBehaviour(tenant, id)).as("batch %d, a retry", batch).isEqualTo(before);
				continue;
			}
			sent.add(events);
			id = send(tenant, events).get(0);
			assertThat(storedBehaviour(tenant, id)).as("batch %d", batch).isEqualTo(explained(tenant, id));
		}
		assertThat(sumsKept(tenant, id)).isTrue();

		// a visitor's history merged in: the next score reads it
		this.clock.freeze(now.plus(Duration.ofHours(1)));
		Instant visit = now.minus(Duration.ofDays(2));
		send(tenant, List.of(anonymous("page_view", visit, "v-1", "visitor-1", URLS[0]),
				anonymous("page_view", visit.plusSeconds(30), "v-2", "visitor-1", URLS[0])));
		Map<String, Object> identified = event("form_submitted", now.plus(Duration.ofHours(1)), "v-3", email, Map.of());
		@SuppressWarnings("unchecked")
		Map<String, Object> who = new LinkedHashMap<>((Map<String, Object>) identified.get("person"));
		who.put("anonymousId", "visitor-1");
		identified.put("person", who);
		send(tenant, List.of(identified));
		assertThat(storedBehaviour(tenant, id)).as("after the merge").isEqualTo(explained(tenant, id));
		assertThat(sumsKept(tenant, id)).isTrue();

		// the decay pass, weeks later, from the sums alone
		this.clock.freeze(now.plus(Duration.ofDays(40)));
		TenantContext.runAs(tenant.id(), () -> assertThat(this.decay.runChunk()).isPositive());
		assertThat(storedBehaviour(tenant, id)).as("after decay").isEqualTo(explained(tenant, id));

		// the other tenant's person of the same email is its own
		assertThat(storedBehaviour(other, otherId)).isEqualTo(otherScore);
		assertThat(this.api.get("/api/v1/people/" + id + "/score", other.auth()).status()).isEqualTo(404);
	}

	@Test
	void aNewBatchBuildsOnTheStoredSumsAndAnOlderActivityReadsTheHistory() {
		SignedUp tenant = TestTenants.signUp(this.api, "sums-path");
		SignedUp other = TestTenants.signUp(this.api, "sums-path-other");
		Instant now = Instant.parse("2026-11-02T10:00:00Z");
		this.clock.freeze(now);
		String email = "path@initech.com";
		String id = send(tenant, List.of(event("form_submitted", now, "f-1", email, Map.of()))).get(0);
		String otherId = send(other, List.of(event("form_submitted", now, "f-1", email, Map.of()))).get(0);
		assertThat(storedBehaviour(tenant, id)).isEqualTo(10);
		// the stored sums are what a new batch builds on: 90 more points planted in them
		// show in the next score, and nowhere in the history
		TenantContext.runAs(tenant.id(), () -> this.tx.executeWithoutResult((status) -> this.jdbc
			.update("update persons set behaviour_sums = jsonb_set(behaviour_sums, '{rules,form-submitted,points}', "
					+ "'100') where id = ?::uuid", id)));
		this.clock.freeze(now.plusSeconds(60));
		send(tenant, List.of(event("page_view", now.plusSeconds(30), "p-1", email, Map.of("url", URLS[1]))));
		assertThat(storedBehaviour(tenant, id)).isEqualTo(101);
		assertThat(explained(tenant, id)).isEqualTo(11);
		// an activity older than one counted: the history is read, and the sums with it
		send(tenant, List.of(event("form_submitted", now.minusSeconds(30), "f-0", email, Map.of())));
		assertThat(storedBehaviour(tenant, id)).isEqualTo(21).isEqualTo(explained(tenant, id));
		// the other tenant's person, of the same email and event ids, is untouched
		assertThat(storedBehaviour(other, otherId)).isEqualTo(10);
		assertThat(this.api.get("/api/v1/people/" + otherId, tenant.auth()).status()).isEqualTo(404);
	}

	@Test
	void concurrentBatchesForOnePersonLoseNothingOfTheSums() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "sums-race");
		Instant now = Instant.parse("2026-11-02T10:00:00Z");
		this.clock.freeze(now);
		String email = "race@initech.com";
		// meetings (25 points, no cap), all at one instant: every batch is folded into
		// the
		// stored sums (none is older than what they count), so a batch whose sums were
		// overwritten by a concurrent one would be missing for good
		Instant at = now.minusSeconds(3_600);
		String id = send(tenant, List.of(event("meeting_held", at, "r-0", email, Map.of()))).get(0);
		java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(2);
		try {
			List<java.util.concurrent.Future<?>> running = new ArrayList<>();
			for (int c = 0; c < 2; c++) {
				int client = c;
				running.add(clients.submit(() -> {
					for (int b = 0; b < 12; b++) {
						send(tenant, List.of(event("meeting_held", at, "r-" + client + "-" + b, email, Map.of())));
					}
					return null;
				}));
			}
			for (java.util.concurrent.Future<?> f : running) {
				f.get();
			}
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(sumsKept(tenant, id)).isTrue();
		JsonNode explained = this.api.get("/api/v1/people/" + id + "/score", tenant.auth()).json();
		assertThat(explained.get("behaviourScore").asInt()).isEqualTo(624);
		assertThat(storedBehaviour(tenant, id)).isEqualTo(624);
	}

	private List<String> send(SignedUp tenant, List<Map<String, Object>> events) {
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", events), tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		response.json().get("results").forEach((r) -> ids.add(r.get("personId").asString()));
		return ids;
	}

	private static Map<String, Object> event(String type, Instant at, String externalId, String email,
			Map<String, Object> properties) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", type);
		event.put("occurredAt", at.toString());
		event.put("source", "web");
		event.put("externalId", externalId);
		event.put("person", Map.of("email", email));
		event.put("properties", properties);
		return event;
	}

	private static Map<String, Object> anonymous(String type, Instant at, String externalId, String visitor,
			String url) {
		Map<String, Object> event = event(type, at, externalId, "x@x.com", Map.of("url", url));
		event.put("person", Map.of("anonymousId", visitor));
		return event;
	}

	private int storedBehaviour(SignedUp tenant, String id) {
		return this.api.get("/api/v1/people/" + id, tenant.auth()).json().get("behaviourScore").asInt();
	}

	private int explained(SignedUp tenant, String id) {
		return this.api.get("/api/v1/people/" + id + "/score", tenant.auth()).json().get("behaviourScore").asInt();
	}

	private boolean sumsKept(SignedUp tenant, String id) {
		return Boolean.TRUE.equals(TenantContext.callAs(tenant.id(), () -> this.tx.execute((status) -> this.jdbc
			.queryForObject("select behaviour_sums is not null from persons where id = ?::uuid", Boolean.class, id))));
	}

}
