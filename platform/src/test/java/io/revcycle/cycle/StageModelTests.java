package io.revcycle.cycle;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.revcycle.ApiTest;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.MovableClock;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stage model is checked whole before it is stored, a stored one that is not usable
 * never breaks ingest, and an old fast-track event does not move a person.
 */
class StageModelTests extends ApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TransactionTemplate tx;

	@Autowired
	private MovableClock clock;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void aModelWithMissingOrNullPartsIsRefusedWholeAndNothingChanges() {
		SignedUp tenant = TestTenants.signUp(this.api, "model-checks");
		Map<String, Object> model = model(tenant);

		Map<String, Object> noTransitions = new LinkedHashMap<>(model);
		noTransitions.remove("transitions");
		assertRefused(tenant, noTransitions, "transitions");
		noTransitions.put("transitions", List.of());
		assertRefused(tenant, noTransitions, "transitions");

		Map<String, Object> holes = new LinkedHashMap<>(model);
		holes.put("transitions", List.of(Map.of("from", List.of("Known"), "to", "MQL")));
		ApiClient.Response refused = assertRefused(tenant, holes, "transitions[0].trigger.kind");
		assertThat(refused.json().get("errors").size()).isGreaterThanOrEqualTo(1);

		Map<String, Object> many = new LinkedHashMap<>(model);
		many.put("stages", List.of(Map.of("name", "Known", "group", "nowhere")));
		many.put("fastTrackWindowDays", -1);
		ApiClient.Response all = assertRefused(tenant, many, "stages[0].group");
		assertThat(all.json().get("detail").asString()).as("every problem at once")
			.contains("'Anonymous' is required")
			.contains("fastTrackWindowDays");

		assertThat(this.api.get("/api/v1/stage-model", tenant.auth()).json().get("version").asInt())
			.as("nothing was stored")
			.isEqualTo(1);
		assertThat(ingest(tenant, "demo_requested", "still@initech.com", Instant.now()).status()).isEqualTo(200);
	}

	@Test
	void aStoredModelThatIsNotUsableNeverBreaksIngest() {
		SignedUp tenant = TestTenants.signUp(this.api, "model-broken");
		SignedUp other = TestTenants.signUp(this.api, "model-broken-other");
		model(tenant);
		// a version written before a rule existed, or by hand: no transitions at all
		TenantContext.runAs(tenant.id(), () -> this.tx.executeWithoutResult((status) -> this.jdbc
			.update("insert into stage_models (tenant_id, version, definition, created_at) values (?, 2, "
					+ "'{\"stages\": [{\"name\": \"Anonymous\"}, {\"name\": \"Known\"}], \"transitions\": null}'::jsonb, now())",
					tenant.id())));
		ApiClient.Response events = ingest(tenant, "demo_requested", "fast@initech.com", Instant.now());
		assertThat(events.status()).as(events.toString()).isEqualTo(200);
		assertThat(person(tenant, "fast@initech.com").get("stage").asString())
			.as("the last usable version, the default, applies")
			.isEqualTo("MQL");
		assertThat(this.api.get("/api/v1/stage-model", tenant.auth()).json().get("transitions").size()).isPositive();
		assertThat(ingest(other, "demo_requested", "fast@initech.com", Instant.now()).status()).isEqualTo(200);
	}

	@Test
	void anOldFastTrackEventDoesNotMakeAnMql() {
		SignedUp tenant = TestTenants.signUp(this.api, "fast-track");
		SignedUp other = TestTenants.signUp(this.api, "fast-track-other");
		Instant now = Instant.parse("2026-12-01T10:00:00Z");
		this.clock.freeze(now);
		Instant fourWeeksAgo = now.minus(Duration.ofDays(28));

		assertThat(ingest(tenant, "demo_requested", "old@gmail.com", fourWeeksAgo).status()).isEqualTo(200);
		JsonNode old = person(tenant, "old@gmail.com");
		assertThat(old.get("stage").asString()).as("imported history does not fast-track").isNotEqualTo("MQL");
		assertThat(this.api.get("/api/v1/sla-timers?personId=" + old.get("id").asString(), tenant.auth())
			.json()
			.get("items")
			.size()).as("and starts no SLA timer").isZero();

		assertThat(ingest(tenant, "demo_requested", "new@gmail.com", now.minus(Duration.ofDays(6))).status())
			.isEqualTo(200);
		assertThat(person(tenant, "new@gmail.com").get("stage").asString()).as("within the 7-day window")
			.isEqualTo("MQL");

		Map<String, Object> model = model(tenant);
		assertThat(model.get("fastTrackWindowDays")).isEqualTo(7);
		model.put("fastTrackWindowDays", 60);
		ApiClient.Response published = this.api.put("/api/v1/stage-model", model, tenant.auth());
		assertThat(published.status()).as(published.toString()).isEqualTo(200);
		assertThat(ingest(tenant, "demo_requested", "older@gmail.com", fourWeeksAgo).status()).isEqualTo(200);
		assertThat(person(tenant, "older@gmail.com").get("stage").asString()).as("the tenant's own window")
			.isEqualTo("MQL");

		assertThat(ingest(other, "demo_requested", "older@gmail.com", fourWeeksAgo).status()).isEqualTo(200);
		assertThat(person(other, "older@gmail.com").get("stage").asString()).as("another tenant keeps the default")
			.isNotEqualTo("MQL");
		assertThat(this.api.get("/api/v1/stage-model", other.auth()).json().get("fastTrackWindowDays").asInt())
			.isEqualTo(7);
	}

	/**
	 * After the sale: a payment makes a customer, onboarding and adoption follow their
	 * events, an upgrade is an expansion, a canceled subscription a churn, and a churned
	 * customer who pays again is a customer again. Another tenant's person with the same
	 * email moves by its own events only.
	 */
	@Test
	void aCustomerGoesThroughOnboardingAdoptionExpansionChurnsAndComesBackByPaying() {
		SignedUp tenant = TestTenants.signUp(this.api, "post-sale");
		SignedUp other = TestTenants.signUp(this.api, "post-sale-other");
		Instant at = Instant.parse("2026-12-01T10:00:00Z");
		this.clock.freeze(at.plus(Duration.ofHours(1)));
		String email = "buyer@initech.com";
		assertThat(ingest(other, "page_view", email, at).status()).isEqualTo(200);
		String[][] path = { { "payment_succeeded", "Customer" }, { "onboarding_started", "Onboarding" },
				{ "onboarding_completed", "Adopted" }, { "subscription_upgraded", "Expansion" },
				{ "subscription_canceled", "Churned" }, { "payment_succeeded", "Customer" } };
		for (int i = 0; i < path.length; i++) {
			Instant when = at.plusSeconds(60L * i);
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("type", path[i][0]);
			event.put("occurredAt", when.toString());
			event.put("source", "billing");
			event.put("externalId", "post-sale-" + i);
			event.put("person", Map.of("email", email));
			if (path[i][0].startsWith("payment")) {
				event.put("amount", Map.of("amount", "100.00", "currency", "EUR"));
			}
			ApiClient.Response sent = this.api.post("/api/v1/events", Map.of("events", List.of(event)), tenant.auth());
			assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
			assertThat(person(tenant, email).get("stage").asString()).as("after " + path[i][0]).isEqualTo(path[i][1]);
		}
		JsonNode history = this.api
			.get("/api/v1/people/" + person(tenant, email).get("id").asString() + "/timeline?limit=50", tenant.auth())
			.json();
		assertThat(history.toString()).contains("Churned → Customer");
		assertThat(person(other, email).get("stage").asString()).as("the other tenant's person did not move")
			.isEqualTo("Known");
	}

	/**
	 * A payment its source marks as an expansion moves a customer to Expansion; the same
	 * payment from someone who was not a customer makes them a Customer, and a plain
	 * renewal leaves a customer where they are. Another tenant's person with the same
	 * email, not a customer there, only becomes one.
	 */
	@Test
	void anExpansionPaymentExpandsACustomerAndOnlyACustomer() {
		SignedUp tenant = TestTenants.signUp(this.api, "expansion");
		SignedUp other = TestTenants.signUp(this.api, "expansion-other");
		Instant at = Instant.parse("2026-12-01T10:00:00Z");
		this.clock.freeze(at.plus(Duration.ofHours(1)));
		String grower = "grower@initech.com";
		String renewer = "renewer@initech.com";
		String newcomer = "newcomer@initech.com";
		send(tenant, payment("g-1", grower, at, false));
		send(tenant, payment("r-1", renewer, at, false));
		assertThat(ingest(tenant, "page_view", newcomer, at).status()).isEqualTo(200);
		assertThat(person(tenant, grower).get("stage").asString()).isEqualTo("Customer");

		send(tenant, payment("g-2", grower, at.plusSeconds(60), true));
		send(tenant, payment("r-2", renewer, at.plusSeconds(60), false));
		send(tenant, payment("n-1", newcomer, at.plusSeconds(60), true));
		send(other, payment("g-2", grower, at.plusSeconds(60), true));

		assertThat(person(tenant, grower).get("stage").asString()).as("a customer's expansion payment")
			.isEqualTo("Expansion");
		assertThat(person(tenant, renewer).get("stage").asString()).as("a renewal").isEqualTo("Customer");
		assertThat(person(tenant, newcomer).get("stage").asString()).as("a first payment, marked or not")
			.isEqualTo("Customer");
		assertThat(person(other, grower).get("stage").asString()).as("the other tenant's first payment")
			.isEqualTo("Customer");
		JsonNode history = this.api
			.get("/api/v1/people/" + person(tenant, grower).get("id").asString() + "/timeline?limit=50", tenant.auth())
			.json();
		assertThat(history.toString()).contains("Customer → Expansion (event:expansion_payment)");
	}

	private static Map<String, Object> payment(String id, String email, Instant at, boolean expansion) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "payment_succeeded");
		event.put("occurredAt", at.toString());
		event.put("source", "billing");
		event.put("externalId", id);
		event.put("person", Map.of("email", email));
		event.put("amount", Map.of("amount", "100.00", "currency", "EUR"));
		if (expansion) {
			event.put("properties", Map.of("expansion", true, "billing_reason", "subscription_update"));
		}
		return event;
	}

	private void send(SignedUp tenant, Map<String, Object> event) {
		ApiClient.Response sent = this.api.post("/api/v1/events", Map.of("events", List.of(event)), tenant.auth());
		assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
		assertThat(sent.json().get("accepted").asInt()).isEqualTo(1);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> model(SignedUp tenant) {
		Map<String, Object> model = JSON.convertValue(this.api.get("/api/v1/stage-model", tenant.auth()).json(),
				LinkedHashMap.class);
		model.remove("version");
		return model;
	}

	private ApiClient.Response assertRefused(SignedUp tenant, Map<String, Object> model, String field) {
		ApiClient.Response response = this.api.put("/api/v1/stage-model", model, tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains(field);
		return response;
	}

	private ApiClient.Response ingest(SignedUp tenant, String type, String email, Instant at) {
		return this.api.post("/api/v1/events",
				Map.of("events",
						List.of(Map.of("type", type, "occurredAt", at.toString(), "source", "web", "externalId",
								type + "-" + email + "-" + at.toEpochMilli(), "person", Map.of("email", email)))),
				tenant.auth());
	}

	private JsonNode person(SignedUp tenant, String email) {
		JsonNode items = this.api.get("/api/v1/people?email=" + email, tenant.auth()).json().get("items");
		assertThat(items.size()).as("people with " + email).isEqualTo(1);
		return items.get(0);
	}

}
