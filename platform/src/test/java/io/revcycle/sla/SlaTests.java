package io.revcycle.sla;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.revcycle.ApiTest;
import io.revcycle.testsupport.MovableClock;
import io.revcycle.RevcycleApplication;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.RealServicesInitializer;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SLA timers on a business calendar, breaches escalated step by step, exactly once across
 * engine instances.
 */
class SlaTests extends ApiTest {

	static final Instant FRIDAY_16 = Instant.parse("2026-11-27T16:00:00Z");

	@Autowired
	MovableClock clock;

	@Autowired
	SlaClock slaClock;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate tx;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void anMqlFromFridayAfternoonIsDueMondayNoonThenBreachesAndEscalates() {
		SignedUp tenant = TestTenants.signUp(this.api, "sla");
		String manager = user(tenant, "mona", null);
		String owner = user(tenant, "otto", manager);
		assertThat(this.api
			.post("/api/v1/webhooks", Map.of("url", "http://127.0.0.1:9/never", "eventTypes", List.of("sla.breached")),
					tenant.auth())
			.status()).isEqualTo(201);
		this.clock.freeze(FRIDAY_16);
		String met = mql(tenant, "met@initech.com");
		String late = mql(tenant, "late@initech.com");
		for (String person : List.of(met, late)) {
			assertThat(this.api.post("/api/v1/people/" + person + "/owner", Map.of("ownerId", owner), tenant.auth())
				.status()).isEqualTo(200);
		}
		JsonNode timer = timer(tenant, late);
		assertThat(timer.get("stage").asString()).isEqualTo("MQL");
		assertThat(timer.get("dueAt").asString()).isEqualTo("2026-11-30T12:00:00Z");

		this.clock.freeze(Instant.parse("2026-11-30T11:00:00Z"));
		assertThat(this.api.post("/api/v1/people/" + met + "/stage-actions", Map.of("action", "accept"), tenant.auth())
			.status()).isEqualTo(200);
		assertThat(timers(tenant, met).get(1).get("status").asString()).as("the MQL timer").isEqualTo("MET");
		this.slaClock.runDue();
		assertThat(breaches(tenant)).isEmpty();

		this.clock.freeze(Instant.parse("2026-11-30T12:01:00Z"));
		this.slaClock.runDue();
		List<JsonNode> breaches = breaches(tenant);
		assertThat(breaches).hasSize(1);
		assertThat(breaches.get(0).get("action").asString()).isEqualTo("notify_owner");
		assertThat(breaches.get(0).get("notified").get(0).asString()).isEqualTo(owner);
		assertThat(notifications("otto", tenant)).hasSize(1);
		assertThat(this.api.get("/api/v1/outbox", tenant.auth()).body()).as("the breach goes to subscribed webhooks")
			.contains("sla.breached");
		assertThat(notifications("mona", tenant)).isEmpty();
		assertThat(timer(tenant, late).get("status").asString()).isEqualTo("BREACHED");

		this.slaClock.runDue();
		assertThat(breaches(tenant)).as("the same step never runs twice").hasSize(1);

		this.clock.freeze(Instant.parse("2026-11-30T13:01:00Z"));
		this.slaClock.runDue();
		breaches = breaches(tenant);
		assertThat(breaches).hasSize(2);
		assertThat(breaches.get(0).get("action").asString()).isEqualTo("escalate_manager");
		assertThat(breaches.get(0).get("notified").get(0).asString()).isEqualTo(manager);
		assertThat(notifications("mona", tenant)).hasSize(1);

		JsonNode analytics = this.api.get("/api/v1/analytics/sla", tenant.auth()).json();
		JsonNode mqls = analytics.get("byStage").get(0);
		assertThat(mqls.get("stage").asString()).isEqualTo("MQL");
		assertThat(mqls.get("met").asInt()).isEqualTo(1);
		assertThat(mqls.get("breached").asInt()).isEqualTo(1);
		assertThat(mqls.get("shareMet").asDouble()).isEqualTo(0.5);
		// Friday 16:00 to Monday 11:00, accepted in time
		assertThat(mqls.get("medianSecondsToSatisfy").asDouble()).isEqualTo(67 * 3600);
		assertThat(analytics.get("byOwner").get(0).get("ownerId").asString()).isEqualTo(owner);
		assertThat(analytics.get("breachesByStep").size()).isEqualTo(2);
		assertThat(analytics.get("breachesByStep").get(1).get("action").asString()).isEqualTo("escalate_manager");

		SignedUp other = TestTenants.signUp(this.api, "sla-other");
		assertThat(breaches(other)).isEmpty();
		assertThat(this.api.get("/api/v1/analytics/sla", other.auth()).json().get("byStage").size()).isZero();
		assertThat(timers(other, late)).isEmpty();
		assertThat(this.api.get("/api/v1/sla-policies", other.auth()).json().get("policies").size()).isEqualTo(4);
	}

