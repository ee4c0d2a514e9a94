package io.revcycle.scoring;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.revcycle.ApiTest;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scoring models both sides sign: the lifecycle, background rescoring, and the back-test
 * on a history small enough to check by hand.
 */
class ScoringModelTests extends ApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aModelBecomesActiveOnlyWithMarketingAndSalesApprovals() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "models");
		String[] marketing = user(tenant, "mia", "marketing");
		String[] sdr = user(tenant, "sam", "sdr");
		String[] both = user(tenant, "bo", "marketing", "sdr");
		// someone with a little behaviour: Known under the default model
		String kim = ingest(tenant, "page_view", "k-1", "kim@initech.com", Map.of("url", "/blog"),
				Map.of("domain", "initech.com", "industry", "Software", "employees", 200));
		assertThat(person(tenant, kim).get("stage").asString()).isIn("Known", "Target");

		JsonNode draft = create(tenant, tenant.auth(), 1);
		String id = draft.get("id").asString();
		assertThat(draft.get("status").asString()).isEqualTo("DRAFT");
		assertThat(draft.get("version").asInt()).isEqualTo(2);
		assertThat(this.api.post("/api/v1/scoring-models/" + id + "/approvals", Map.of(), marketing).status())
			.as("a draft cannot be approved")
			.isEqualTo(409);
		assertThat(this.api.post("/api/v1/scoring-models/" + id + "/propose", Map.of(), sdr).status())
			.as("sales does not propose")
			.isEqualTo(403);
		assertThat(this.api.post("/api/v1/scoring-models/" + id + "/propose", Map.of(), marketing)
			.json()
			.get("status")
			.asString()).isEqualTo("PROPOSED");

		JsonNode afterMarketing = this.api.post("/api/v1/scoring-models/" + id + "/approvals", Map.of(), marketing)
			.json();
		assertThat(afterMarketing.get("status").asString()).isEqualTo("PROPOSED");
		assertThat(activeVersion(tenant)).isEqualTo(1);
		assertThat(this.api.post("/api/v1/scoring-models/" + id + "/approvals", Map.of(), marketing).status())
			.isEqualTo(409);
		assertThat(this.api.post("/api/v1/scoring-models/" + id + "/approvals", Map.of(), tenant.auth()).status())
			.as("a tenant-admin is on neither side")
			.isEqualTo(403);

		JsonNode active = this.api.post("/api/v1/scoring-models/" + id + "/approvals", Map.of(), sdr).json();
		assertThat(active.get("status").asString()).isEqualTo("ACTIVE");
		assertThat(active.get("approvals").size()).isEqualTo(2);
		assertThat(activeVersion(tenant)).isEqualTo(2);
		JsonNode retired = this.api.get("/api/v1/scoring-models", tenant.auth()).json().get("items").get(1);
		assertThat(retired.get("version").asInt()).isEqualTo(1);
		assertThat(retired.get("status").asString()).isEqualTo("RETIRED");

		JsonNode rescoring = awaitRescoring(tenant, id);
		assertThat(rescoring.get("done").asInt()).isEqualTo(rescoring.get("total").asInt()).isPositive();
		// under the new definition (one behaviour point makes an MQL), the rescoring
		// moved Kim on
		assertThat(person(tenant, kim).get("stage").asString()).isEqualTo("MQL");

		// one person cannot sign for both sides
		JsonNode next = create(tenant, marketing, 2);
		String nextId = next.get("id").asString();
		this.api.post("/api/v1/scoring-models/" + nextId + "/propose", Map.of(), marketing);
		assertThat(this.api.post("/api/v1/scoring-models/" + nextId + "/approvals", Map.of("side", "marketing"), both)
			.status()).isEqualTo(200);
		ApiClient.Response again = this.api.post("/api/v1/scoring-models/" + nextId + "/approvals",
				Map.of("side", "sales"), both);
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().get("detail").asString()).contains("two different people");
		assertThat(this.api.post("/api/v1/scoring-models/" + nextId + "/approvals", Map.of(), both).status())
			.as("both roles and no side said")
			.isEqualTo(400);

		// another tenant sees none of it
		SignedUp other = TestTenants.signUp(this.api, "models-other");
		assertThat(this.api.get("/api/v1/scoring-models/" + id, other.auth()).status()).isEqualTo(404);
		assertThat(this.api.post("/api/v1/scoring-models/" + id + "/backtest", Map.of(), other.auth()).status())
			.isEqualTo(404);
	}

	@Test
	void invalidDefinitionsAreRefusedWithTheField() {
		SignedUp tenant = TestTenants.signUp(this.api, "models-bad");
		Map<String, Object> definition = definition(30);
		definition.put("halfLifeDays", 0);
		ApiClient.Response response = this.api.post("/api/v1/scoring-models", Map.of("definition", definition),
				tenant.auth());
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).contains("definition.halfLifeDays");
	}

	@Test
	void theBacktestReplaysHistoryUnderBothModels() {
		SignedUp tenant = TestTenants.signUp(this.api, "backtest");
		Map<String, Object> software = Map.of("domain", "initech.com", "industry", "Software", "employees", 200);
		// Paula: fit 35, pricing page (20 + 1) and a download (15): an MQL by the default
		// model; then sales
		// qualifies her and she pays 1000 EUR.
		String paula = ingest(tenant, "page_view", "p-1", "paula@initech.com", Map.of("url", "/pricing"), software);
		ingest(tenant, "content_downloaded", "p-2", "paula@initech.com", Map.of(), null);
		this.api.post("/api/v1/people/" + paula + "/stage-actions", Map.of("action", "accept"), tenant.auth());
		this.api.post("/api/v1/people/" + paula + "/stage-actions", Map.of("action", "qualify"), tenant.auth());
		ingest(tenant, "payment_succeeded", "p-3", "paula@initech.com", Map.of("amount", "1000.00", "currency", "EUR"),
				null);
		// Quinn: fit 35, three page views (3 points): not an MQL by the default model,
		// one by a model that asks 3
		// behaviour points; pays 200 EUR.
		ingest(tenant, "page_view", "q-1", "quinn@initech.com", Map.of("url", "/"), software);
		ingest(tenant, "page_view", "q-2", "quinn@initech.com", Map.of("url", "/a"), null);
		ingest(tenant, "page_view", "q-3", "quinn@initech.com", Map.of("url", "/b"), null);
		ingest(tenant, "payment_succeeded", "q-4", "quinn@initech.com", Map.of("amount", "200", "currency", "EUR"),
				null);
		// Ray: a personal mailbox (fit -20) with plenty of behaviour: an MQL by neither.
		for (int i = 0; i < 4; i++) {
			ingest(tenant, "content_downloaded", "r-" + i, "ray@gmail.com", Map.of(), null);
		}

		String model = create(tenant, tenant.auth(), 3).get("id").asString();
		JsonNode result = this.api.post("/api/v1/scoring-models/" + model + "/backtest", Map.of(), tenant.auth())
			.json();
		JsonNode proposed = result.get("model");
		JsonNode active = result.get("active");
		assertThat(active.get("mqls").asInt()).isEqualTo(1);
		assertThat(active.get("reachedSql").asInt()).isEqualTo(1);
		assertThat(active.get("reachedOpportunity").asInt()).isEqualTo(1);
		assertThat(active.get("reachedCustomer").asInt()).isEqualTo(1);
		assertThat(active.get("revenue").get(0).get("amount").asString()).isEqualTo("1000.00");
		assertThat(active.get("revenue").get(0).get("currency").asString()).isEqualTo("EUR");
		assertThat(proposed.get("mqls").asInt()).isEqualTo(2);
		assertThat(proposed.get("reachedCustomer").asInt()).isEqualTo(2);
		assertThat(proposed.get("revenue").get(0).get("amount").asString()).isEqualTo("1200.00");
	}

	private JsonNode awaitRescoring(SignedUp tenant, String model) throws InterruptedException {
		JsonNode rescoring = null;
		for (int i = 0; i < 300; i++) {
			rescoring = this.api.get("/api/v1/scoring-models/" + model, tenant.auth()).json().get("rescoring");
			if (rescoring != null && !rescoring.isNull() && !"RUNNING".equals(rescoring.get("status").asString())) {
				break;
			}
			Thread.sleep(100);
		}
		assertThat(rescoring.get("status").asString()).isEqualTo("COMPLETED");
		return rescoring;
	}

	private int activeVersion(SignedUp tenant) {
		for (JsonNode model : this.api.get("/api/v1/scoring-models", tenant.auth()).json().get("items")) {
			if (model.get("status").asString().equals("ACTIVE")) {
				return model.get("version").asInt();
			}
		}
		throw new AssertionError("no active model");
	}

	private JsonNode create(SignedUp tenant, String[] auth, int mqlBehaviour) {
		ApiClient.Response response = this.api.post("/api/v1/scoring-models",
				Map.of("name", "Lower bar", "definition", definition(mqlBehaviour)), auth);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> definition(int mqlBehaviour) {
		Map<String, Object> definition = JSON.convertValue(ScoringDefinition.defaults(), LinkedHashMap.class);
		definition.put("mqlBehaviour", mqlBehaviour);
		return definition;
	}

	private String[] user(SignedUp tenant, String name, String... roles) {
		String email = name + "@" + tenant.slug() + ".example.com";
		ApiClient.Response created = this.api.post("/api/v1/users",
				Map.of("email", email, "password", "long-enough-password", "roles", List.of(roles)), tenant.auth());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return ApiClient.bearer(TestServices.keycloak().passwordGrant(email, "long-enough-password"));
	}

	private String ingest(SignedUp tenant, String type, String externalId, String email, Map<String, Object> properties,
			Map<String, Object> account) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", type);
		event.put("occurredAt", Instant.now().minusSeconds(2).toString());
		event.put("source", "test");
		event.put("externalId", externalId);
		event.put("person", Map.of("email", email));
		event.put("properties", properties);
		if (account != null) {
			event.put("account", account);
		}
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", List.of(event)), tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("results").get(0).get("personId").asString();
	}

	private JsonNode person(SignedUp tenant, String id) {
		return this.api.get("/api/v1/people/" + id, tenant.auth()).json();
	}

}
