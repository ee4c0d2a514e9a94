package io.revcycle.scoring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored scores stay true as time passes: the decay pass rescores the people whose score
 * decay has moved, and every entry of the score ledger names its cause.
 */
class DecayTests extends ApiTest {

	@Autowired
	private MovableClock clock;

	@Autowired
	private Decay decay;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void anIdlePersonsStoredScoreDecaysAndTheLedgerSaysWhy() {
		SignedUp tenant = TestTenants.signUp(this.api, "decay");
		SignedUp other = TestTenants.signUp(this.api, "decay-other");
		Instant start = Instant.parse("2026-11-02T10:00:00Z");
		this.clock.freeze(start);
		String id = visit(tenant, "idle@initech.com", "pv-1");
		String otherId = visit(other, "idle@initech.com", "pv-1");
		assertThat(person(tenant, id).get("behaviourScore").asInt()).isEqualTo(10);

		TenantContext.runAs(tenant.id(), () -> assertThat(this.decay.runChunk()).as("nothing is stale yet").isZero());
		// one half-life (30 days) later, the stored score is half
		this.clock.freeze(start.plus(Duration.ofDays(30)));
		TenantContext.runAs(tenant.id(), () -> assertThat(this.decay.runChunk()).isEqualTo(1));
		assertThat(person(tenant, id).get("behaviourScore").asInt()).isEqualTo(5);
		TenantContext.runAs(tenant.id(), () -> assertThat(this.decay.runChunk()).as("each once").isZero());
		assertThat(person(other, otherId).get("behaviourScore").asInt()).as("another tenant's is its own")
			.isEqualTo(10);

		List<JsonNode> ledger = new ArrayList<>();
		this.api.get("/api/v1/people/" + id + "/timeline?limit=500", tenant.auth())
			.json()
			.get("items")
			.forEach((entry) -> {
				if (entry.get("kind").asString().equals("score")) {
					ledger.add(entry);
				}
			});
		assertThat(ledger).hasSize(2);
		assertThat(ledger.get(0).get("data").get("cause").asString()).isEqualTo("decay");
		assertThat(ledger.get(0).get("data").get("behaviourChange").asInt()).isEqualTo(-5);
		JsonNode activity = ledger.get(1).get("data");
		assertThat(activity.get("cause").asString()).isEqualTo("activity");
		assertThat(activity.get("activities").get(0).get("externalId").asString()).isEqualTo("pv-1");
		assertThat(activity.get("activities").get(0).get("type").asString()).isEqualTo("form_submitted");
	}

	@Test
	void aScoreIsStoredAgainWhenDecayMovesItATenthOrAcrossAThreshold() {
		ScoringDefinition model = ScoringDefinition.defaults();
		Instant at = Instant.parse("2026-11-02T10:00:00Z");
		assertThat(Decay.staleAt(0, model, at)).as("zero does not decay").isNull();
		// 100 -> 90.5 takes log2(100 / 90.5) half-lives of 30 days: about 4.3 days
		assertThat(Duration.between(at, Decay.staleAt(100, model, at)).toHours()).isBetween(100L, 105L);
		// 31 -> 29.5 crosses the MQL threshold (30) sooner than it loses a tenth
		assertThat(Decay.staleAt(31, model, at)).isBefore(at.plus(Duration.ofDays(3)));
		assertThat(Decay.staleAt(-20, model, at)).as("penalties decay too").isAfter(at);
	}

	@Test
	void aTenantsRegularExpressionCannotTakeACpu() {
		Pattern catastrophic = Pattern.compile("(a+)+$");
		String text = "a".repeat(60) + "!";
		assertThat(Scorer.matchesBounded(catastrophic, text)).as("given up, not run for years").isFalse();
		assertThat(Scorer.matchesBounded(Pattern.compile("(?i).*\\bvp\\b.*"), "VP Engineering")).isTrue();
	}

	private String visit(SignedUp tenant, String email, String id) {
		ApiClient.Response response = this.api.post(
				"/api/v1/events", Map
					.of("events",
							List.of(Map.of("type", "form_submitted", "occurredAt", this.clock.instant().toString(),
									"source", "web", "externalId", id, "person", Map.of("email", email)))),
				tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("results").get(0).get("personId").asString();
	}

	private JsonNode person(SignedUp tenant, String id) {
		return this.api.get("/api/v1/people/" + id, tenant.auth()).json();
	}

}
