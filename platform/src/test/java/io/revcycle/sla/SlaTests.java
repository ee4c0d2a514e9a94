package io.revcycle.sla;

import java.time.Duration;
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
import tools.jackson.databind.json.JsonMapper;

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

	static final JsonMapper JSON = JsonMapper.builder().build();

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
	void onlyTheOwnersOutboundCallSatisfiesTheSalTimer() {
		SignedUp tenant = TestTenants.signUp(this.api, "sla-sal");
		String owner = user(tenant, "otto", null);
		user(tenant, "rita", null);
		String person = mql(tenant, "sal@initech.com");
		owner(tenant, person, owner);
		assertThat(
				this.api.post("/api/v1/people/" + person + "/stage-actions", Map.of("action", "accept"), tenant.auth())
					.status())
			.isEqualTo(200);
		assertThat(timer(tenant, person).get("stage").asString()).isEqualTo("SAL");
		assertThat(timer(tenant, person).get("status").asString()).isEqualTo("OPEN");

		activity(tenant, "sal@initech.com", "call_outbound", "call-rita", this.clock.instant(),
				"rita@" + tenant.slug() + ".example.com");
		assertThat(timer(tenant, person).get("status").asString()).as("a call by someone else").isEqualTo("OPEN");
		activity(tenant, "sal@initech.com", "call_outbound", "call-stranger", this.clock.instant(),
				"stranger@elsewhere.example");
		assertThat(timer(tenant, person).get("status").asString()).as("a call by nobody of the tenant")
			.isEqualTo("OPEN");
		assertThat(this.api.get("/api/v1/people/" + person + "/timeline", tenant.auth()).body())
			.as("the actor is kept as given")
			.contains("stranger@elsewhere.example");

		activity(tenant, "sal@initech.com", "call_outbound", "call-otto", this.clock.instant(), owner);
		JsonNode sal = timer(tenant, person);
		assertThat(sal.get("status").asString()).isEqualTo("MET");
		assertThat(sal.get("nextStepAt").isNull()).isTrue();

		// another tenant's user is nobody here, even by id
		SignedUp other = TestTenants.signUp(this.api, "sla-sal-other");
		String bea = user(other, "bea", null);
		String theirs = mql(other, "sal@globex.com");
		owner(other, theirs, bea);
		assertThat(
				this.api.post("/api/v1/people/" + theirs + "/stage-actions", Map.of("action", "accept"), other.auth())
					.status())
			.isEqualTo(200);
		activity(other, "sal@globex.com", "call_outbound", "call-otto", this.clock.instant(), owner);
		assertThat(timer(other, theirs).get("status").asString()).isEqualTo("OPEN");
		activity(other, "sal@globex.com", "call_outbound", "call-bea", this.clock.instant(),
				"BEA@" + other.slug() + ".example.com");
		assertThat(timer(other, theirs).get("status").asString()).as("the owner, by email in any case")
			.isEqualTo("MET");
		assertThat(timers(other, person)).isEmpty();
	}

	@Test
	void aBreachedSalIsReassignedThenAutoRecycledOnceEach() {
		SignedUp tenant = TestTenants.signUp(this.api, "sla-ladder");
		String otto = user(tenant, "otto", null);
		String rita = user(tenant, "rita", null);
		Map<String, Object> routing = new LinkedHashMap<>();
		routing.put("rules", List.of());
		routing.put("reps", List.of(Map.of("userId", otto, "weight", 1, "away", false),
				Map.of("userId", rita, "weight", 1, "away", false)));
		assertThat(this.api.put("/api/v1/routing", routing, tenant.auth()).status()).isEqualTo(200);
		Map<String, Object> sal = new LinkedHashMap<>();
		sal.put("stage", "SAL");
		sal.put("minutes", 60);
		sal.put("businessTime", false);
		sal.put("ladder",
				List.of(Map.of("afterMinutes", 0, "action", "notify_owner"),
						Map.of("afterMinutes", 30, "action", "reassign"),
						Map.of("afterMinutes", 120, "action", "auto_recycle")));
		sal.put("satisfiedBy", List.of("call_outbound"));
		JsonNode defaults = this.api.get("/api/v1/sla-policies", tenant.auth()).json();
		Map<String, Object> update = new LinkedHashMap<>();
		update.put("policies", List.of(sal, Map.of("stage", "Recycled", "minutes", 4320, "businessTime", false,
				"ladder", List.of(Map.of("afterMinutes", 0, "action", "notify_owner")))));
		update.put("calendar", defaults.get("calendar"));
		ApiClient.Response saved = this.api.put("/api/v1/sla-policies", update, tenant.auth());
		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);

		Instant start = Instant.parse("2026-12-01T10:00:00Z");
		this.clock.freeze(start);
		String person = mql(tenant, "slow@initech.com");
		assertThat(person(tenant, person).get("ownerId").asString()).as("routed to the first rep").isEqualTo(otto);
		assertThat(
				this.api.post("/api/v1/people/" + person + "/stage-actions", Map.of("action", "accept"), tenant.auth())
					.status())
			.isEqualTo(200);

		this.clock.freeze(start.plus(Duration.ofMinutes(61)));
		this.slaClock.runDue();
		assertThat(breaches(tenant)).extracting((b) -> b.get("action").asString()).containsExactly("notify_owner");

		this.clock.freeze(start.plus(Duration.ofMinutes(91)));
		this.slaClock.runDue();
		this.slaClock.runDue();
		List<JsonNode> breaches = breaches(tenant);
		assertThat(breaches).extracting((b) -> b.get("action").asString())
			.as("each step once")
			.containsExactly("reassign", "notify_owner");
		assertThat(breaches.get(0).get("notified").get(0).asString()).isEqualTo(rita);
		assertThat(person(tenant, person).get("ownerId").asString()).isEqualTo(rita);
		assertThat(notifications("rita", tenant)).extracting((n) -> n.get("title").asString())
			.singleElement()
			.asString()
			.contains("reassigned to you");
		assertThat(this.api.get("/api/v1/people/" + person + "/timeline", tenant.auth()).body())
			.contains("owner_reassigned")
			.contains("sla reassignment");
		// the new owner gets the SLA's full time on a fresh timer; the breached one stops
		// there
		List<JsonNode> handedOver = timers(tenant, person);
		JsonNode fresh = handedOver.get(0);
		assertThat(fresh.get("stage").asString()).isEqualTo("SAL");
		assertThat(fresh.get("ownerId").asString()).isEqualTo(rita);
		assertThat(fresh.get("status").asString()).isEqualTo("OPEN");
		assertThat(fresh.get("openedAt").asString()).isEqualTo(start.plus(Duration.ofMinutes(91)).toString());
		assertThat(fresh.get("dueAt").asString()).isEqualTo(start.plus(Duration.ofMinutes(151)).toString());
		assertThat(fresh.get("nextStepAt").asString()).isEqualTo(start.plus(Duration.ofMinutes(151)).toString());
		assertThat(handedOver.get(1).get("status").asString()).isEqualTo("BREACHED");
		assertThat(handedOver.get(1).get("closedAt").isNull()).as("the breached timer is closed").isFalse();
		assertThat(handedOver.get(1).get("nextStepAt").isNull()).as("its ladder stops").isTrue();
		this.clock.freeze(start.plus(Duration.ofMinutes(121)));
		this.slaClock.runDue();
		assertThat(breaches(tenant)).as("the old ladder's auto-recycle does not run").hasSize(2);
		assertThat(person(tenant, person).get("stage").asString()).isEqualTo("SAL");

		// otto is away now: when rita breaches too, nobody else can take it, and it is
		// recycled
		routing.put("reps", List.of(Map.of("userId", otto, "weight", 1, "away", true),
				Map.of("userId", rita, "weight", 1, "away", false)));
		assertThat(this.api.put("/api/v1/routing", routing, tenant.auth()).status()).isEqualTo(200);
		for (int minutes : new int[] { 152, 182, 272 }) {
			this.clock.freeze(start.plus(Duration.ofMinutes(minutes)));
			this.slaClock.runDue();
			this.slaClock.runDue();
		}
		assertThat(breaches(tenant)).extracting((b) -> b.get("action").asString())
			.as("each step of each timer once")
			.containsExactly("auto_recycle", "reassign", "notify_owner", "reassign", "notify_owner");
		assertThat(person(tenant, person).get("stage").asString()).isEqualTo("Recycled");
		assertThat(person(tenant, person).get("ownerId").asString()).as("nobody else could take it").isEqualTo(rita);
		assertThat(this.api.get("/api/v1/people/" + person + "/timeline", tenant.auth()).body())
			.contains("sla:auto_recycle");
		List<JsonNode> timers = timers(tenant, person);
		assertThat(timers.get(0).get("stage").asString()).isEqualTo("Recycled");
		assertThat(timers.get(0).get("status").asString()).isEqualTo("OPEN");
		assertThat(timers.get(1).get("stage").asString()).isEqualTo("SAL");
		assertThat(timers.get(1).get("status").asString()).isEqualTo("BREACHED");
		assertThat(timers.get(1).get("closedAt").isNull()).as("recycling closed the SAL timer").isFalse();
		assertThat(timers.get(1).get("nextStepAt").isNull()).isTrue();
		assertThat(notifications("rita", tenant)).hasSize(3);
		assertThat(notifications("otto", tenant)).as("only the first step, before the reassignment").hasSize(1);

		SignedUp other = TestTenants.signUp(this.api, "sla-ladder-other");
		assertThat(breaches(other)).isEmpty();
		assertThat(timers(other, person)).isEmpty();
		assertThat(this.api.get("/api/v1/people/" + person + "/timeline", other.auth()).status()).isEqualTo(404);
	}

	@Test
	void activityRestartsTheClockOfAnOpportunity() {
		SignedUp tenant = TestTenants.signUp(this.api, "sla-quiet");
		opportunitiesOnEvent(tenant);
		Instant start = Instant.parse("2026-12-01T10:00:00Z");
		this.clock.freeze(start.minus(Duration.ofHours(3)));
		String person = mql(tenant, "deal@initech.com");
		for (String action : List.of("accept", "qualify")) {
			this.clock.freeze(this.clock.instant().plus(Duration.ofHours(1)));
			assertThat(this.api
				.post("/api/v1/people/" + person + "/stage-actions", Map.of("action", action), tenant.auth())
				.status()).isEqualTo(200);
		}
		this.clock.freeze(start);
		activity(tenant, "deal@initech.com", "opportunity_created", "opp-1", start, null);
		JsonNode timer = timer(tenant, person);
		assertThat(timer.get("stage").asString()).isEqualTo("Opportunity");
		assertThat(timer.get("dueAt").asString()).isEqualTo(start.plus(Duration.ofDays(14)).toString());

		Instant touched = start.plus(Duration.ofDays(10));
		this.clock.freeze(touched);
		activity(tenant, "deal@initech.com", "email_opened", "open-1", touched, null);
		timer = timer(tenant, person);
		assertThat(timer.get("dueAt").asString()).isEqualTo(touched.plus(Duration.ofDays(14)).toString());
		assertThat(timer.get("nextStepAt").asString()).isEqualTo(touched.plus(Duration.ofDays(14)).toString());

		this.clock.freeze(start.plus(Duration.ofDays(15)));
		this.slaClock.runDue();
		assertThat(breaches(tenant)).as("not quiet for 14 days yet").isEmpty();

		// fourteen quiet days after the last activity
		this.clock.freeze(touched.plus(Duration.ofDays(14)).plus(Duration.ofMinutes(1)));
		this.slaClock.runDue();
		assertThat(breaches(tenant)).extracting((b) -> b.get("action").asString()).containsExactly("notify_owner");

		Instant late = touched.plus(Duration.ofDays(15));
		this.clock.freeze(late);
		activity(tenant, "deal@initech.com", "meeting_held", "meeting-1", late, null);
		List<JsonNode> timers = timers(tenant, person);
		assertThat(timers.get(0).get("status").asString()).isEqualTo("OPEN");
		assertThat(timers.get(0).get("dueAt").asString()).isEqualTo(late.plus(Duration.ofDays(14)).toString());
		assertThat(timers.get(1).get("status").asString()).isEqualTo("BREACHED");
		assertThat(timers.get(1).get("closedAt").asString()).isEqualTo(late.toString());
		this.slaClock.runDue();
		assertThat(breaches(tenant)).as("the breached timer escalates no further").hasSize(1);

		SignedUp other = TestTenants.signUp(this.api, "sla-quiet-other");
		assertThat(timers(other, person)).isEmpty();
	}

	@Test
	void ladderActionsAreValidated() {
		SignedUp tenant = TestTenants.signUp(this.api, "sla-ladder-rules");
		JsonNode current = this.api.get("/api/v1/sla-policies", tenant.auth()).json();
		Map<String, Object> update = new LinkedHashMap<>();
		update.put("calendar", current.get("calendar"));
		update.put("policies",
				List.of(Map.of("stage", "SAL", "minutes", 60, "businessTime", false, "ladder",
						List.of(Map.of("afterMinutes", 0, "action", "auto_recycle"),
								Map.of("afterMinutes", 10, "action", "notify_owner")))));
		ApiClient.Response bad = this.api.put("/api/v1/sla-policies", update, tenant.auth());
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("detail").asString()).contains("policies[0].ladder[0].action");
		update.put("policies", List.of(Map.of("stage", "Recycled", "minutes", 60, "businessTime", false, "ladder",
				List.of(Map.of("afterMinutes", 0, "action", "auto_recycle")))));
		assertThat(this.api.put("/api/v1/sla-policies", update, tenant.auth()).status()).isEqualTo(400);
		update.put("policies", List.of(Map.of("stage", "Opportunity", "minutes", 60, "businessTime", false, "restartOn",
				List.of("any"), "byOwner", true, "ladder", List.of(Map.of("afterMinutes", 0, "action", "reassign"),
						Map.of("afterMinutes", 60, "action", "auto_recycle")))));
		ApiClient.Response good = this.api.put("/api/v1/sla-policies", update, tenant.auth());
		assertThat(good.status()).as(good.toString()).isEqualTo(200);
		assertThat(good.json().get("policies").get(0).get("restartOn").get(0).asString()).isEqualTo("any");
		assertThat(this.api.get("/api/v1/sla-policies", TestTenants.signUp(this.api, "sla-ladder-rules-other").auth())
			.json()
			.get("policies")
			.size()).isEqualTo(4);
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
		properties.put("revcycle.sla.poll-interval", "PT1H");
		properties.put("revcycle.outbox.poll-interval", "PT1H");
		try (ConfigurableApplicationContext second = new SpringApplicationBuilder(RevcycleApplication.class)
			.web(WebApplicationType.SERVLET)
			.initializers(new RealServicesInitializer())
			.properties(properties)
			// a free port as an argument: application.yml's 8081 outranks the builder's
			// properties, and a running stack may hold it
			.run("--server.port=0")) {
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
			// a bound that ends a broken run, not a speed requirement: a loaded machine
			// takes minutes
			long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
			for (SlaClock instance : List.of(this.slaClock, other)) {
				work.add(pool.submit((Callable<Integer>) () -> {
					// an instance that finds nothing claimable while the other holds the
					// rest (SKIP LOCKED) looks again until no step is pending or time is
					// up; this context's own scheduler claims some too, so the loop asks
					// the database rather than counting its own claims
					int handled = 0;
					while (pendingSteps(tenantId) > 0 && System.nanoTime() < deadline) {
						int claimed = instance.runDue();
						handled += claimed;
						if (claimed == 0) {
							Thread.sleep(20);
						}
					}
					return handled;
				}));
			}
			int handled = 0;
			for (Future<Integer> f : work) {
				handled += f.get();
			}
			pool.shutdown();
			assertThat(pendingSteps(tenantId)).as("every due step handled before the deadline").isZero();
			assertThat(handled).as("no timer claimed twice by the two instances").isLessThanOrEqualTo(timers);
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

	/**
	 * Moves that come in one batch leave the timers that the same moves one at a time
	 * would: a visitor who identifies and requests a demo in one event goes Anonymous ->
	 * Known -> MQL at one instant, so Known's timer opens and closes at once (met) and
	 * MQL's stays open; a person whose Known timer ran out is breached when they move on.
	 * Another tenant sees none of the timers.
	 */
	@Test
	void movesInOneBatchLeaveTheTimersThatMoveByMoveWould() {
		SignedUp tenant = TestTenants.signUp(this.api, "sla-batch");
		SignedUp other = TestTenants.signUp(this.api, "sla-batch-other");
		JsonNode defaults = this.api.get("/api/v1/sla-policies", tenant.auth()).json();
		Map<String, Object> update = new LinkedHashMap<>();
		update.put("policies",
				List.of(Map.of("stage", "Known", "minutes", 60, "businessTime", false, "ladder",
						List.of(Map.of("afterMinutes", 0, "action", "notify_owner"))),
						Map.of("stage", "MQL", "minutes", 30, "businessTime", false, "ladder",
								List.of(Map.of("afterMinutes", 0, "action", "notify_owner")))));
		update.put("calendar", defaults.get("calendar"));
		ApiClient.Response saved = this.api.put("/api/v1/sla-policies", update, tenant.auth());
		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
		Instant start = Instant.parse("2026-12-01T10:00:00Z");

		this.clock.freeze(start);
		visitor(tenant, "page_view", "b-1", "anon-bob", null);
		visitor(tenant, "page_view", "a-1", "anon-ann", null);
		String ann = visitor(tenant, "form_submitted", "a-2", "anon-ann", "ann@initech.com");
		this.clock.freeze(start.plus(Duration.ofMinutes(10)));
		String bob = visitor(tenant, "demo_requested", "b-2", "anon-bob", "bob@initech.com");
		this.clock.freeze(start.plus(Duration.ofMinutes(90)));
		visitor(tenant, "demo_requested", "a-3", "anon-ann", "ann@initech.com");

		Instant tenPast = start.plus(Duration.ofMinutes(10));
		List<JsonNode> bobs = timers(tenant, bob);
		assertThat(bobs).extracting((t) -> t.get("stage").asString() + " " + t.get("status").asString())
			.containsExactlyInAnyOrder("Known MET", "MQL OPEN");
		JsonNode known = bobs.stream().filter((t) -> t.get("stage").asString().equals("Known")).findFirst().get();
		assertThat(Instant.parse(known.get("openedAt").asString())).isEqualTo(tenPast);
		assertThat(Instant.parse(known.get("closedAt").asString())).isEqualTo(tenPast);
		assertThat(known.get("nextStepAt").isNull()).isTrue();
		JsonNode mql = bobs.stream().filter((t) -> t.get("stage").asString().equals("MQL")).findFirst().get();
		assertThat(Instant.parse(mql.get("dueAt").asString())).isEqualTo(tenPast.plus(Duration.ofMinutes(30)));
		assertThat(mql.get("closedAt").isNull()).isTrue();
		assertThat(Instant.parse(mql.get("nextStepAt").asString())).isEqualTo(tenPast.plus(Duration.ofMinutes(30)));

		List<JsonNode> anns = timers(tenant, ann);
		assertThat(anns).extracting((t) -> t.get("stage").asString() + " " + t.get("status").asString())
			.containsExactlyInAnyOrder("Known BREACHED", "MQL OPEN");
		JsonNode late = anns.stream().filter((t) -> t.get("stage").asString().equals("Known")).findFirst().get();
		assertThat(Instant.parse(late.get("closedAt").asString())).isEqualTo(start.plus(Duration.ofMinutes(90)));

		assertThat(this.api.get("/api/v1/sla-timers?personId=" + bob, other.auth()).json().get("items").size())
			.isZero();
		assertThat(this.api.get("/api/v1/sla-timers", other.auth()).json().get("items").size()).isZero();
	}

	private String visitor(SignedUp tenant, String type, String externalId, String anonymousId, String email) {
		Map<String, Object> person = new LinkedHashMap<>();
		person.put("anonymousId", anonymousId);
		if (email != null) {
			person.put("email", email);
		}
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", type);
		event.put("occurredAt", this.clock.instant().toString());
		event.put("source", "web");
		event.put("externalId", externalId);
		event.put("person", person);
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", List.of(event)), tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("results").get(0).get("personId").asString();
	}

	private int pendingSteps(UUID tenantId) {
		return TenantContext.callAs(tenantId, () -> this.tx.execute((status) -> this.jdbc
			.queryForObject("select count(*) from sla_timers where next_step_at is not null", Integer.class)));
	}

	private void activity(SignedUp tenant, String email, String type, String externalId, Instant at, String actor) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", type);
		event.put("occurredAt", at.toString());
		event.put("source", "crm");
		event.put("externalId", externalId);
		event.put("person", Map.of("email", email));
		if (actor != null) {
			event.put("actor", actor);
		}
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", List.of(event)), tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	private void owner(SignedUp tenant, String person, String owner) {
		assertThat(
				this.api.post("/api/v1/people/" + person + "/owner", Map.of("ownerId", owner), tenant.auth()).status())
			.isEqualTo(200);
	}

	private JsonNode person(SignedUp tenant, String id) {
		return this.api.get("/api/v1/people/" + id, tenant.auth()).json();
	}

	/**
	 * The tenant's stage model, with a deal opened from SQL by an
	 * {@code opportunity_created} event.
	 */
	@SuppressWarnings("unchecked")
	private void opportunitiesOnEvent(SignedUp tenant) {
		JsonNode model = this.api.get("/api/v1/stage-model", tenant.auth()).json();
		Map<String, Object> definition = JSON.convertValue(model, LinkedHashMap.class);
		definition.remove("version");
		List<Object> transitions = new ArrayList<>((List<Object>) definition.get("transitions"));
		transitions.add(Map.of("from", List.of("SQL"), "to", "Opportunity", "trigger",
				Map.of("kind", "event", "types", List.of("opportunity_created"))));
		definition.put("transitions", transitions);
		ApiClient.Response published = this.api.send("PUT", "/api/v1/stage-model", JSON.writeValueAsString(definition),
				"application/json", tenant.auth());
		assertThat(published.status()).as(published.toString()).isEqualTo(200);
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
		// the SLA's notifications (routing tells reps of new assignments too)
		this.api.get("/api/v1/notifications", ApiClient.bearer(token)).json().get("items").forEach((item) -> {
			if (item.get("kind").asString().equals("sla_breached")) {
				items.add(item);
			}
		});
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
