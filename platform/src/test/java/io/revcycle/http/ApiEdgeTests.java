package io.revcycle.http;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.ApiTest;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge refuses what no operation can take, with problem+json that names the field and
 * never an internal type: values the database would refuse, unknown fields and query
 * parameters, bad encodings and content types; and the framework's own refusals are
 * problem+json too. The OpenAPI document says what the API does.
 */
class ApiEdgeTests extends ApiTest {

	private static final String EVENT = """
			{"events": [{"type": "page_view", "occurredAt": %s, "source": "web", "externalId": "e-%s",
			  "person": {"email": "edge@initech.com", "firstName": %s},
			  "account": {"domain": "initech.com", "annualRevenue": %s}}]}""";

	@Test
	void valuesTheDatabaseWouldRefuseAreRefusedAtTheEdge() {
		SignedUp tenant = TestTenants.signUp(this.api, "edge-values");
		assertProblem(events(tenant, "\"2026-11-20T10:00:00Z\"", "\"Ja\\u0000ne\"", "1000"), 400,
				"events[0].person.firstName", "NUL");
		assertProblem(events(tenant, "\"2026-11-20T10:00:00Z\"", "\"Ja\\ud800ne\"", "1000"), 400,
				"events[0].person.firstName", "surrogate");
		assertProblem(events(tenant, "\"+300000-01-01T00:00:00Z\"", "\"Jane\"", "1000"), 400, "events[0].occurredAt",
				"years 1 and 9999");
		assertProblem(events(tenant, "\"2026-13-45T99:00:00Z\"", "\"Jane\"", "1000"), 400, "events[0].occurredAt",
				"ISO-8601 instant");
		assertProblem(events(tenant, "\"2026-11-20T10:00:00Z\"", "\"Jane\"", "1e30"), 400,
				"events[0].account.annualRevenue", "10^17");
		assertProblem(
				this.api.post("/api/v1/events",
						Map.of("events",
								List.of(Map.of("type", "page_view", "occurredAt", "2026-11-20T10:00:00Z", "source",
										"web", "externalId", "x", "person", Map.of("email", "p@initech.com"),
										"properties", Map.of("k\u0000ey", "v")))),
						tenant.auth()),
				400, "events[0].properties", "NUL");
		String deep = "[".repeat(3000) + "]".repeat(3000);
		String nested = "{\"events\": [{\"type\": \"page_view\", \"occurredAt\": \"2026-11-20T10:00:00Z\", "
				+ "\"source\": \"web\", \"externalId\": \"deep\", \"person\": {\"email\": \"d@initech.com\"}, "
				+ "\"properties\": {\"x\": " + deep + "}}]}";
		assertProblem(this.api.send("POST", "/api/v1/events", nested, "application/json", tenant.auth()), 400,
				"nested too deeply", "");
		assertThat(this.api.get("/api/v1/people", tenant.auth()).json().get("items").size()).as("nothing was stored")
			.isZero();
	}

	@Test
	void unknownFieldsAndQueryParametersAreRefusedByName() {
		SignedUp tenant = TestTenants.signUp(this.api, "edge-unknown");
		assertProblem(this.api.post("/api/v1/connector-instances/" + UUID.randomUUID() + "/actions",
				Map.of("type", "send_email", "idempotencyKey", "k-1", "payload", Map.of("to", "x@y.z")), tenant.auth()),
				400, "Unknown field 'payload'", "input");
		assertProblem(
				this.api.post("/api/v1/people", Map.of("email", "n@initech.com", "nickname", "Nic"), tenant.auth()),
				400, "Unknown field 'nickname'", "firstName");
		assertProblem(this.api.get("/api/v1/people?ownr=me", tenant.auth()), 400, "ownr", "owner");
		assertProblem(this.api.post("/api/v1/scoring-models/" + UUID.randomUUID() + "/propose",
				Map.of("unexpected", true), tenant.auth()), 400, "takes no request body", "");
		assertProblem(
				this.api.send("POST", "/api/v1/events", "{\"events\": []} trailing", "application/json", tenant.auth()),
				400, "not valid JSON", "");
	}

