package io.revcycle.bench;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.AppProcess;
import io.revcycle.testsupport.RevcycleDatabase;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.postgresql.PGConnection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine's benchmark (run by {@code docs/benchmarks/engine-bench.sh}, results in
 * {@code docs/benchmarks/}): sustained ingest through {@code POST /api/v1/events} next to
 * PostgreSQL's {@code COPY} of the same activity rows, and the rescoring of a large
 * tenant after a model is activated. The platform runs from its built jar, on the real
 * services, in a database of its own that is dropped afterwards.
 */
public final class EngineBenchmark {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String[] TYPES = { "page_view", "page_view", "page_view", "page_view", "page_view",
			"page_view", "email_opened", "email_opened", "email_clicked", "content_downloaded", "form_submitted",
			"meeting_held", "email_delivered", "page_view", "email_opened", "page_view", "page_view",
			"content_downloaded", "email_clicked", "page_view" };

	private static final String[] INDUSTRIES = { "Software", "Retail", "Financial Services", "Manufacturing",
			"Healthcare" };

	private EngineBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int persons = intArg(args, 0, 50_000);
		int events = intArg(args, 1, 200_000);
		int rescorePersons = intArg(args, 2, 1_000_000);
		int clients = intArg(args, 3, 2);
		RevcycleDatabase database = TestServices.postgres().createDatabase("revcycle_bench", true);
		int management = BenchPlatform.freePort();
		try (AppProcess platform = BenchPlatform.start(database, management)) {
			ApiClient api = new ApiClient(platform.url());
			SignedUp tenant = TestTenants.signUp(api, "bench");
			String key = api.post("/api/v1/api-keys", Map.of("name", "bench"), tenant.auth())
				.json()
				.get("key")
				.asString();

			List<String> batches = batches(persons, events, 500);
			int warmup = Math.min(20, batches.size() / 10);
			post(api, key, batches.subList(0, warmup), clients);
			analyze(database);
			Instant started = Instant.now();
			Memory memory = new Memory(new ApiClient("http://localhost:" + management), platform.process().pid());
			memory.sample();
			String before = memory.toString();
			var sampling = Executors.newSingleThreadScheduledExecutor();
			try {
				sampling.scheduleAtFixedRate(memory::sample, 2, 2, java.util.concurrent.TimeUnit.SECONDS);
				post(api, key, batches.subList(warmup, batches.size()), clients);
			}
			finally {
				sampling.shutdownNow();
			}
			double seconds = Duration.between(started, Instant.now()).toMillis() / 1000d;
			memory.sample();
			int measured = (batches.size() - warmup) * 500;
			double ingestRate = measured / seconds;

			double copyRate = copyRate(database, tenant.id(), events);

			System.out.printf(
					"%nIngest: %d events in batches of 500 from %d clients, %d persons: %.0f events/s " + "(%.1f s)%n",
					measured, clients, persons, ingestRate, seconds);
			System.out.printf("COPY of the same number of activity rows into a table like activities: %.0f rows/s%n",
					copyRate);
			System.out.printf("Ingest / COPY: %.1f%%%n", 100 * ingestRate / copyRate);
			System.out.printf("Platform memory, measured ingest: at its start %s; at its end %s; highest %s%n", before,
					memory, memory.highest());

			if (rescorePersons > 0) {
				rescoring(api, database, rescorePersons);
			}
		}
	}

	/**
	 * The platform's memory: its resident set (from {@code /proc}), its heap in use and
	 * the live data the last collection left (from its Prometheus endpoint), in MiB.
	 */
	private static final class Memory {

		private final ApiClient api;

		private final long pid;

		private volatile double rss;

		private volatile double heap;

		private volatile double live;

		private volatile double maxRss;

		private volatile double maxHeap;

		private volatile double heapLimit;

		Memory(ApiClient api, long pid) {
			this.api = api;
			this.pid = pid;
		}

		synchronized void sample() {
			try {
				this.rss = BenchPlatform.residentMib(this.pid);
				double heapUsed = 0;
				double limit = 0;
				double afterGc = 0;
				double oldMax = 0;
				for (String line : this.api.get("/actuator/prometheus").body().split("\n")) {
					if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
						heapUsed += value(line);
					}
					else if (line.startsWith("jvm_memory_max_bytes{") && line.contains("area=\"heap\"")
							&& value(line) > 0) {
						limit += value(line);
						if (line.contains("Old Gen")) {
							oldMax = value(line);
						}
					}
					else if (line.startsWith("jvm_memory_usage_after_gc") && line.contains("area=\"heap\"")) {
						// the long-lived pool's share of its maximum, after the last
						// collection
						afterGc = value(line);
					}
				}
				this.heap = heapUsed / (1024d * 1024d);
				this.heapLimit = limit / (1024d * 1024d);
				this.live = afterGc * oldMax / (1024d * 1024d);
				this.maxRss = Math.max(this.maxRss, this.rss);
				this.maxHeap = Math.max(this.maxHeap, this.heap);
			}
			catch (Exception ex) {
				System.err.println("memory sample failed: " + ex);
			}
		}

		private static double value(String line) {
			return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
		}

		String highest() {
			return String.format("RSS %.0f MiB, heap in use %.0f MiB (of at most %.0f)", this.maxRss, this.maxHeap,
					this.heapLimit);
		}

		@Override
		public String toString() {
			return String.format(
					"RSS %.0f MiB, heap in use %.0f MiB, old generation after the last collection %.0f MiB", this.rss,
					this.heap, this.live);
		}

	}

	private static void rescoring(ApiClient api, RevcycleDatabase database, int count) throws Exception {
		SignedUp tenant = TestTenants.signUp(api, "bench-rescore");
		String[] marketing = user(api, tenant, "marketing");
		String[] sdr = user(api, tenant, "sdr");
		// make sure the default model exists, then load people and one activity each
		// straight into the tables
		api.get("/api/v1/scoring-models", tenant.auth());
		Instant loading = Instant.now();
		try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.ownerUser(),
				database.ownerPassword()); Statement st = c.createStatement()) {
			st.execute("select set_config('app.tenant_id', '" + tenant.id() + "', false)");
			// generated inside PostgreSQL (COPY is refused on tables with row-level
			// security)
			st.execute("insert into persons (tenant_id, id, email, title, stage, created_at, updated_at) " + "select '"
					+ tenant.id() + "', gen_random_uuid(), 'p' || i || '@rescore.example', "
					+ "case when i % 4 = 0 then 'VP Sales' else 'Engineer' end, 'Known', now(), now() "
					+ "from generate_series(1, " + count + ") as i");
			st.execute("insert into activities (tenant_id, id, source, external_id, type, occurred_at, received_at, "
					+ "person_id, properties) select tenant_id, gen_random_uuid(), 'bench', 'a' || id, 'page_view', "
					+ "now(), now(), id, '{\"url\": \"/pricing\"}' from persons");
			st.execute("analyze persons; analyze activities");
		}
		System.out.printf("Loaded %d people with one activity each in %.1f s%n", count,
				Duration.between(loading, Instant.now()).toMillis() / 1000d);
		Map<String, Object> definition = JSON.convertValue(io.revcycle.scoring.ScoringDefinition.defaults(),
				LinkedHashMap.class);
		definition.put("mqlBehaviour", 10);
		String model = api.post("/api/v1/scoring-models", Map.of("definition", definition), marketing)
			.json()
			.get("id")
			.asString();
		api.post("/api/v1/scoring-models/" + model + "/propose", Map.of(), marketing);
		api.post("/api/v1/scoring-models/" + model + "/approvals", Map.of(), marketing);
		Instant approved = Instant.now();
		JsonNode result = api.post("/api/v1/scoring-models/" + model + "/approvals", Map.of(), sdr).json();
		if (!"ACTIVE".equals(result.get("status").asString())) {
			throw new IllegalStateException("not activated: " + result);
		}
		// autovacuum is off on the benchmark machines: without it the planner keeps
		// judging the tables the run fills (stays, timers, timeline) by the statistics of
		// before the run, and picks plans that read all of the tenant's rows per chunk.
		// REVCYCLE_BENCH_ANALYZE_SECONDS=n analyzes them every n seconds, as autovacuum
		// would on a production server; 0 (the default) leaves them as they are.
		int analyzeEvery = Integer.parseInt(System.getenv().getOrDefault("REVCYCLE_BENCH_ANALYZE_SECONDS", "0"));
		JsonNode progress;
		int seconds = 0;
		do {
			Thread.sleep(1000);
			seconds++;
			if (analyzeEvery > 0 && seconds % analyzeEvery == 0) {
				try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.ownerUser(),
						database.ownerPassword()); Statement st = c.createStatement()) {
					st.execute("analyze stage_stays, sla_timers, timeline_entries, persons, campaign_conversions");
				}
			}
			progress = api.get("/api/v1/scoring-models/" + model, marketing).json().get("rescoring");
			System.out.printf("  rescoring: %d of %d%n", progress.get("done").asInt(), progress.get("total").asInt());
		}
		while ("RUNNING".equals(progress.get("status").asString()));
		System.out.printf("Rescoring of %d people after activation: %s in %.1f s%n", count,
				progress.get("status").asString(), Duration.between(approved, Instant.now()).toMillis() / 1000d);
	}

	/**
	 * What autovacuum does on its own after a while: statistics for every table the
	 * warm-up filled (the stays, lead creations and touches too, which a named list once
	 * left out), so the measured part runs with the plans a long-lived database has.
	 */
	private static void analyze(RevcycleDatabase database) throws Exception {
		try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.ownerUser(),
				database.ownerPassword()); Statement st = c.createStatement()) {
			st.execute("analyze");
		}
	}

	private static String[] user(ApiClient api, SignedUp tenant, String role) {
		String email = role + "@" + tenant.slug() + ".example.com";
		api.post("/api/v1/users", Map.of("email", email, "password", "bench-password", "roles", List.of(role)),
				tenant.auth());
		return ApiClient.bearer(TestServices.keycloak().passwordGrant(email, "bench-password"));
	}

	private static void post(ApiClient api, String key, List<String> batches, int clients) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		AtomicInteger next = new AtomicInteger();
		List<Future<?>> running = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			running.add(pool.submit(() -> {
				for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
					ApiClient.Response response = api.send("POST", "/api/v1/events", batches.get(i), "application/json",
							ApiClient.apiKey(key));
					if (response.status() != 200) {
						throw new IllegalStateException("batch " + i + ": " + response);
					}
				}
				return null;
			}));
		}
		for (Future<?> f : running) {
			f.get();
		}
		pool.shutdown();
	}

	/**
	 * Realistic mixed events: mostly page views and email, a few forms, downloads and
	 * meetings.
	 */
	private static List<String> batches(int persons, int events, int size) {
		Random random = new Random(42);
		List<String> batches = new ArrayList<>();
		List<Map<String, Object>> batch = new ArrayList<>(size);
		Instant start = Instant.now().minus(Duration.ofDays(90));
		for (int i = 0; i < events; i++) {
			int p = random.nextInt(persons);
			String type = TYPES[random.nextInt(TYPES.length)];
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("type", type);
			event.put("occurredAt", start.plusSeconds(i * 30L).toString());
			event.put("source", "bench");
			event.put("externalId", "e" + i);
			event.put("person", Map.of("email", "person" + p + "@company" + (p % 5000) + ".example"));
			if (random.nextInt(5) == 0) {
				// a company's firmographics are its own, whoever the event is about
				int company = p % 5000;
				event.put("account", Map.of("domain", "company" + company + ".example", "industry",
						INDUSTRIES[company % INDUSTRIES.length], "employees", 10 + (company % 3000), "country", "US"));
			}
			if (type.equals("page_view")) {
				event.put("properties",
						Map.of("url", (random.nextInt(10) == 0) ? "/pricing" : "/blog/post-" + random.nextInt(200)));
			}
			else {
				event.put("properties", Map.of("campaign", "c" + random.nextInt(20)));
			}
			batch.add(event);
			if (batch.size() == size) {
				batches.add(JSON.writeValueAsString(Map.of("events", batch)));
				batch = new ArrayList<>(size);
			}
		}
		return batches;
	}

	/**
	 * PostgreSQL's COPY of as many activity rows into a table like activities (same
	 * indexes, no checks).
	 */
	private static double copyRate(RevcycleDatabase database, UUID tenant, int rows) throws Exception {
		try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.ownerUser(),
				database.ownerPassword()); Statement st = c.createStatement()) {
			st.execute("create table bench_copy (like activities including all)");
			StringBuilder data = new StringBuilder();
			Random random = new Random(1);
			String now = Instant.now().toString();
			for (int i = 0; i < rows; i++) {
				data.append(tenant)
					.append('\t')
					.append(UUID.randomUUID())
					.append("\tbench\te")
					.append(i)
					.append('\t')
					.append(TYPES[random.nextInt(TYPES.length)])
					.append('\t')
					.append(now)
					.append('\t')
					.append(now)
					.append('\t')
					.append(UUID.randomUUID())
					.append("\t\\N\t\\N\t{\"url\": \"/blog/post-")
					.append(random.nextInt(200))
					.append("\"}\n");
			}
			Instant started = Instant.now();
			((PGConnection) c.unwrap(PGConnection.class)).getCopyAPI()
				.copyIn("copy bench_copy (tenant_id, id, source, external_id, type, occurred_at, received_at, "
						+ "person_id, account_id, campaign, properties) from stdin", new StringReader(data.toString()));
			double seconds = Duration.between(started, Instant.now()).toMillis() / 1000d;
			st.execute("drop table bench_copy");
			return rows / seconds;
		}
	}

	private static int intArg(String[] args, int index, int fallback) {
		return (args.length > index) ? Integer.parseInt(args[index]) : fallback;
	}

}
