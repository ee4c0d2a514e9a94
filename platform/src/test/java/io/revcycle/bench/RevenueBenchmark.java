package io.revcycle.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.AppProcess;
import io.revcycle.testsupport.RevcycleDatabase;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import tools.jackson.databind.json.JsonMapper;

/**
 * The revenue benchmark: the analytics reports over a large tenant (people, activities,
 * campaign touches and funnel stays generated inside PostgreSQL; payments sent through
 * the event API so that their credits are computed by the engine itself), cold and warm;
 * and the ingest rate of the same events without and with campaigns and payments, so the
 * cost of attribution at ingest is known. Run by
 * {@code docs/benchmarks/revenue-bench.sh}.
 */
public final class RevenueBenchmark {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String[] TYPES = { "page_view", "page_view", "page_view", "email_opened", "email_clicked",
			"content_downloaded", "form_submitted", "page_view", "email_opened", "page_view" };

	private RevenueBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int people = intArg(args, 0, 1_000_000);
		int activities = intArg(args, 1, 10_000_000);
		int campaigns = intArg(args, 2, 200);
		int payments = intArg(args, 3, 100_000);
		int ingestEvents = intArg(args, 4, 100_000);
		int requests = intArg(args, 5, 30);
		// REVCYCLE_BENCH_KEEP=1 keeps the database after the run, to serve it with ./up
		// (see
		// docs/benchmarks/revenue.md); a kept database from an earlier run is dropped
		// first
		boolean keep = "1".equals(System.getenv("REVCYCLE_BENCH_KEEP"));
		TestServices.postgres().dropDatabase("revcycle_revenue_bench");
		RevcycleDatabase database = TestServices.postgres().createDatabase("revcycle_revenue_bench", !keep);
		try (AppProcess platform = BenchPlatform.start(database)) {
			ApiClient api = new ApiClient(platform.url());
			ingest(api, database, ingestEvents);
			SignedUp tenant = TestTenants.signUp(api, "bench-revenue");
			eur(api, tenant);
			String key = apiKey(api, tenant);
			Instant loading = Instant.now();
			generate(database, tenant, people, activities, campaigns);
			System.out.printf("Generated %,d people, %,d activities, %d campaigns with a year of costs in %.0f s%n",
					people, activities, campaigns, seconds(loading));
			analyze(database);
			Instant paying = Instant.now();
			pay(api, key, people, payments);
			analyze(database);
			System.out.printf("Sent %,d payments and %,d refunds through the event API (credits computed) in %.0f s%n",
					payments, payments / 20, seconds(paying));
			counts(database);
			reports(api, tenant, requests);
		}
	}

	/** Ingest of the same events without, then with, campaigns and payments. */
	private static void ingest(ApiClient api, RevcycleDatabase database, int events) throws Exception {
		if (events <= 0) {
			return;
		}
		// plain; with revenue; with revenue and the rollups' triggers off: twice, the
		// first
		// round warms the platform up, the second is reported
		double[] rates = new double[6];
		for (int run = 0; run < 6; run++) {
			int kind = run % 3;
			boolean revenue = kind > 0;
			rollups(database, kind != 2);
			SignedUp tenant = TestTenants.signUp(api,
					(kind == 0) ? "bench-ingest-plain" : (kind == 1) ? "bench-ingest-revenue" : "bench-ingest-bare");
			eur(api, tenant);
			String key = apiKey(api, tenant);
			List<String> batches = batches(events, 20_000, revenue);
			int warmup = Math.min(20, batches.size() / 10);
			post(api, key, batches.subList(0, warmup), 2);
			analyze(database);
			Instant started = Instant.now();
			post(api, key, batches.subList(warmup, batches.size()), 2);
			rates[run] = (batches.size() - warmup) * 500 / seconds(started);
		}
		rollups(database, true);
		System.out.printf("Ingest, 2%% payments, no campaign named: %.0f events/s (first round: %.0f)%n", rates[3],
				rates[0]);
		System.out.printf(
				"Ingest, the same events with 30%% naming a campaign (touches, and credits of 9 models at "
						+ "each payment): %.0f events/s, %.0f%% of the plain run (first round: %.0f, %.0f%%)%n",
				rates[4], 100 * rates[4] / rates[3], rates[1], 100 * rates[1] / rates[0]);
		System.out.printf(
				"Ingest, the same with the rollups' triggers off: %.0f events/s; with them, %.0f%% of that "
						+ "(first round: %.0f, %.0f%%)%n",
				rates[5], 100 * rates[4] / rates[5], rates[2], 100 * rates[1] / rates[2]);
	}

	/** The triggers that keep the reports' rollups, on or off. */
	private static void rollups(RevcycleDatabase database, boolean on) throws Exception {
		String url = database.jdbcUrl();
		try (Connection c = TestServices.postgres().connect(url.substring(url.lastIndexOf('/') + 1));
				Statement st = c.createStatement()) {
			for (String table : List.of("campaign_touches", "campaign_people", "attribution_credits",
					"campaign_conversions", "stage_stays")) {
				st.execute("alter table " + table + (on ? " enable" : " disable") + " trigger user");
			}
		}
	}

	private static List<String> batches(int events, int persons, boolean revenue) {
		Random random = new Random(7);
		List<String> batches = new ArrayList<>();
		List<Map<String, Object>> batch = new ArrayList<>();
		Instant start = Instant.now().minus(Duration.ofDays(30));
		for (int i = 0; i < events; i++) {
			int p = random.nextInt(persons);
			Map<String, Object> event = new LinkedHashMap<>();
			// the same events in both runs (payments included, so stage changes match);
			// only the run with
			// campaigns names them, so the difference is the touches and the credits of
			// nine models
			boolean pays = random.nextInt(50) == 0;
			String type = TYPES[random.nextInt(TYPES.length)];
			boolean named = random.nextInt(10) < 3;
			String campaign = "campaign-" + random.nextInt(200);
			event.put("type", pays ? "payment_succeeded" : type);
			event.put("occurredAt", start.plusSeconds(i * 20L).toString());
			event.put("source", "bench");
			event.put("externalId", "e" + i);
			event.put("person", Map.of("email", "person" + p + "@company" + (p % 2000) + ".example"));
			if (pays) {
				event.put("amount", Map.of("amount", "1200.00", "currency", (i % 5 == 0) ? "USD" : "EUR"));
			}
			else if (revenue && named) {
				event.put("campaign", campaign);
			}
			event.put("properties", Map.of("url", "/blog/post-" + random.nextInt(200)));
			batch.add(event);
			if (batch.size() == 500) {
				batches.add(JSON.writeValueAsString(Map.of("events", batch)));
				batch = new ArrayList<>();
			}
		}
		return batches;
	}

	/**
	 * A tenant's year: people, their activities (30% naming one of the campaigns, as
	 * touches), costs for every month, and the funnel's stays: everyone Known, a fifth
	 * MQL, and fewer at each stage after, leaks with reasons.
	 */
	private static void generate(RevcycleDatabase database, SignedUp tenant, int people, int activities, int campaigns)
			throws Exception {
		// as the server's administrator, with foreign-key triggers off for this session:
		// the rows are consistent by
		// construction, and checking 10 million references one by one would take most of
		// the load's time
		String url = database.jdbcUrl();
		try (Connection c = TestServices.postgres().connect(url.substring(url.lastIndexOf('/') + 1));
				Statement st = c.createStatement()) {
			String t = "'" + tenant.id() + "'";
			st.execute("set session_replication_role = replica");
			st.execute("insert into campaigns (tenant_id, id, key, name, channel, created_at, updated_at) select " + t
					+ ", gen_random_uuid(), 'campaign-' || i, 'Campaign ' || i, (array['paid search', 'email', "
					+ "'events', 'social'])[1 + i % 4], now(), now() from generate_series(0, " + (campaigns - 1)
					+ ") as i");
			st.execute("insert into campaign_costs (tenant_id, campaign_id, month, currency, amount) select " + t
					+ ", c.id, date_trunc('month', now() - (m || ' months')::interval)::date, "
					+ "case when m % 3 = 0 then 'USD' else 'EUR' end, 1000 + (abs(hashtext(c.key)) % 9000) "
					+ "from campaigns c, generate_series(0, 12) as m where c.tenant_id = " + t);
			st.execute("create temporary table bench_people as select i, gen_random_uuid() as id, "
					+ "now() - ((i % 365) || ' days')::interval - interval '1 hour' as born from generate_series(1, "
					+ people + ") as i");
			st.execute("insert into persons (tenant_id, id, email, stage, created_at, updated_at) select " + t
					+ ", id, 'person' || i || '@bench.example', case when i % 5 = 0 then 'MQL' else 'Known' end, "
					+ "born, born from bench_people");
			st.execute("insert into lead_creations (tenant_id, person_id, known_at) select " + t
					+ ", id, born from bench_people");
			st.execute("create temporary table bench_campaigns as select row_number() over (order by id) - 1 as n, "
					+ "id from campaigns where tenant_id = " + t);
			int perPerson = Math.max(1, activities / people);
			st.execute("insert into activities (tenant_id, id, source, external_id, type, occurred_at, received_at, "
					+ "person_id, campaign, properties) select " + t + ", gen_random_uuid(), 'bench', "
					+ "'a' || p.i || '-' || k, (array['page_view', 'email_opened', 'email_clicked', "
					+ "'content_downloaded'])[1 + (p.i + k) % 4], p.born + (k || ' hours')::interval, "
					+ "p.born + (k || ' hours')::interval, p.id, case when (p.i + k) % 10 < 3 then 'campaign-' || "
					+ "((p.i * 7 + k) % " + campaigns + ") end, '{}' from bench_people p, generate_series(1, "
					+ perPerson + ") as k");
			st.execute("insert into campaign_touches (tenant_id, activity_id, campaign_id, person_id, at) select a."
					+ "tenant_id, a.id, c.id, a.person_id, a.occurred_at from activities a join campaigns c on "
					+ "c.tenant_id = a.tenant_id and lower(c.key) = lower(a.campaign) where a.tenant_id = " + t
					+ " and a.campaign is not null order by a.occurred_at");
			// the funnel: Known for everyone; a fifth became MQLs a day or so later,
			// owned by
			// one of 20 reps; of them half accepted (SAL) or rejected with a reason, and
			// so on
			// down; times in stages spread over hours
			st.execute("create temporary table bench_owners as select n, gen_random_uuid() as id "
					+ "from generate_series(0, 19) as n");
			st.execute("insert into stage_stays (tenant_id, person_id, stage, entered_at, left_at, next_stage, reason) "
					+ "select " + t + ", id, 'Known', born, case when i % 5 = 0 then born + interval '1 day' end, "
					+ "case when i % 5 = 0 then 'MQL' end, null from bench_people");
			st.execute("insert into stage_stays (tenant_id, person_id, stage, entered_at, left_at, next_stage, reason, "
					+ "owner_id) select " + t
					+ ", p.id, 'MQL', born + interval '1 day', case when i % 10 = 0 then born "
					+ "+ interval '1 day' + ((i / 10) % 97 || ' hours')::interval when i % 15 = 0 then born + "
					+ "interval '1 day' + ((i / 15) % 211 || ' hours')::interval end, case when i % 10 = 0 "
					+ "then 'SAL' when i % 15 = 0 then 'Recycled' end, case when i % 15 = 0 and i % 10 <> 0 then "
					+ "(array['no budget', 'not the buyer', 'timing'])[1 + i % 3] end, o.id from bench_people p "
					+ "join bench_owners o on o.n = p.i % 20 where i % 5 = 0");
			st.execute("insert into stage_stays (tenant_id, person_id, stage, entered_at, left_at, next_stage, reason, "
					+ "owner_id) select " + t + ", p.id, 'SAL', born + interval '1 day' + ((i / 10) % 97 || ' hours')"
					+ "::interval, case when i % 20 = 0 then born + interval '5 days' + ((i / 20) % 331 || ' hours')"
					+ "::interval end, case when i % 20 = 0 then 'SQL' end, null, o.id from bench_people p "
					+ "join bench_owners o on o.n = p.i % 20 where i % 10 = 0");
			st.execute("insert into stage_stays (tenant_id, person_id, stage, entered_at, owner_id) select " + t
					+ ", p.id, 'SQL', born + interval '5 days' + ((i / 20) % 331 || ' hours')::interval, o.id "
					+ "from bench_people p join bench_owners o on o.n = p.i % 20 where i % 20 = 0");
			st.execute("insert into deals (tenant_id, id, name, person_id, amount, currency, status, lost_reason, "
					+ "opened_at, closed_at, created_by, updated_at) select " + t
					+ ", gen_random_uuid(), 'Deal ' || i, "
					+ "id, 1000 + i % 50000, case when i % 4 = 0 then 'USD' else 'EUR' end, (array['open', 'won', "
					+ "'lost'])[1 + i % 3], case when i % 3 = 2 then 'competitor' end, born + interval '6 days', "
					+ "case when i % 3 > 0 then born + interval '20 days' end, 'bench', now() from bench_people "
					+ "where i % 40 = 0");
			rollups(st, t);
		}
	}

	/**
	 * The rollups of the generated rows (their triggers are off with the foreign keys'),
	 * as the migrations that introduced them build them from existing rows.
	 */
	private static void rollups(Statement st, String t) throws java.sql.SQLException {
		st.execute("insert into campaign_people (tenant_id, person_id, campaign_id, first_at) select tenant_id, "
				+ "person_id, campaign_id, min(at) from campaign_touches where tenant_id = " + t + " group by 1, 2, 3");
		st.execute("insert into campaign_days (tenant_id, day, campaign_id, touches, reached) select tenant_id, day, "
				+ "campaign_id, sum(touches), sum(reached) from (select tenant_id, (at at time zone 'UTC')::date as day, "
				+ "campaign_id, 1 as touches, 0 as reached from campaign_touches where tenant_id = " + t
				+ " union all select tenant_id, (first_at at time zone 'UTC')::date, campaign_id, 0, 1 "
				+ "from campaign_people where tenant_id = " + t + ") x group by 1, 2, 3");
		st.execute(
				"insert into campaign_conversions (tenant_id, person_id, campaign_id, stage, at) select f.tenant_id, "
						+ "f.person_id, c.campaign_id, f.stage, f.at from (select tenant_id, person_id, stage, "
						+ "min(entered_at) as at from stage_stays where tenant_id = " + t
						+ " and stage in ('MQL', 'Customer') "
						+ "group by 1, 2, 3) f join campaign_people c on c.tenant_id = f.tenant_id "
						+ "and c.person_id = f.person_id and c.first_at <= f.at");
		st.execute("insert into conversion_days (tenant_id, day, campaign_id, stage, people) select tenant_id, "
				+ "(at at time zone 'UTC')::date, campaign_id, stage, count(*) from campaign_conversions "
				+ "where tenant_id = " + t + " group by 1, 2, 3, 4");
		st.execute("insert into stay_days (tenant_id, day, stage, owner_id, next_stage, reason, stays) select "
				+ "tenant_id, (entered_at at time zone 'UTC')::date, stage, coalesce(owner_id, "
				+ "'00000000-0000-0000-0000-000000000000'), coalesce(next_stage, ''), coalesce(reason, ''), count(*) "
				+ "from stage_stays where tenant_id = " + t + " group by 1, 2, 3, 4, 5, 6");
		st.execute("insert into stay_durations (tenant_id, day, stage, owner_id, bucket, stays) select tenant_id, "
				+ "(entered_at at time zone 'UTC')::date, stage, coalesce(owner_id, "
				+ "'00000000-0000-0000-0000-000000000000'), revcycle_stay_bucket(extract(epoch from left_at - "
				+ "entered_at)), count(*) from stage_stays where tenant_id = " + t
				+ " and left_at is not null group by 1, 2, 3, 4, 5");
	}

	/** Payments (a twentieth of them refunded) through the event API, 500 a call. */
	private static void pay(ApiClient api, String key, int people, int payments) throws Exception {
		Random random = new Random(11);
		List<String> batches = new ArrayList<>();
		List<Map<String, Object>> batch = new ArrayList<>();
		Instant now = Instant.now();
		for (int i = 0; i < payments + payments / 20; i++) {
			boolean refund = i >= payments;
			int person = 1 + (refund ? ((i - payments) * 20 * 7919) % people : (i * 7919) % people);
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("type", refund ? "payment_refunded" : "payment_succeeded");
			event.put("occurredAt", now.minus(Duration.ofHours(random.nextInt(24 * 300))).toString());
			event.put("source", "bench");
			event.put("externalId", (refund ? "r" : "p") + i);
			event.put("person", Map.of("email", "person" + person + "@bench.example"));
			event.put("amount",
					Map.of("amount", refund ? "100.00" : "1200.00", "currency", (i % 4 == 0) ? "USD" : "EUR"));
			batch.add(event);
			if (batch.size() == 500) {
				batches.add(JSON.writeValueAsString(Map.of("events", batch)));
				batch = new ArrayList<>();
			}
		}
		if (!batch.isEmpty()) {
			batches.add(JSON.writeValueAsString(Map.of("events", batch)));
		}
		post(api, key, batches, 2);
	}

	private static void reports(ApiClient api, SignedUp tenant, int requests) {
		boolean dropCaches = "1".equals(System.getenv("REVCYCLE_BENCH_DROP_CACHES"));
		System.out.printf("%n| report (one-year window) | first | cold p50 | cold p95 | warm p50 | warm p95 |%n"
				+ "| --- | --- | --- | --- | --- | --- |%n");
		for (int report = 0; report < 6; report++) {
			// a fresh token per report: a slow report's requests may outlast one token's
			// lifetime
			String[] auth = ApiClient
				.bearer(TestTenants.login(tenant.adminEmail(), tenant.adminPassword(), tenant.slug()));
			long first = timed(api, report(report, 0), auth);
			// cold: each request a window nobody asked for before (shifted back a day
			// each), so neither a plan nor a cache of the same parameters serves it; with
			// REVCYCLE_BENCH_DROP_CACHES=1 the operating system's page cache is dropped
			// before each (PostgreSQL's own shared buffers stay)
			long[] cold = new long[requests];
			for (int i = 0; i < requests; i++) {
				if (dropCaches) {
					dropCaches();
				}
				cold[i] = timed(api, report(report, i + 1), auth);
			}
			long[] warm = new long[requests];
			for (int i = 0; i < requests; i++) {
				warm[i] = timed(api, report(report, 0), auth);
			}
			Arrays.sort(cold);
			Arrays.sort(warm);
			System.out.printf("| `%s` | %d ms | %d ms | %d ms | %d ms | %d ms |%n",
					report(report, 0).replaceAll("from=[^&]+&to=[^&]+", "<year>")
						.replaceAll("asOf=[^&]+", "asOf=<90 days ago>"),
					first, cold[requests / 2], cold[(int) Math.ceil(requests * 0.95) - 1], warm[requests / 2],
					warm[(int) Math.ceil(requests * 0.95) - 1]);
		}
	}

	/**
	 * The report of that number, over a one-year window ending {@code daysBack} days ago.
	 */
	private static String report(int number, int daysBack) {
		java.time.LocalDate end = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).minusDays(daysBack);
		String year = "from=" + end.minusDays(366) + "&to=" + end;
		Instant asOf = Instant.now().minus(Duration.ofDays(90 + daysBack));
		return switch (number) {
			case 0 -> "/api/v1/analytics/campaigns?" + year;
			case 1 -> "/api/v1/analytics/campaigns?" + year + "&model=w_shaped";
			case 2 -> "/api/v1/analytics/funnel?" + year;
			case 3 -> "/api/v1/analytics/funnel?" + year + "&asOf=" + asOf;
			// the pipeline has no window: cold is the page cache alone
			case 4 -> "/api/v1/analytics/pipeline";
			default -> "/api/v1/analytics/revenue-plan?target=" + (5000000 + daysBack) + "&" + year;
		};
	}

	private static void dropCaches() {
		try {
			Process drop = new ProcessBuilder("sh", "-c", "sync && echo 3 > /proc/sys/vm/drop_caches")
				.redirectErrorStream(true)
				.start();
			String said = new String(drop.getInputStream().readAllBytes());
			if (drop.waitFor() != 0) {
				throw new IllegalStateException("could not drop the page cache (run as root): " + said);
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static long timed(ApiClient api, String path, String[] auth) {
		long started = System.nanoTime();
		ApiClient.Response response = api.get(path, auth);
		long millis = (System.nanoTime() - started) / 1_000_000;
		if (response.status() != 200) {
			throw new IllegalStateException(path + ": " + response);
		}
		return millis;
	}

	private static void counts(RevcycleDatabase database) throws Exception {
		// as the server's administrator: row-level security applies even to the tables'
		// owner
		String url = database.jdbcUrl();
		try (Connection c = TestServices.postgres().connect(url.substring(url.lastIndexOf('/') + 1));
				Statement st = c.createStatement()) {
			for (String table : List.of("persons", "activities", "campaign_touches", "payments", "attribution_credits",
					"stage_stays", "deals")) {
				try (var rs = st.executeQuery("select count(*) from " + table)) {
					rs.next();
					System.out.printf("  %s: %,d rows%n", table, rs.getLong(1));
				}
			}
		}
	}

	private static void eur(ApiClient api, SignedUp tenant) {
		ApiClient.Response settings = api.put("/api/v1/revenue-settings",
				Map.of("reportingCurrency", "EUR", "fxRates", Map.of("USD", "0.92")), tenant.auth());
		if (settings.status() != 200) {
			throw new IllegalStateException(settings.toString());
		}
	}

	private static String apiKey(ApiClient api, SignedUp tenant) {
		return api.post("/api/v1/api-keys", Map.of("name", "bench"), tenant.auth()).json().get("key").asString();
	}

	private static void post(ApiClient api, String key, List<String> batches, int clients) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				int client = c;
				done.add(pool.submit(() -> {
					for (int i = client; i < batches.size(); i += clients) {
						ApiClient.Response response = api.send("POST", "/api/v1/events", batches.get(i),
								"application/json", ApiClient.apiKey(key));
						if (response.status() != 200) {
							throw new IllegalStateException(response.toString());
						}
					}
					return null;
				}));
			}
			for (Future<?> f : done) {
				f.get();
			}
		}
		finally {
			pool.shutdown();
		}
	}

	private static void analyze(RevcycleDatabase database) throws Exception {
		try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.ownerUser(),
				database.ownerPassword()); Statement st = c.createStatement()) {
			// what autovacuum does on a server with its defaults: statistics, and the
			// visibility map that lets index-only scans skip the table
			st.execute("vacuum analyze");
		}
	}

	private static double seconds(Instant since) {
		return Duration.between(since, Instant.now()).toMillis() / 1000d;
	}

	private static int intArg(String[] args, int index, int fallback) {
		return (args.length > index) ? Integer.parseInt(args[index]) : fallback;
	}

}