	@Test
	void badEncodingsAndContentTypesAreProblems() {
		SignedUp tenant = TestTenants.signUp(this.api, "edge-encoding");
		String[] auth = tenant.auth();
		assertProblem(this.api.send("POST", "/api/v1/people", "{\"email\": \"a@b.co\"}", "*/*", auth), 415, "wildcard",
				"");
		assertProblem(this.api.send("POST", "/api/v1/people", "{\"email\": \"a@b.co\"}", "text/plain", auth), 415,
				"application/json", "");
		assertProblem(
				this.api.send("GET", "/api/v1/people", "--xyz\r\nbroken", "multipart/form-data; boundary=xyz", auth),
				400, "multipart", "");
		assertProblem(
				this.api.send("POST", "/api/v1/people", "--xyz\r\nbroken", "multipart/form-data; boundary=xyz", auth),
				400, "multipart", "");
		assertProblem(this.api.send("GET", "/api/v1/people?limit=0", null, null, auth), 400, "limit", "500");
		assertProblem(this.api.send("GET", "/api/v1/people?cursor=!!", null, null, auth), 400, "cursor", "");
		assertProblem(this.api.send("DELETE", "/api/v1/people", null, null, auth), 405, "DELETE", "GET");
		assertProblem(
				this.api.send("GET", "/api/v1/people", null, null, "Authorization", auth[1], "Accept", "text/html"),
				406, "application/json", "");
		assertProblem(this.api.send("GET", "/api/v1/people/export", null, null, "Authorization", auth[1], "Accept",
				"application/json"), 406, "text/csv", "");
		assertProblem(this.api.send("GET", "/api/v1/no-such-thing", null, null, auth), 404, "/v3/api-docs", "");
		ApiClient.Response csv = this.api.send("GET", "/api/v1/people/export", null, null, "Authorization", auth[1],
				"Accept", "text/csv");
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.contentType()).startsWith("text/csv");
	}

	@Test
	void configurationDocumentsWithNullsOrMissingPartsAreRefusedWhole() {
		SignedUp tenant = TestTenants.signUp(this.api, "edge-config");
		SignedUp other = TestTenants.signUp(this.api, "edge-config-other");
		String routing = this.api.get("/api/v1/routing", tenant.auth()).body();
		String sla = this.api.get("/api/v1/sla-policies", tenant.auth()).body();

		assertProblem(this.api.send("PUT", "/api/v1/routing", "{\"rules\": [], \"reps\": null}", "application/json",
				tenant.auth()), 400, "reps", "required");
		assertProblem(this.api.send("PUT", "/api/v1/routing", "{\"rules\": [null], \"reps\": []}", "application/json",
				tenant.auth()), 400, "rules[0]", "null");
		assertProblem(this.api.send("PUT", "/api/v1/routing", "{\"rules\": [{\"team\": null}], \"reps\": []}",
				"application/json", tenant.auth()), 400, "rules[0].team", "");
		assertProblem(this.api.send("PUT", "/api/v1/sla-policies",
				"{\"policies\": [{\"stage\": \"MQL\"}], " + "\"calendar\": null}", "application/json", tenant.auth()),
				400, "policies[0].minutes", "");
		assertProblem(this.api.send("PUT", "/api/v1/sla-policies",
				"{\"policies\": [{\"stage\": \"MQL\", \"minutes\": 60, \"businessTime\": false}], \"calendar\": null}",
				"application/json", tenant.auth()), 400, "policies[0].ladder", "calendar");
		assertProblem(this.api.send("PUT", "/api/v1/sla-policies",
				"{\"policies\": [{\"stage\": \"MQL\", "
						+ "\"minutes\": 60, \"businessTime\": false, \"ladder\": [null]}], \"calendar\": null}",
				"application/json", tenant.auth()), 400, "policies[0].ladder[0]", "");
		assertProblem(
				this.api.send("POST", "/api/v1/scoring-models",
						"{\"definition\": {\"fitRules\": "
								+ "[{\"id\": \"x\"}], \"behaviourRules\": null, \"halfLifeDays\": 30}}",
						"application/json", tenant.auth()),
				400, "definition.fitRules[0].operator", "definition.behaviourRules");

		assertThat(this.api.get("/api/v1/routing", tenant.auth()).body()).as("nothing was stored").isEqualTo(routing);
		assertThat(this.api.get("/api/v1/sla-policies", tenant.auth()).body()).isEqualTo(sla);
		assertThat(this.api.get("/api/v1/scoring-models", tenant.auth()).json().get("items").size()).isEqualTo(1);
		assertThat(this.api.get("/api/v1/routing", other.auth()).body()).isEqualTo(routing);
	}

	@Test
	void theOpenApiDocumentSaysWhatTheApiDoes() {
		JsonNode document = this.api.get("/v3/api-docs").json();
		assertThat(document.get("info").get("title").asString()).isEqualTo("Revcycle API");
		assertThat(document.get("servers").get(0).get("url").asString()).isEqualTo("http://localhost:8080");
		assertThat(document.get("components").get("securitySchemes").has("bearer")).isTrue();
		assertThat(document.get("components").get("securitySchemes").get("apiKey").get("name").asString())
			.isEqualTo("X-Api-Key");
		List<String> tags = new ArrayList<>();
		document.get("tags").forEach((tag) -> tags.add(tag.get("name").asString()));
		assertThat(tags).contains("tenancy", "ingest", "people", "scoring", "sla", "connectors");

		JsonNode paths = document.get("paths");
		assertThat(paths.has("/api/v1/people")).isTrue();
		assertThat(paths.get("/api/v1/people").get("post").get("responses").has("201")).isTrue();
		assertThat(paths.get("/api/v1/people").get("post").get("responses").has("200")).isFalse();
		assertThat(paths.get("/api/v1/people").get("post").get("tags").get(0).asString()).isEqualTo("people");
		assertThat(paths.get("/api/v1/connector-instances/{id}").get("delete").get("responses").has("204")).isTrue();
		assertThat(paths.get("/api/v1/people/import").get("post").get("requestBody").get("content").has("text/csv"))
			.isTrue();
		assertThat(paths.get("/api/v1/people/{id}")
			.get("get")
			.get("responses")
			.get("404")
			.get("content")
			.has("application/problem+json")).isTrue();
		assertThat(paths.has("/hooks/{tenantSlug}/{instanceId}")).isTrue();
		assertThat(paths.get("/hooks/{tenantSlug}/{instanceId}").get("post").get("security").size()).isZero();
		JsonNode take = paths.get("/api/v1/people/{id}/owner").get("post").get("responses");
		assertThat(take.has("200")).as("the success answer is kept beside the declared 409").isTrue();
		assertThat(take.get("409").get("content").has("application/problem+json")).isTrue();
		assertThat(take.get("409").get("description").asString()).contains("/api/v1/routing/unassigned");
		assertThat(paths.get("/api/v1/routing/unassigned").get("get").get("tags").get(0).asString())
			.isEqualTo("routing");
		List<String> unpaged = new ArrayList<>();
		for (Iterator<Map.Entry<String, JsonNode>> it = paths.properties().iterator(); it.hasNext();) {
			Map.Entry<String, JsonNode> path = it.next();
			assertThat(path.getKey()).doesNotContain("**").doesNotContain("/error");
			JsonNode get = path.getValue().get("get");
			if (get != null && lists(document, get)) {
				List<String> parameters = new ArrayList<>();
				get.path("parameters").forEach((p) -> parameters.add(p.get("name").asString()));
				if (!parameters.containsAll(List.of("limit", "cursor"))) {
					unpaged.add(path.getKey());
				}
			}
		}
		assertThat(unpaged).as("lists without limit and cursor").isEmpty();
	}

	/** Whether an operation answers a page: {@code items} and {@code nextCursor}. */
	private static boolean lists(JsonNode document, JsonNode operation) {
		JsonNode schema = operation.path("responses")
			.path("200")
			.path("content")
			.path("application/json")
			.path("schema");
		String ref = schema.path("$ref").asString("");
		if (!ref.isEmpty()) {
			schema = document.get("components").get("schemas").get(ref.substring(ref.lastIndexOf('/') + 1));
		}
		return schema != null && schema.path("properties").has("items") && schema.path("properties").has("nextCursor");
	}

	private ApiClient.Response events(SignedUp tenant, String occurredAt, String firstName, String revenue) {
		String body = EVENT.formatted(occurredAt, UUID.randomUUID(), firstName, revenue);
		return this.api.send("POST", "/api/v1/events", body, "application/json", tenant.auth());
	}

	private static void assertProblem(ApiClient.Response response, int status, String says, String alsoSays) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
		String detail = response.json().get("detail").asString();
		assertThat(detail).contains(says).contains(alsoSays);
		assertThat(response.body()).doesNotContainPattern("(java|org|io\\.revcycle|tools)\\.[a-z]+\\.")
			.doesNotContain("Exception");
		assertThat(response.json().get("status").asInt()).isEqualTo(status);
	}

}