	@Test
	void anOutboundCallSatisfiesTheSalTimer() {
		SignedUp tenant = TestTenants.signUp(this.api, "sla-sal");
		String person = mql(tenant, "sal@initech.com");
		assertThat(
				this.api.post("/api/v1/people/" + person + "/stage-actions", Map.of("action", "accept"), tenant.auth())
					.status())
			.isEqualTo(200);
		assertThat(timer(tenant, person).get("stage").asString()).isEqualTo("SAL");
		assertThat(timer(tenant, person).get("status").asString()).isEqualTo("OPEN");
		Map<String, Object> call = new LinkedHashMap<>();
		call.put("type", "call_outbound");
		call.put("occurredAt", this.clock.instant().toString());
		call.put("source", "phone");
		call.put("externalId", "call-1");
		call.put("person", Map.of("email", "sal@initech.com"));
		assertThat(this.api.post("/api/v1/events", Map.of("events", List.of(call)), tenant.auth()).status())
			.isEqualTo(200);
		JsonNode sal = timer(tenant, person);
		assertThat(sal.get("status").asString()).isEqualTo("MET");
		assertThat(sal.get("nextStepAt").isNull()).isTrue();
	}

	@Test
	void policiesAreValidatedAndPerTenant() {
		SignedUp tenant = TestTenants.signUp(this.api, "sla-policies");
		JsonNode current = this.api.get("/api/v1/sla-policies", tenant.auth()).json();
		Map<String, Object> update = new LinkedHashMap<>();
		update.put("policies", List.of(Map.of("stage", "MQL", "minutes", 60, "businessTime", false, "ladder",
				List.of(Map.of("afterMinutes", 0, "action", "notify_owner")))));
		update.put("calendar", current.get("calendar"));
		assertThat(this.api.put("/api/v1/sla-policies", update, tenant.auth()).status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/sla-policies", tenant.auth()).json().get("policies").size()).isEqualTo(1);
		update.put("policies", List.of(Map.of("stage", "MQL", "minutes", 0, "businessTime", false, "ladder",
				List.of(Map.of("afterMinutes", 0, "action", "notify_owner")))));
		ApiClient.Response bad = this.api.put("/api/v1/sla-policies", update, tenant.auth());
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("detail").asString()).contains("policies[0].minutes");
	}

