package io.revcycle.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import io.revcycle.ApiTest;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The export holds every record of the tenant and nothing of another, each kind counted
 * as in the database, resumable after any line, gzip when asked, never a secret.
 */
class ExportTests extends ApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TransactionTemplate tx;

	@Autowired
	private TenantExport export;

	@Test
	void everyTenantTableIsExported() {
		List<String> tenantTables = this.jdbc.queryForList("select c.table_name from information_schema.columns c "
				+ "join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name "
				+ "where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.column_name = 'tenant_id'",
				String.class);
		assertThat(tenantTables).isNotEmpty();
		assertThat(this.export.tables().keySet()).as("a kind of the export for every table of tenant data")
			.containsAll(tenantTables);
	}

	@Test
	void anExportHoldsEveryRecordOfItsTenantAndNothingOfAnother() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "export");
		SignedUp other = TestTenants.signUp(this.api, "export-other");
		ApiClient.Response hook = this.api.post("/api/v1/webhooks",
				Map.of("url", "http://127.0.0.1:9/hook", "eventTypes", List.of("stage.changed")), tenant.auth());
		JsonNode sla = this.api.get("/api/v1/sla-policies", tenant.auth()).json();
		ApiClient.Response terms = this.api.put("/api/v1/sla-policies", sla, tenant.auth());
		assertThat(terms.status()).as(terms.toString()).isEqualTo(200);
		String aPerson = fill(tenant, "ann@initech.com");
		String bPerson = fill(other, "bob@globex.com");
		String secret = hook.json().get("secret").asString();
		ApiClient.Response key = this.api.post("/api/v1/api-keys", Map.of("name", "export"), tenant.auth());

		// the dispatcher keeps delivering (and logging attempts) meanwhile: the database
		// is
		// counted before and after, and the export must lie between, exactly where they
		// agree
		Map<String, Long> before = counts(tenant);
		ApiClient.Response response = this.api.get("/api/v1/export", tenant.auth());
		Map<String, Long> after = counts(tenant);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("application/x-ndjson");
		List<JsonNode> lines = lines(response.body());

		Map<String, Long> counted = new TreeMap<>();
		lines.forEach((line) -> counted.merge(line.get("kind").asString(), 1L, Long::sum));
		assertThat(counted.keySet()).as("every kind of the tenant's data")
			.contains("users", "api_keys", "people", "accounts", "identities", "activities", "timeline",
					"stage_history", "stage_models", "scoring_models", "sla_settings", "campaigns", "campaign_touches",
					"lead_creations", "payments", "attribution_credits", "stage_stays", "webhooks", "notifications",
					"outbox", "audit");
		after.keySet().forEach((kind) -> {
			long exported = counted.getOrDefault(kind, 0L);
			assertThat(exported).as("records of " + kind + " against the database")
				.isBetween(before.getOrDefault(kind, 0L), after.get(kind));
			if (before.getOrDefault(kind, 0L).equals(after.get(kind))) {
				assertThat(exported).as("records of " + kind).isEqualTo(after.get(kind));
			}
		});
		assertThat(counted.keySet()).as("no kind the database does not hold").isSubsetOf(after.keySet());

		String body = response.body();
		assertThat(body).contains(aPerson).contains("ann@initech.com");
		assertThat(body).as("nothing of the other tenant").doesNotContain(bPerson).doesNotContain("bob@globex.com");
		assertThat(body).as("never a secret")
			.doesNotContain(secret)
			.doesNotContain("key_hash")
			.doesNotContain(key.json().get("key").asString());
		String otherBody = this.api.get("/api/v1/export", other.auth()).body();
		assertThat(otherBody).contains(bPerson).doesNotContain(aPerson).doesNotContain("ann@initech.com");

		// resumable after any line: the rest is exactly what followed it
		int middle = lines.size() / 2;
		String cursor = lines.get(middle).get("cursor").asString();
		ApiClient.Response rest = this.api.get("/api/v1/export?after=" + cursor, tenant.auth());
		assertThat(rest.status()).isEqualTo(200);
		List<JsonNode> restLines = lines(rest.body());
		List<JsonNode> expected = new ArrayList<>(lines.subList(middle + 1, lines.size()));
		assertThat(stable(restLines)).isEqualTo(stable(expected));
		String kindStart = lines.get(middle).get("kind").asString() + ":";
		assertThat(lines(this.api.get("/api/v1/export?after=" + kindStart, tenant.auth()).body()).get(0)
			.get("kind")
			.asString()).isEqualTo(lines.get(middle).get("kind").asString());

		// gzip when asked
		HttpResponse<byte[]> zipped = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/export"))
				.header("Authorization", tenant.auth()[1])
				.header("Accept-Encoding", "gzip")
				.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
		List<JsonNode> unzipped = lines(gunzip(zipped.body()));
		assertThat(unzipped.stream().filter((l) -> l.get("kind").asString().equals("people")).count())
			.isEqualTo(counted.get("people"));

		// refused: a bad cursor, a user who is not an admin; recorded in the audit log
		ApiClient.Response bad = this.api.get("/api/v1/export?after=nonsense:xyz", tenant.auth());
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.contentType()).startsWith("application/problem+json");
		assertThat(bad.json().get("detail").asString()).contains("after");
		assertThat(this.api.get("/api/v1/export?after=people:%21%21", tenant.auth()).status()).isEqualTo(400);
		String notAnId = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("[\"not-an-id\"]".getBytes(StandardCharsets.UTF_8));
		assertThat(this.api.get("/api/v1/export?after=people:" + notAnId, tenant.auth()).status()).isEqualTo(400);
		assertThat(this.api.get("/api/v1/export", user(tenant, "mo", "marketing")).status()).isEqualTo(403);
		assertThat(this.api.get("/api/v1/audit?action=tenant.exported", tenant.auth()).json().get("items").size())
			.isGreaterThanOrEqualTo(3);
		assertThat(this.api.get("/api/v1/audit?action=tenant.exported", other.auth()).json().get("items").size())
			.isOne();
	}

	private Map<String, Long> counts(SignedUp tenant) {
		Map<String, Long> counts = new TreeMap<>();
		TenantContext.runAs(tenant.id(),
				() -> this.tx.executeWithoutResult((status) -> this.export.tables()
					.forEach((table, kind) -> counts.put(kind,
							this.jdbc.queryForObject("select count(*) from " + table, Long.class)))));
		counts.values().removeIf((count) -> count == 0);
		return counts;
	}

	/**
	 * Without what the platform changes on its own meanwhile (deliveries, the audit log).
	 */
	private static List<JsonNode> stable(List<JsonNode> lines) {
		return lines.stream()
			.filter((l) -> !List.of("audit", "outbox", "webhook_attempts").contains(l.get("kind").asString()))
			.toList();
	}

	private String fill(SignedUp tenant, String email) {
		Instant now = Instant.now().minusSeconds(5);
		List<Map<String, Object>> events = new ArrayList<>();
		for (String type : List.of("page_view", "form_submitted", "demo_requested")) {
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("type", type);
			event.put("occurredAt", now.toString());
			event.put("source", "web");
			event.put("externalId", type + "-" + email);
			event.put("person", Map.of("email", email, "anonymousId", "anon-" + email));
			event.put("account", Map.of("domain", email.substring(email.indexOf('@') + 1), "name", "Co"));
			event.put("campaign", "launch");
			events.add(event);
		}
		Map<String, Object> lead = new LinkedHashMap<>(events.get(2));
		lead.put("externalId", "demo-lead-" + email);
		lead.put("person", Map.of("email", "lead." + email));
		events.add(lead);
		Map<String, Object> payment = new LinkedHashMap<>(events.get(0));
		payment.put("type", "payment_succeeded");
		payment.put("source", "stripe");
		payment.put("externalId", "pay-" + email);
		payment.put("amount", Map.of("amount", "99.00", "currency", "EUR"));
		events.add(payment);
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", events), tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("results").get(0).get("personId").asString();
	}

	private static List<JsonNode> lines(String body) {
		List<JsonNode> lines = new ArrayList<>();
		for (String line : body.split("\n")) {
			if (!line.isBlank()) {
				JsonNode node = JSON.readTree(line);
				assertThat(node.has("kind") && node.has("data") && node.has("cursor")).as(line).isTrue();
				lines.add(node);
			}
		}
		return lines;
	}

	private static String gunzip(byte[] bytes) throws IOException {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private String[] user(SignedUp tenant, String name, String... roles) {
		String email = name + "@" + tenant.slug() + ".example.com";
		ApiClient.Response created = this.api.post("/api/v1/users",
				Map.of("email", email, "password", "long-enough-password", "roles", List.of(roles)), tenant.auth());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return ApiClient.bearer(TestServices.keycloak().passwordGrant(email, "long-enough-password"));
	}

}
