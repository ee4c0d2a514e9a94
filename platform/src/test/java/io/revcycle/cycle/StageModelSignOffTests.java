package io.revcycle.cycle;

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
 * The stage model is a definition both teams sign: a proposal stays inactive until a
 * marketing user and a sales user approved it, two approvals from one side are refused,
 * the previous version is kept, and each stage says in plain words what it means.
 */
class StageModelSignOffTests extends ApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aProposedStageModelComesIntoForceOnlyWithMarketingAndSalesApprovals() {
		SignedUp tenant = TestTenants.signUp(this.api, "stage-signoff");
		SignedUp other = TestTenants.signUp(this.api, "stage-signoff-other");
		String[] marketing = user(tenant, "mia", "marketing");
		String[] otherMarketing = user(tenant, "max", "marketing");
		String[] sdr = user(tenant, "sam", "sdr");

		JsonNode inForce = this.api.get("/api/v1/stage-model", tenant.auth()).json();
		JsonNode mql = stage(inForce, "MQL");
		assertThat(mql.get("definition").asString()).as("each stage says what it means").contains("qualified");
		assertThat(mql.get("entryCriteria").asString()).isNotBlank();
		assertThat(mql.get("exitCriteria").asString()).isNotBlank();

		// the admin proposes that marketing may accept MQLs too, with its own definition
		// of an SAL
		Map<String, Object> definition = definition(inForce);
		acceptedByMarketingToo(definition);
		JsonNode draft = this.api
			.post("/api/v1/stage-models", Map.of("name", "Marketing accepts too", "definition", definition),
					tenant.auth())
			.json();
		assertThat(draft.get("status").asString()).isEqualTo("DRAFT");
		String id = draft.get("id").asString();
		assertThat(this.api.post("/api/v1/stage-models/" + id + "/approvals", Map.of(), marketing).status())
			.as("a draft is not approved")
			.isEqualTo(409);
		assertThat(this.api.post("/api/v1/stage-models/" + id + "/propose", Map.of(), tenant.auth())
			.json()
			.get("status")
			.asString()).isEqualTo("PROPOSED");

		ApiClient.Response first = this.api.post("/api/v1/stage-models/" + id + "/approvals", Map.of(), marketing);
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(first.json().get("status").asString()).isEqualTo("PROPOSED");
		ApiClient.Response sameSide = this.api.post("/api/v1/stage-models/" + id + "/approvals", Map.of(),
				otherMarketing);
		assertThat(sameSide.status()).as("two approvals from one side are refused").isEqualTo(409);
		assertThat(sameSide.contentType()).startsWith("application/problem+json");
		assertThat(sameSide.json().get("detail").asString()).contains("marketing side has approved");
		assertThat(this.api.post("/api/v1/stage-models/" + id + "/approvals", Map.of(), tenant.auth()).status())
			.as("a tenant-admin signs for neither side")
			.isEqualTo(403);
		assertThat(acceptTrigger(this.api.get("/api/v1/stage-model", tenant.auth()).json())).as("still the old model")
			.doesNotContain("marketing");
		String person = mqlPerson(tenant, "early@initech.com");
		assertThat(this.api.post("/api/v1/people/" + person + "/stage-actions", Map.of("action", "accept"), marketing)
			.status()).as("marketing may not accept under the model in force").isEqualTo(403);

		assertThat(this.api.post("/api/v1/stage-models/" + id + "/approvals", Map.of(), sdr).status())
			.as("the sales side's approval")
			.isEqualTo(200);
		JsonNode active = this.api.get("/api/v1/stage-models/" + id, tenant.auth()).json();
		assertThat(active.get("status").asString()).isEqualTo("ACTIVE");
		assertThat(active.get("signed").asBoolean()).isTrue();
		assertThat(active.get("approvals").size()).isEqualTo(2);
		JsonNode now = this.api.get("/api/v1/stage-model", tenant.auth()).json();
		assertThat(now.get("version").asInt()).isEqualTo(active.get("version").asInt());
		assertThat(acceptTrigger(now)).contains("marketing");
		assertThat(this.api.post("/api/v1/people/" + person + "/stage-actions", Map.of("action", "accept"), marketing)
			.json()
			.get("stage")
			.asString()).isEqualTo("SAL");

		JsonNode versions = this.api.get("/api/v1/stage-models", tenant.auth()).json().get("items");
		assertThat(versions.size()).as("the previous version is kept").isEqualTo(2);
		assertThat(versions.get(1).get("status").asString()).isEqualTo("RETIRED");
		assertThat(versions.get(1).get("definition").get("stages").size()).isEqualTo(16);

		// once signed, an admin no longer replaces the model alone
		ApiClient.Response alone = this.api.put("/api/v1/stage-model", definition(now), tenant.auth());
		assertThat(alone.status()).isEqualTo(409);
		assertThat(alone.json().get("detail").asString()).contains("POST /api/v1/stage-models");