	@Test
	void twoEngineInstancesRecordEveryBreachStepExactlyOnce() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "sla-load");
		int timers = 1000;
		UUID tenantId = tenant.id();
		// the same services as this context: the initializer outranks application.yml,
		// which default properties would not
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", "0");
		properties.put("revcycle.sla.poll-interval", "PT1H");
		properties.put("revcycle.outbox.poll-interval", "PT1H");
		try (ConfigurableApplicationContext second = new SpringApplicationBuilder(RevcycleApplication.class)
			.web(WebApplicationType.SERVLET)
			.initializers(new RealServicesInitializer())
			.properties(properties)
			.run()) {
			SlaClock other = second.getBean(SlaClock.class);
			// due timers appear once both instances are up; then both claim them at once
			TenantContext.runAs(tenantId, () -> this.tx.executeWithoutResult((status) -> {
				this.jdbc.update("insert into persons (tenant_id, id, email, stage, created_at, updated_at) "
						+ "select ?, gen_random_uuid(), 'load' || i || '@example.com', 'MQL', now(), now() "
						+ "from generate_series(1, ?) i", tenantId, timers);
				this.jdbc.update("insert into sla_timers (tenant_id, id, person_id, stage, opened_at, due_at, status, "
						+ "ladder, next_step, next_step_at) select tenant_id, gen_random_uuid(), id, 'MQL', now() - interval "
						+ "'5 hours', now() - interval '1 hour', 'OPEN', '[{\"afterMinutes\": 0, \"action\": \"notify_owner\"}]', "
						+ "0, now() - interval '1 hour' from persons where email like 'load%'");
			}));

			ExecutorService pool = Executors.newFixedThreadPool(2);
			List<Future<Integer>> work = new ArrayList<>();
			for (SlaClock instance : List.of(this.slaClock, other)) {
				work.add(pool.submit((Callable<Integer>) () -> {
					int handled = 0;
					for (int claimed = instance.runDue(); claimed > 0; claimed = instance.runDue()) {
						handled += claimed;
					}
					return handled;
				}));
			}
			int handled = 0;
			for (Future<Integer> f : work) {
				handled += f.get();
			}
			pool.shutdown();
			assertThat(handled).isGreaterThanOrEqualTo(timers);
		}
		Map<String, Object> counts = TenantContext.callAs(tenantId, () -> this.tx
			.execute((status) -> this.jdbc.queryForMap("select (select count(*) from sla_breaches) as "
					+ "breaches, (select count(distinct timer_id) from sla_breaches) as timers, (select count(*) from "
					+ "notifications) as notifications, (select count(*) from sla_timers where next_step_at is not "
					+ "null) as pending")));
		assertThat(((Number) counts.get("breaches")).intValue()).isEqualTo(timers);
		assertThat(((Number) counts.get("timers")).intValue()).isEqualTo(timers);
		assertThat(((Number) counts.get("notifications")).intValue()).as("one notification per breach, to the admin")
			.isEqualTo(timers);
		assertThat(((Number) counts.get("pending")).intValue()).isZero();
	}

	private String mql(SignedUp tenant, String email) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "demo_requested");
		event.put("occurredAt", this.clock.instant().toString());
		event.put("source", "web");
		event.put("externalId", "demo-" + email);
		event.put("person", Map.of("email", email));
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", List.of(event)), tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("results").get(0).get("personId").asString();
	}

	private String user(SignedUp tenant, String name, String manager) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("email", name + "@" + tenant.slug() + ".example.com");
		body.put("password", "long-enough-password");
		body.put("roles", List.of("sdr"));
		if (manager != null) {
			body.put("managerId", manager);
		}
		ApiClient.Response response = this.api.post("/api/v1/users", body, tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().get("id").asString();
	}

	private List<JsonNode> notifications(String name, SignedUp tenant) {
		String token = TestServices.keycloak()
			.passwordGrant(name + "@" + tenant.slug() + ".example.com", "long-enough-password");
		List<JsonNode> items = new ArrayList<>();
		this.api.get("/api/v1/notifications", ApiClient.bearer(token)).json().get("items").forEach(items::add);
		return items;
	}

	private List<JsonNode> breaches(SignedUp tenant) {
		List<JsonNode> items = new ArrayList<>();
		this.api.get("/api/v1/sla-breaches", tenant.auth()).json().get("items").forEach(items::add);
		return items;
	}

	private List<JsonNode> timers(SignedUp tenant, String person) {
		List<JsonNode> items = new ArrayList<>();
		this.api.get("/api/v1/sla-timers?personId=" + person, tenant.auth()).json().get("items").forEach(items::add);
		return items;
	}

	private JsonNode timer(SignedUp tenant, String person) {
		return timers(tenant, person).get(0);
	}

}
