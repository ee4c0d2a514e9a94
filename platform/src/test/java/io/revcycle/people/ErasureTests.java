package io.revcycle.people;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.revcycle.ApiTest;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Erasing a person removes every trace of who they were from every table, keeps the
 * funnel true, tells subscribers, and lets the same email come back as a new person;
 * before that, an access request gives everything held about them.
 */
class ErasureTests extends ApiTest {

	private static final String EMAIL = "erin.rasmussen@gmail.com";

	private static final String LAST_NAME = "Rasmussenova";

	private static final String ANONYMOUS_ID = "anon-erin-4711";

	private static final String PHONE = "+33 6 12 34 56 78";

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TransactionTemplate tx;

	@Test
	void anErasedPersonLeavesNoTraceButTheCountsStay() {
		SignedUp tenant = TestTenants.signUp(this.api, "erasure");
		SignedUp other = TestTenants.signUp(this.api, "erasure-other");
		ApiClient.Response hook = this.api.post("/api/v1/webhooks", Map.of("url", "http://127.0.0.1:9/hook",
				"eventTypes", List.of("person.erased", "stage.changed", "payment.received")), tenant.auth());
		assertThat(hook.status()).as(hook.toString()).isEqualTo(201);
		String[] sdr = user(tenant, "sid", "sdr");

		Instant now = Instant.now().minusSeconds(5);
		Map<String, Object> visit = event("page_view", "visit-1", now);
		visit.put("person", Map.of("anonymousId", ANONYMOUS_ID));
		visit.put("properties", Map.of("url", "/pricing"));
		Map<String, Object> form = event("form_submitted", "form-1", now);
		form.put("properties", Map.of("email", EMAIL, "message", "Please call me, " + EMAIL + " / " + PHONE));
		Map<String, Object> demo = event("demo_requested", "newsletter-" + EMAIL, now);
		Map<String, Object> payment = event("payment_succeeded", "pay-1", now);
		payment.put("source", "stripe");
		payment.put("amount", Map.of("amount", "120.00", "currency", "EUR"));
		String id = ingest(tenant, List.of(visit, form, demo, payment));
		ingest(other, List.of(event("demo_requested", "demo-b", now)));
		// free text that names the person: the reasons of its moves, stays and owner
		// assignments (the funnel's
		// stays are written after the moves' commit)
		for (int i = 0; i < 200 && TenantContext.callAs(tenant.id(),
				() -> this.tx.execute((status) -> this.jdbc.queryForObject(
						"select count(*) from stage_stays where person_id = ?::uuid and stage = 'Customer'", Long.class,
						id))) == 0; i++) {
			sleep(50);
		}
		TenantContext.runAs(tenant.id(), () -> this.tx.executeWithoutResult((status) -> {
			assertThat(this.jdbc.update("update stage_history set reason = ? where person_id = ?::uuid", EMAIL, id))
				.isPositive();
			assertThat(this.jdbc.update("update stage_stays set reason = ? where person_id = ?::uuid", EMAIL, id))
				.isPositive();
			this.jdbc.update(
					"insert into routing_assignments (tenant_id, id, person_id, user_id, reason, at) "
							+ "values (?, gen_random_uuid(), ?::uuid, gen_random_uuid(), ?, now())",
					tenant.id(), id, "reassigned as " + EMAIL + " asked");
		}));
		assertThat(person(tenant, id).get("stage").asString()).isEqualTo("Customer");
		String window = "?from=" + LocalDate.now(ZoneOffset.UTC).minusDays(2) + "&to="
				+ LocalDate.now(ZoneOffset.UTC).plusDays(2) + "&asOf=" + Instant.now().plusSeconds(1);
		JsonNode funnel = this.api.get("/api/v1/analytics/funnel" + window, tenant.auth()).json();
		assertThat(funnel.toString()).as(funnel.toString()).contains("\"entered\":1");
		JsonNode campaigns = this.api
			.get("/api/v1/analytics/campaigns" + window.substring(0, window.indexOf("&asOf")), tenant.auth())
			.json();
		assertThat(campaigns.toString()).as(campaigns.toString()).contains("spring-launch");

		// an access request first: everything held about the person
		ApiClient.Response export = this.api.get("/api/v1/people/" + id + "/export", tenant.auth());
		assertThat(export.status()).as(export.toString()).isEqualTo(200);
		assertThat(export.json().get("person").get("email").asString()).isEqualTo(EMAIL);
		assertThat(export.json().get("identities").toString()).contains(ANONYMOUS_ID);
		assertThat(export.json().get("timeline").size()).isGreaterThanOrEqualTo(4);
		assertThat(export.body()).contains(PHONE);
		assertThat(this.api.get("/api/v1/people/" + id + "/export", other.auth()).status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/people/" + id + "/export", sdr).status()).isEqualTo(403);
		assertThat(traces(tenant, EMAIL)).as("the scan finds what is there").isNotEmpty();

		// refused: another tenant, a non-admin, no erase=true
		assertThat(this.api.delete("/api/v1/people/" + id + "?erase=true", other.auth()).status()).isEqualTo(404);
		assertThat(this.api.delete("/api/v1/people/" + id + "?erase=true", sdr).status()).isEqualTo(403);
		ApiClient.Response plain = this.api.delete("/api/v1/people/" + id, tenant.auth());
		assertThat(plain.status()).isEqualTo(400);
		assertThat(plain.json().get("detail").asString()).contains("erase=true");
		assertThat(person(tenant, id).get("email").asString()).isEqualTo(EMAIL);

		ApiClient.Response erased = this.api.delete("/api/v1/people/" + id + "?erase=true", tenant.auth());
		assertThat(erased.status()).as(erased.toString()).isEqualTo(204);
		assertThat(this.api.delete("/api/v1/people/" + id + "?erase=true", tenant.auth()).status())
			.as("repeating it answers the same")
			.isEqualTo(204);

		assertThat(this.api.get("/api/v1/people?email=" + EMAIL, tenant.auth()).json().get("items").size()).isZero();
		for (String trace : List.of(EMAIL, LAST_NAME, ANONYMOUS_ID, PHONE)) {
			assertThat(traces(tenant, trace)).as("no column of any table holds " + trace).isEmpty();
		}
		JsonNode left = person(tenant, id);
		assertThat(left.get("stage").asString()).isEqualTo("Customer");
		assertThat(this.api.get("/api/v1/analytics/funnel" + window, tenant.auth()).json().toString())
			.as("funnel counts unchanged (a reason given for the person reads [erased])")
			.isEqualTo(funnel.toString().replace(EMAIL, PersonErased.REPLACEMENT));
		TenantContext.runAs(tenant.id(), () -> this.tx.executeWithoutResult((status) -> {
			for (String table : List.of("stage_history", "stage_stays", "routing_assignments")) {
				assertThat(this.jdbc.queryForList(
						"select distinct reason from " + table + " where person_id = ?::uuid and reason is not null",
						String.class, id))
					.as(table + " reasons of the erased person")
					.containsOnly(PersonErased.REPLACEMENT);
			}
		}));
		assertThat(this.api
			.get("/api/v1/analytics/campaigns" + window.substring(0, window.indexOf("&asOf")), tenant.auth())
			.json()).as("revenue unchanged").isEqualTo(campaigns);

		// the other tenant's person of the same email is untouched
		assertThat(this.api.get("/api/v1/people?email=" + EMAIL, other.auth()).json().get("items").size()).isOne();

		// subscribers are told, with the id only
		List<JsonNode> outbox = new ArrayList<>();
		this.api.get("/api/v1/outbox?limit=500", tenant.auth()).json().get("items").values().forEach(outbox::add);
		assertThat(outbox).extracting((m) -> m.get("eventType").asString()).contains("person.erased");

		// recorded, without personal data
		JsonNode audit = this.api.get("/api/v1/audit?action=person.erased", tenant.auth()).json().get("items");
		assertThat(audit.size()).isOne();
		assertThat(audit.get(0).get("target").asString()).isEqualTo("person:" + id);
		assertThat(audit.get(0).get("actor").get("email").asString()).isEqualTo(tenant.adminEmail());
		assertThat(this.api.get("/api/v1/audit?action=person.erased", other.auth()).json().get("items").size())
			.isZero();

		// identity resolution cannot bring the person back: the same email is someone new
		String again = ingest(tenant, List.of(event("form_submitted", "form-2", Instant.now().minusSeconds(1))));
		assertThat(again).isNotEqualTo(id);
		assertThat(person(tenant, again).get("email").asString()).isEqualTo(EMAIL);
		assertThat(this.api.get("/api/v1/people/" + id, tenant.auth()).json().get("email").isNull()).isTrue();
	}

	/**
	 * Every table and column (text, JSON, arrays) of the tenant's rows that holds the
	 * text.
	 */
	private List<String> traces(SignedUp tenant, String text) {
		return TenantContext.callAs(tenant.id(), () -> this.tx.execute((status) -> {
			List<String> found = new ArrayList<>();
			List<Map<String, Object>> columns = this.jdbc.queryForList("select c.table_name, c.column_name "
					+ "from information_schema.columns c join information_schema.tables t "
					+ "on t.table_schema = c.table_schema and t.table_name = c.table_name "
					+ "where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' "
					+ "and c.udt_name in ('text', 'varchar', 'jsonb', 'json', '_text', '_varchar', 'bpchar')");
			assertThat(columns).extracting((c) -> c.get("table_name"))
				.contains("persons", "activities", "timeline_entries", "outbox", "notifications", "audit_entries");
			for (Map<String, Object> column : columns) {
				String sql = "select count(*) from \"" + column.get("table_name") + "\" where \""
						+ column.get("column_name") + "\"::text ilike ?";
				Long count = this.jdbc.queryForObject(sql, Long.class, "%" + text + "%");
				if (count != null && count > 0) {
					found.add(column.get("table_name") + "." + column.get("column_name"));
				}
			}
			return found;
		}));
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Map<String, Object> event(String type, String externalId, Instant at) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", type);
		event.put("occurredAt", at.toString());
		event.put("source", "web");
		event.put("externalId", externalId);
		event.put("person", Map.of("email", EMAIL, "firstName", "Erin", "lastName", LAST_NAME, "phone", PHONE, "title",
				"CTO", "anonymousId", ANONYMOUS_ID));
		event.put("campaign", "spring-launch");
		return event;
	}

	private String ingest(SignedUp tenant, List<Map<String, Object>> events) {
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", events), tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode results = response.json().get("results");
		return results.get(results.size() - 1).get("personId").asString();
	}

	private JsonNode person(SignedUp tenant, String id) {
		ApiClient.Response response = this.api.get("/api/v1/people/" + id, tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private String[] user(SignedUp tenant, String name, String... roles) {
		String email = name + "@" + tenant.slug() + ".example.com";
		ApiClient.Response created = this.api.post("/api/v1/users",
				Map.of("email", email, "password", "long-enough-password", "roles", List.of(roles)), tenant.auth());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return ApiClient.bearer(TestServices.keycloak().passwordGrant(email, "long-enough-password"));
	}

}
