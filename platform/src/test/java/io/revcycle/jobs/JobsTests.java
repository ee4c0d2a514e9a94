package io.revcycle.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.revcycle.ApiTest;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.ApiClient;
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
 * Imports and exports as background jobs: 202 with the job, progress up to the total,
 * rejected records with their line and reason, a result to download, cancellation, a run
 * that dies resumed without storing anything twice, fairness between tenants, and nothing
 * of one tenant's jobs reachable by another.
 */
class JobsTests extends ApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String[] ASYNC = { "Prefer", "respond-async" };

	@Autowired
	private JobWorker worker;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TransactionTemplate tx;

	@AfterEach
	void resume() {
		this.worker.pause(false);
	}

	@Test
	void aPeopleCsvImportRunsAsAJobWithProgressAndRejectedLines() {
		SignedUp a = TestTenants.signUp(this.api, "jobs-csv");
		SignedUp b = TestTenants.signUp(this.api, "jobs-csv-other");
		StringBuilder csv = new StringBuilder("email,firstName,accountDomain,employees,country\n");
		int rows = 1200;
		for (int i = 1; i <= rows; i++) {
			if (i % 400 == 0) {
				csv.append("not-an-email-").append(i).append(",X,,,\n");
			}
			else if (i == 999) {
				csv.append("many").append(i).append("@jobs.example.com,Y,,many,\n");
			}
			else {
				csv.append("p")
					.append(i)
					.append("@")
					.append(a.slug())
					.append(".example.com,P")
					.append(i)
					.append(",")
					.append(a.slug())
					.append(".example.com,50,DE\n");
			}
		}
		ApiClient.Response submitted = this.api.send("POST", "/api/v1/people/import", csv.toString(), "text/csv",
				with(a.auth(), ASYNC));
		assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
		String id = submitted.json().get("id").asString();
		assertThat(submitted.header("Location")).isEqualTo("/api/v1/jobs/" + id);
		assertThat(submitted.json().get("kind").asString()).isEqualTo("people-import");
		assertThat(submitted.json().get("status").asString()).isIn("queued", "running");

		JsonNode job = awaitEnd(a, id);
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
		assertThat(job.get("total").asLong()).isEqualTo(rows);
		assertThat(job.get("done").asLong()).isEqualTo(rows);
		assertThat(job.get("accepted").asLong()).isEqualTo(rows - 4);
		assertThat(job.get("rejectedCount").asLong()).isEqualTo(4);
		List<String> rejected = new ArrayList<>();
		job.get("rejected")
			.values()
			.forEach((r) -> rejected.add(r.get("line").asLong() + ": " + r.get("reason").asString()));
		assertThat(rejected).containsExactly("401: email is not an email address", "801: email is not an email address",
				"1000: employees is not a number", "1201: email is not an email address");
		assertThat(count(a, "select count(*) from persons")).isEqualTo(rows - 4);

		ApiClient.Response report = this.api.get(job.get("resultUrl").asString(), a.auth());
		assertThat(report.status()).as(report.toString()).isEqualTo(200);
		assertThat(report.json().get("accepted").asLong()).isEqualTo(rows - 4);
		assertThat(report.json().get("rejected").size()).isEqualTo(4);
		assertThat(ids(this.api.get("/api/v1/jobs", a.auth()).json())).contains(id);

		// tenant B reaches none of it
		assertThat(this.api.get("/api/v1/jobs/" + id, b.auth()).status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/jobs/" + id + "/result", b.auth()).status()).isEqualTo(404);
		assertThat(this.api.post("/api/v1/jobs/" + id + "/cancel", Map.of(), b.auth()).status()).isEqualTo(404);
		assertThat(ids(this.api.get("/api/v1/jobs", b.auth()).json())).doesNotContain(id);
		assertThat(count(b, "select count(*) from persons")).isZero();
		assertThat(count(a, "select count(*) from job_inputs")).as("the input is removed once done").isZero();

		// the small synchronous import is as it was
		ApiClient.Response sync = this.api.send("POST", "/api/v1/people/import", "email\nsync@b.example.com\n",
				"text/csv", b.auth());
		assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
		assertThat(sync.json().get("accepted").asInt()).isEqualTo(1);
	}

	@Test
	void anEventsImportGoesThroughTheIntakeAndStoresEachEventOnce() {
		SignedUp a = TestTenants.signUp(this.api, "jobs-events");
		SignedUp b = TestTenants.signUp(this.api, "jobs-events-other");
		int events = 700;
		String file = events(a, events, true);
		ApiClient.Response submitted = this.api.send("POST", "/api/v1/events/import", file, "application/x-ndjson",
				a.auth());
		assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
		JsonNode job = awaitEnd(a, submitted.json().get("id").asString());
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
		assertThat(job.get("total").asLong()).isEqualTo(events + 3);
		assertThat(job.get("done").asLong()).isEqualTo(events + 3);
		assertThat(job.get("accepted").asLong()).isEqualTo(events);
		assertThat(job.get("rejectedCount").asLong()).isEqualTo(3);
		List<String> reasons = new ArrayList<>();
		job.get("rejected")
			.values()
			.forEach((r) -> reasons.add(r.get("line").asLong() + ": " + r.get("reason").asString()));
		assertThat(reasons).hasSize(3);
		assertThat(reasons.get(0)).startsWith("2: ").contains("type");
		assertThat(reasons.get(1)).startsWith("4: ").contains("not a JSON event");
		assertThat(reasons.get(2)).startsWith("6: ").contains("amount");
		assertThat(String.join(" ", reasons)).doesNotContain("io.revcycle").doesNotContain("java.");
		assertThat(count(a, "select count(*) from activities")).isEqualTo(events);
		// identity resolution, scoring and stages applied as through POST /api/v1/events
		JsonNode person = this.api.get("/api/v1/people?email=lead7@" + a.slug() + ".example.com", a.auth())
			.json()
			.get("items")
			.get(0);
		assertThat(person.get("behaviourScore").asInt()).isPositive();
		assertThat(count(a, "select count(*) from persons")).isEqualTo(events / 7);

		// the same file again: every event is a duplicate, nothing is stored twice
		ApiClient.Response again = this.api.send("POST", "/api/v1/events/import", file, "application/x-ndjson",
				a.auth());
		JsonNode second = awaitEnd(a, again.json().get("id").asString());
		assertThat(second.get("status").asString()).isEqualTo("succeeded");
		assertThat(second.get("accepted").asLong()).isZero();
		assertThat(count(a, "select count(*) from activities")).isEqualTo(events);
		assertThat(count(b, "select count(*) from activities")).isZero();
		assertThat(this.api.get("/api/v1/jobs/" + second.get("id").asString(), b.auth()).status()).isEqualTo(404);
	}

	@Test
	void anExportJobGivesTheSameRecordsAsTheStreamedExport() {
		SignedUp a = TestTenants.signUp(this.api, "jobs-export");
		SignedUp b = TestTenants.signUp(this.api, "jobs-export-other");
		ApiClient.Response imported = this.api.send("POST", "/api/v1/events/import", events(a, 140, false),
				"application/x-ndjson", a.auth());
		assertThat(awaitEnd(a, imported.json().get("id").asString()).get("status").asString()).isEqualTo("succeeded");

		ApiClient.Response submitted = this.api.send("GET", "/api/v1/export", null, null, with(a.auth(), ASYNC));
		assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
		String id = submitted.json().get("id").asString();
		JsonNode job = awaitEnd(a, id);
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
		ApiClient.Response file = this.api.get(job.get("resultUrl").asString(), a.auth());
		assertThat(file.status()).isEqualTo(200);
		assertThat(file.contentType()).startsWith("application/x-ndjson");
		assertThat(job.get("done").asLong()).isEqualTo(job.get("total").asLong())
			.isEqualTo(file.body().lines().count());
		ApiClient.Response streamed = this.api.get("/api/v1/export", a.auth());
		Map<String, Integer> fromJob = kinds(file.body());
		Map<String, Integer> fromStream = kinds(streamed.body());
		// the audit log and the jobs grow with each export; everything else is the same
		for (String growing : List.of("audit", "jobs", "job_results")) {
			fromJob.remove(growing);
			fromStream.remove(growing);
		}
		assertThat(fromJob).isEqualTo(fromStream).containsEntry("activities", 140).containsKey("people");
		assertThat(file.body()).doesNotContain(b.slug());

		JsonNode audit = this.api.get("/api/v1/audit?action=tenant.exported", a.auth()).json().get("items");
		List<String> targets = new ArrayList<>();
		audit.values().forEach((entry) -> targets.add(entry.get("target").asString("")));
		assertThat(targets).contains("job:" + id);

		assertThat(this.api.get("/api/v1/jobs/" + id + "/result", b.auth()).status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/jobs/" + id, b.auth()).status()).isEqualTo(404);
		assertThat(this.api.send("GET", "/api/v1/export", null, null, with(b.auth(), ASYNC)).status()).isEqualTo(202);
	}

	@Test
	void aCancelledJobStopsBetweenChunks() {
		SignedUp a = TestTenants.signUp(this.api, "jobs-cancel");
		SignedUp b = TestTenants.signUp(this.api, "jobs-cancel-other");
		this.worker.pause(true);
		String queued = submitPeople(a, 600);
		String running = submitPeople(a, 6000);
		ApiClient.Response cancelled = this.api.post("/api/v1/jobs/" + queued + "/cancel", Map.of(), a.auth());
		assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
		assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");

		// the other one is cancelled while a worker runs it: it stops between two chunks
		JobWorker.Claimed claimed = this.worker.claim(UUID.randomUUID());
		assertThat(claimed.id().toString()).isEqualTo(running);
		Thread work = new Thread(() -> this.worker.work(claimed, -1));
		work.start();
		await(() -> job(a, running).get("done").asLong() >= 500);
		assertThat(this.api.post("/api/v1/jobs/" + running + "/cancel", Map.of(), b.auth()).status()).isEqualTo(404);
		ApiClient.Response stop = this.api.post("/api/v1/jobs/" + running + "/cancel", Map.of(), a.auth());
		assertThat(stop.status()).as(stop.toString()).isEqualTo(200);
		join(work);
		assertThat(work.isAlive()).isFalse();
		this.worker.pause(false);
		JsonNode job = job(a, running);
		assertThat(job.get("status").asString()).isEqualTo("cancelled");
		long done = job.get("done").asLong();
		assertThat(done).as("stopped before the end, after whole chunks").isLessThan(6000).isPositive();
		assertThat(done % 500).isZero();
		sleep(Duration.ofSeconds(1));
		assertThat(job(a, running).get("done").asLong()).as("it stays stopped").isEqualTo(done);
		assertThat(count(a, "select count(*) from persons")).as("what was committed, nothing of the chunk under way")
			.isEqualTo(done);
		assertThat(job(a, queued).get("status").asString()).isEqualTo("cancelled");
		assertThat(count(a, "select count(*) from job_inputs")).isZero();
		ApiClient.Response again = this.api.post("/api/v1/jobs/" + running + "/cancel", Map.of(), a.auth());
		assertThat(again.status()).as("cancelling again changes nothing").isEqualTo(200);
		String small = submitPeople(a, 10);
		assertThat(awaitEnd(a, small).get("status").asString()).isEqualTo("succeeded");
		ApiClient.Response late = this.api.post("/api/v1/jobs/" + small + "/cancel", Map.of(), a.auth());
		assertThat(late.status()).isEqualTo(409);
		assertThat(late.contentType()).startsWith("application/problem+json");
		assertThat(late.json().get("detail").asString()).contains("succeeded");
	}

	@Test
	void aJobWhoseReplicaDiedIsResumedWithoutDuplicates() {
		SignedUp a = TestTenants.signUp(this.api, "jobs-restart");
		SignedUp b = TestTenants.signUp(this.api, "jobs-restart-other");
		this.worker.pause(true);
		int events = 1400;
		ApiClient.Response submitted = this.api.send("POST", "/api/v1/events/import", events(a, events, false),
				"application/x-ndjson", a.auth());
		String id = submitted.json().get("id").asString();
		ApiClient.Response bJob = this.api.send("POST", "/api/v1/events/import", events(b, 14, false),
				"application/x-ndjson", b.auth());

		// a replica claims A's job, commits one chunk and dies in the middle of the next
		JobWorker.Claimed claimed = this.worker.claim(UUID.randomUUID());
		assertThat(claimed.id().toString()).isEqualTo(id);
		this.worker.work(claimed, 1);
		JsonNode halfway = job(a, id);
		assertThat(halfway.get("status").asString()).isEqualTo("running");
		assertThat(halfway.get("done").asLong()).isEqualTo(500);
		assertThat(count(a, "select count(*) from activities")).isEqualTo(500);

		// its lease runs out; another worker resumes from the last committed chunk
		expireLeases(a);
		this.worker.pause(false);
		JsonNode job = awaitEnd(a, id);
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
		assertThat(job.get("done").asLong()).isEqualTo(events);
		assertThat(job.get("total").asLong()).isEqualTo(events);
		assertThat(job.get("accepted").asLong()).isEqualTo(events);
		assertThat(count(a, "select count(*) from activities")).isEqualTo(events);
		assertThat(count(a, "select count(distinct (source, external_id)) from activities")).isEqualTo(events);
		assertThat(count(a, "select count(distinct timeline_id) from activities")).isEqualTo(events);
		assertThat(awaitEnd(b, bJob.json().get("id").asString()).get("status").asString()).isEqualTo("succeeded");
		assertThat(count(b, "select count(*) from activities")).isEqualTo(14);
	}

	@Test
	void oneTenantsJobsDoNotHoldUpAnothers() {
		SignedUp a = TestTenants.signUp(this.api, "jobs-fair");
		SignedUp b = TestTenants.signUp(this.api, "jobs-fair-other");
		this.worker.pause(true);
		String a1 = submitPeople(a, 20);
		String a2 = submitPeople(a, 20);
		String a3 = submitPeople(a, 20);
		String b1 = submitPeople(b, 20);
		UUID owner = UUID.randomUUID();
		List<String> claimed = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			JobWorker.Claimed job = this.worker.claim(owner);
			if (job != null && (job.tenantId().equals(a.id()) || job.tenantId().equals(b.id()))) {
				claimed.add(job.id().toString());
			}
		}
		assertThat(claimed).as("A's oldest, then B's, not A's second while A has one running").containsExactly(a1, b1);
		expireLeases(a);
		expireLeases(b);
		this.worker.pause(false);
		for (String id : List.of(a1, a2, a3)) {
			assertThat(awaitEnd(a, id).get("status").asString()).isEqualTo("succeeded");
		}
		assertThat(awaitEnd(b, b1).get("status").asString()).isEqualTo("succeeded");
		JsonNode page = this.api.get("/api/v1/jobs?limit=2", a.auth()).json();
		assertThat(page.get("items").size()).isEqualTo(2);
		JsonNode next = this.api.get("/api/v1/jobs?limit=2&cursor=" + page.get("nextCursor").asString(), a.auth())
			.json();
		assertThat(ids(page)).containsExactly(a3, a2);
		assertThat(ids(next)).containsExactly(a1);
		assertThat(next.get("nextCursor").isNull()).isTrue();
		assertThat(this.api.get("/api/v1/jobs?status=bogus", a.auth()).status()).isEqualTo(400);
	}

	// ---- helpers ---------------------------------------------------------------------

	private String submitPeople(SignedUp tenant, int rows) {
		StringBuilder csv = new StringBuilder("email\n");
		String batch = UUID.randomUUID().toString().substring(0, 6);
		for (int i = 0; i < rows; i++) {
			csv.append("p")
				.append(i)
				.append("-")
				.append(batch)
				.append("@")
				.append(tenant.slug())
				.append(".example.com\n");
		}
		ApiClient.Response submitted = this.api.send("POST", "/api/v1/people/import", csv.toString(), "text/csv",
				with(tenant.auth(), ASYNC));
		assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
		return submitted.json().get("id").asString();
	}

	/** NDJSON events, seven per person; with three bad lines at 2, 4 and 6 when asked. */
	private static String events(SignedUp tenant, int count, boolean withBadLines) {
		StringBuilder file = new StringBuilder();
		int line = 0;
		for (int i = 0; i < count; i++) {
			line++;
			if (withBadLines && line == 2) {
				file.append("{\"type\":\"Not A Type\",\"occurredAt\":\"2026-11-20T10:00:00Z\",\"source\":\"web\","
						+ "\"externalId\":\"bad-1\",\"person\":{\"email\":\"x@y.example.com\"}}\n");
				line++;
			}
			if (withBadLines && line == 4) {
				file.append("{this is not json\n");
				line++;
			}
			if (withBadLines && line == 6) {
				file.append(
						"{\"type\":\"payment_succeeded\",\"occurredAt\":\"2026-11-20T10:00:00Z\",\"source\":\"web\","
								+ "\"externalId\":\"bad-3\",\"person\":{\"email\":\"x@y.example.com\"}}\n");
				line++;
			}
			Map<String, Object> event = Map.of("type", (i % 7 == 3) ? "demo_requested" : "page_view", "occurredAt",
					"2026-11-20T10:00:00Z", "source", "web", "externalId", "ev-" + i, "person",
					Map.of("email", "lead" + (i / 7) + "@" + tenant.slug() + ".example.com"), "properties",
					Map.of("url", "https://example.com/pricing"));
			file.append(JSON.writeValueAsString(event)).append('\n');
		}
		return file.toString();
	}

	private JsonNode job(SignedUp tenant, String id) {
		ApiClient.Response response = this.api.get("/api/v1/jobs/" + id, tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private JsonNode awaitEnd(SignedUp tenant, String id) {
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (true) {
			JsonNode job = job(tenant, id);
			if (!job.get("finishedAt").isNull()) {
				return job;
			}
			assertThat(System.nanoTime()).as("job " + id + " ended in time: " + job).isLessThan(deadline);
			sleep(Duration.ofMillis(100));
		}
	}

	private static void await(java.util.function.BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("in time").isLessThan(deadline);
			sleep(Duration.ofMillis(20));
		}
	}

	private void expireLeases(SignedUp tenant) {
		TenantContext.runAs(tenant.id(), () -> this.tx.executeWithoutResult((status) -> this.jdbc
			.update("update jobs set lease_until = now() - interval '1 second' where status = 'running'")));
	}

	private long count(SignedUp tenant, String sql) {
		return TenantContext.callAs(tenant.id(),
				() -> this.tx.execute((status) -> this.jdbc.queryForObject(sql, Long.class)));
	}

	private static List<String> ids(JsonNode page) {
		List<String> ids = new ArrayList<>();
		page.get("items").values().forEach((job) -> ids.add(job.get("id").asString()));
		return ids;
	}

	private static Map<String, Integer> kinds(String ndjson) {
		Map<String, Integer> kinds = new TreeMap<>();
		ndjson.lines().forEach((line) -> kinds.merge(JSON.readTree(line).get("kind").asString(), 1, Integer::sum));
		return kinds;
	}

	private static String[] with(String[] auth, String[] more) {
		String[] all = new String[auth.length + more.length];
		System.arraycopy(auth, 0, all, 0, auth.length);
		System.arraycopy(more, 0, all, auth.length, more.length);
		return all;
	}

	private static void join(Thread thread) {
		try {
			thread.join(60_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