		// the audit log tells the story
		JsonNode audit = this.api.get("/api/v1/audit?action=stage_model", tenant.auth()).json().get("items");
		assertThat(audit.findValuesAsString("action")).containsSubsequence("stage_model.activated",
				"stage_model.approved", "stage_model.approved", "stage_model.proposed", "stage_model.drafted");
		JsonNode activation = audit.get(0);
		assertThat(activation.get("actor").get("kind").asString()).isEqualTo("user");
		assertThat(activation.get("actor").get("email").asString()).startsWith("sam@");
		assertThat(activation.get("diff").toString()).contains("transitions[").contains("marketing");

		// another tenant sees none of it
		assertThat(this.api.get("/api/v1/stage-models/" + id, other.auth()).status()).isEqualTo(404);
		assertThat(this.api.post("/api/v1/stage-models/" + id + "/propose", Map.of(), other.auth()).status())
			.isEqualTo(404);
		assertThat(this.api.get("/api/v1/stage-models", other.auth()).json().get("items").size()).isEqualTo(1);
		assertThat(acceptTrigger(this.api.get("/api/v1/stage-model", other.auth()).json())).doesNotContain("marketing");
		assertThat(this.api.get("/api/v1/audit", other.auth()).json().findValuesAsString("target"))
			.noneMatch((target) -> target.startsWith("stage-model:"));
	}

	@Test
	void anInvalidDraftIsRefusedWithItsPathsAndOneUserCannotSignForBothSides() {
		SignedUp tenant = TestTenants.signUp(this.api, "stage-signoff-both");
		String[] both = user(tenant, "bo", "marketing", "ae");
		Map<String, Object> definition = definition(this.api.get("/api/v1/stage-model", tenant.auth()).json());
		Map<String, Object> broken = new LinkedHashMap<>(definition);
		broken.put("stages", List.of(Map.of("name", "Known", "definition", "x".repeat(2001))));
		ApiClient.Response refused = this.api.post("/api/v1/stage-models", Map.of("definition", broken), both);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("detail").asString()).contains("stages[0].definition").contains("'Anonymous'");

		String id = this.api.post("/api/v1/stage-models", Map.of(), both).json().get("id").asString();
		this.api.post("/api/v1/stage-models/" + id + "/propose", Map.of(), both);
		assertThat(this.api.post("/api/v1/stage-models/" + id + "/approvals", Map.of(), both).status())
			.as("both roles and no side said")
			.isEqualTo(400);
		assertThat(
				this.api.post("/api/v1/stage-models/" + id + "/approvals", Map.of("side", "marketing"), both).status())
			.isEqualTo(200);
		ApiClient.Response again = this.api.post("/api/v1/stage-models/" + id + "/approvals", Map.of("side", "sales"),
				both);
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().get("detail").asString()).contains("two different people");
		assertThat(this.api.get("/api/v1/stage-models/" + id, tenant.auth()).json().get("status").asString())
			.isEqualTo("PROPOSED");
	}

	private static JsonNode stage(JsonNode model, String name) {
		for (JsonNode stage : model.get("stages").values()) {
			if (name.equals(stage.get("name").asString())) {
				return stage;
			}
		}
		throw new AssertionError("no stage " + name);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> definition(JsonNode model) {
		Map<String, Object> definition = JSON.convertValue(model, LinkedHashMap.class);
		definition.remove("version");
		return definition;
	}

	@SuppressWarnings("unchecked")
	private static void acceptedByMarketingToo(Map<String, Object> definition) {
		for (Map<String, Object> transition : (List<Map<String, Object>>) definition.get("transitions")) {
			Map<String, Object> trigger = (Map<String, Object>) transition.get("trigger");
			if ("accept".equals(trigger.get("action"))) {
				trigger.put("roles", List.of("marketing", "sdr", "ae", "tenant-admin"));
			}
		}
	}

	private static String acceptTrigger(JsonNode model) {
		for (JsonNode transition : model.get("transitions").values()) {
			if ("accept".equals(transition.get("trigger").path("action").asString(""))) {
				return transition.get("trigger").get("roles").toString();
			}
		}
		throw new AssertionError("no accept transition");
	}

	private String mqlPerson(SignedUp tenant, String email) {
		ApiClient.Response response = this.api.post("/api/v1/events",
				Map.of("events",
						List.of(Map.of("type", "demo_requested", "occurredAt", Instant.now().toString(), "source",
								"web", "externalId", "demo-" + email, "person", Map.of("email", email)))),
				tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("results").get(0).get("personId").asString();
	}

	private String[] user(SignedUp tenant, String name, String... roles) {
		String email = name + "@" + tenant.slug() + ".example.com";
		ApiClient.Response created = this.api.post("/api/v1/users",
				Map.of("email", email, "password", "long-enough-password", "roles", List.of(roles)), tenant.auth());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return ApiClient.bearer(TestServices.keycloak().passwordGrant(email, "long-enough-password"));
	}

}
