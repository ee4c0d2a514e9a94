package io.revcycle.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import io.revcycle.connectors.testplugins.FaultyConnectorFactory;
import io.revcycle.plugin.api.PluginApi;
import io.revcycle.plugin.host.AllowList;
import io.revcycle.plugin.testkit.PluginJar;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.AppProcess;
import io.revcycle.testsupport.RevcycleDatabase;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fault harness of {@code docs/reliability.md}, run by {@code docs/reliability.sh}
 * against a private PostgreSQL and Redis (never the shared ones): each scenario starts
 * the real platform (and the gateway where it matters) as processes, drives them with
 * clients that retry every unacknowledged batch with the same ids, injects its fault, and
 * prints one row of the reliability table: scenario, load, faults injected, acknowledged,
 * stored, duplicates, lost, p99 during the fault. Every loop is bounded by time or count.
 *
 * <p>
 * Usage: {@code FaultHarness <scenario>...} with scenarios {@code kill9},
 * {@code postgres}, {@code redis}, {@code webhooks}, {@code load}, {@code sla-outbox};
 * system properties {@code revcycle.faults.pg-stop} and {@code revcycle.faults.pg-start}
 * (shell commands that stop and start the private PostgreSQL),
 * {@code revcycle.faults.redis-stop} and {@code revcycle.faults.redis-start},
 * {@code revcycle.faults.load-seconds} (default 120; the run is 600).
 */
public final class FaultHarness {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/** The clients' timeout: an answer later than this is a hang. */
	private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(15);

	private static final Path ROOT = AppProcess.projectRoot();

	private static final Path LOGS = ROOT.resolve("platform/target/faults");

	private final List<String> rows = new ArrayList<>() {

		@Override
		public boolean add(String row) {
			// printed at once too, so a run cut short keeps what it measured
			System.out.println("ROW " + row);
			return super.add(row);
		}

	};

	private RevcycleDatabase database;

	private FaultHarness() {
	}

	public static void main(String[] args) throws Exception {
		FaultHarness harness = new FaultHarness();
		List<String> scenarios = (args.length > 0) ? List.of(args)
				: List.of("kill9", "postgres", "redis", "webhooks", "plugins", "sla-outbox", "load");
		for (String scenario : scenarios) {
			System.out.println("== " + scenario + " (" + Instant.now() + ")");
			harness.database = TestServices.postgres().createDatabase("revcycle_faults", true);
			try {
				switch (scenario) {
					case "kill9" -> harness.kill9();
					case "postgres" -> harness.postgres();
					case "redis" -> harness.redis();
					case "webhooks" -> harness.webhooks();
					case "sla-outbox" -> harness.slaOutbox();
					case "load" -> harness.load();
					case "plugins" -> harness.plugins();
					default -> throw new IllegalArgumentException("unknown scenario " + scenario);
				}
			}
			catch (Exception ex) {
				harness.rows.add("| " + scenario + " | failed to run: " + ex + " | | | | | | |");
				ex.printStackTrace();
			}
		}
		System.out.println();
		System.out.println(
				"| scenario | load | faults injected | acknowledged | stored | duplicates | lost | p99 during the fault |");
		System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
		harness.rows.forEach(System.out::println);
		System.exit(0);
	}

	// ---- scenarios ------------------------------------------------------------------

	/** kill -9 of the platform, five times, during ingest from four retrying clients. */
	private void kill9() throws Exception {
		int port = freePort();
		Platform platform = new Platform(port, Map.of());
		SignedUp tenant = TestTenants.signUp(new ApiClient(platform.url()), "kill9");
		String key = apiKey(platform.url(), tenant);
		Ingest ingest = new Ingest(platform.url(), key, "k9", 4, 20);
		ingest.start();
		int kills = 0;
		Instant faultStart = Instant.now();
		try {
			for (; kills < 5; kills++) {
				Thread.sleep(8_000);
				platform.kill();
				Thread.sleep(2_000);
				platform.start();
			}
			Thread.sleep(8_000);
		}
		finally {
			ingest.stopAndFinish(Duration.ofSeconds(120));
		}
		Instant faultEnd = Instant.now();
		Counts counts = counts(tenant, "k9");
		this.rows.add(row("kill -9 of the platform during ingest", ingest.load(),
				kills + " kills (SIGKILL), restarted " + "after 2 s", ingest, counts,
				ingest.p99(faultStart, faultEnd)));
		System.out.println(counts.consistency());
		platform.stop();
	}

	/** PostgreSQL stopped for 20 s, then started, during ingest; then a plain restart. */
	private void postgres() throws Exception {
		String stop = System.getProperty("revcycle.faults.pg-stop");
		String start = System.getProperty("revcycle.faults.pg-start");
		if (stop == null || start == null) {
			throw new IllegalStateException("set revcycle.faults.pg-stop and pg-start");
		}
		Platform platform = new Platform(freePort(), Map.of());
		SignedUp tenant = TestTenants.signUp(new ApiClient(platform.url()), "pgdown");
		String key = apiKey(platform.url(), tenant);
		Ingest ingest = new Ingest(platform.url(), key, "pg", 4, 20);
		ingest.start();
		Thread.sleep(10_000);
		Instant faultStart = Instant.now();
		shell(stop);
		Thread.sleep(20_000);
		shell(start);
		Thread.sleep(10_000);
		shell(stop + " && " + start);
		Thread.sleep(15_000);
		Instant faultEnd = Instant.now();
		ingest.stopAndFinish(Duration.ofSeconds(120));
		Counts counts = counts(tenant, "pg");
		boolean served = new ApiClient(platform.url()).get("/api/v1/people?limit=1", ApiClient.apiKey(key))
			.status() == 200;
		this.rows.add(row("PostgreSQL stopped 20 s, then restarted", ingest.load(),
				"stop 20 s + start, then restart; answers meanwhile: " + ingest.statuses(faultStart, faultEnd)
						+ "; served after without a platform restart: " + served,
				ingest, counts, ingest.p99(faultStart, faultEnd)));
		System.out.println(counts.consistency());
		platform.stop();
	}

	/** Redis stopped for a minute under the gateway's rate limiting. */
	private void redis() throws Exception {
		String stop = System.getProperty("revcycle.faults.redis-stop");
		String start = System.getProperty("revcycle.faults.redis-start");
		if (stop == null || start == null) {
			throw new IllegalStateException("set revcycle.faults.redis-stop and redis-start");
		}
		Platform platform = new Platform(freePort(), Map.of());
		Map<String, Object> gateway = new LinkedHashMap<>(TestServices.redis().springProperties());
		gateway.put("revcycle.platform-url", platform.url());
		gateway.put("revcycle.frontend-url", "http://127.0.0.1:9");
		gateway.put("revcycle.keycloak-url", TestServices.keycloak().url());
		// a low limit, so that a burst of reads goes over it and shows whether limiting
		// holds
		gateway.put("revcycle.gateway.rate-limits.plans.default.replenish-rate", 30);
		gateway.put("revcycle.gateway.rate-limits.plans.default.burst-capacity", 60);
		try (AppProcess edge = AppProcess.start("gateway", AppProcess.jar(ROOT, "gateway"), freePort(), gateway,
				LOGS)) {
			SignedUp tenant = TestTenants.signUp(new ApiClient(edge.url()), "redisdown");
			String key = apiKey(edge.url(), tenant);
			// the bursts come from another tenant: its 429s never slow the ingest
			SignedUp reader = TestTenants.signUp(new ApiClient(edge.url()), "redisread");
			String readerKey = apiKey(edge.url(), reader);
			Ingest ingest = new Ingest(edge.url(), key, "rd", 2, 20);
			ingest.start();
			Thread.sleep(10_000);
			String before = burst(edge.url(), readerKey);
			Instant faultStart = Instant.now();
			shell(stop);
			Thread.sleep(10_000);
			String during = burst(edge.url(), readerKey);
			Thread.sleep(50_000);
			shell(start);
			Instant faultEnd = Instant.now();
			Thread.sleep(5_000);
			String after = burst(edge.url(), readerKey);
			ingest.stopAndFinish(Duration.ofSeconds(60));
			Counts counts = counts(tenant, "rd");
			this.rows.add(row("Redis stopped for a minute (through the gateway)", ingest.load(),
					"Redis down 60 s; another tenant's burst of 300 reads over its limit (30/s, burst 60) before / "
							+ "during / after: " + before + " / " + during + " / " + after + "; ingest answers during: "
							+ ingest.statuses(faultStart, faultEnd),
					ingest, counts, ingest.p99(faultStart, faultEnd)));
		}
		platform.stop();
	}

	/**
	 * Tenants whose connector plugin hangs, throws or floods the log on every webhook,
	 * against a fourth tenant's ingest and its own connector's webhooks.
	 */
	private void plugins() throws Exception {
		Path folder = LOGS.resolve("plugins");
		java.nio.file.Files.createDirectories(folder);
		Path jar = PluginJar.builder(folder.resolve("test-faulty.jar"))
			.pluginId("faulty")
			.pluginVersion("1.0.0")
			.requires(PluginApi.REQUIRES)
			.addClass(FaultyConnectorFactory.class)
			.factory(FaultyConnectorFactory.class.getName())
			.build();
		Platform platform = new Platform(freePort(), Map.of("revcycle.connectors.plugins-dir", folder.toString(),
				"revcycle.connectors.allowed-sha256", AllowList.sha256(jar)));
		ApiClient api = new ApiClient(platform.url());
		SignedUp victim = TestTenants.signUp(api, "plugok");
		String victimKey = apiKey(platform.url(), victim);
		Hooks victimHooks = new Hooks(platform.url(), victim.slug(), faultyInstance(api, victim, "ok"), "hk", 1);
		List<Hooks> faulty = new ArrayList<>();
		for (String mode : List.of("hang", "throw", "flood")) {
			SignedUp tenant = TestTenants.signUp(api, "plug" + mode);
			faulty.add(new Hooks(platform.url(), tenant.slug(), faultyInstance(api, tenant, mode), mode, 4));
		}
		Path log = LOGS.resolve("platform-" + platform.port + "-1.log");
		Ingest reference = new Ingest(platform.url(), victimKey, "pref", 1, 20);
		reference.start();
		victimHooks.start();
		Thread.sleep(30_000);
		reference.stopAndFinish(Duration.ofSeconds(30));
		Instant faultStart = Instant.now();
		long logBefore = java.nio.file.Files.size(log);
		faulty.forEach(Hooks::start);
		Thread.sleep(5_000);
		Ingest during = new Ingest(platform.url(), victimKey, "pdur", 1, 20);
		during.runFor(Duration.ofSeconds(60));
		Instant faultEnd = Instant.now();
		victimHooks.stop();
		for (Hooks hooks : faulty) {
			hooks.stop();
		}
		long logGrowth = java.nio.file.Files.size(log) - logBefore;
		Counts counts = counts(victim, "pdur");
		long hooksStored;
		try (Connection c = owner(); Statement st = c.createStatement()) {
			st.execute("select set_config('app.tenant_id', '" + victim.id() + "', false)");
			try (ResultSet rs = st.executeQuery("select count(distinct external_id) from activities "
					+ "where type = 'note' and external_id like 'hk-%'")) {
				rs.next();
				hooksStored = rs.getLong(1);
			}
		}
		StringBuilder faults = new StringBuilder("3 other tenants' plugin instances, 4 senders each, for 65 s: ");
		for (Hooks hooks : faulty) {
			faults.append(hooks.prefix).append(" answered ").append(hooks.statuses()).append("; ");
		}
		faults.append("platform log grew ")
			.append(logGrowth / 1024)
			.append(" KB. The fourth tenant's ingest p50/p99 before ")
			.append(ms(reference.quantile(0.5)))
			.append(" / ")
			.append(ms(reference.quantile(0.99)))
			.append(", during ")
			.append(ms(during.quantile(0.5)))
			.append(" / ")
			.append(ms(during.quantile(0.99)))
			.append("; its own webhooks p50/p99 before ")
			.append(victimHooks.latencies(null, faultStart))
			.append(", during ")
			.append(victimHooks.latencies(faultStart, faultEnd))
			.append(", answers ")
			.append(victimHooks.statuses())
			.append(", ")
			.append(victimHooks.acknowledged.get())
			.append(" acknowledged, ")
			.append(hooksStored)
			.append(" stored");
		this.rows.add(row("a plugin that hangs, throws or floods the log", during.load(), faults.toString(), during,
				counts, during.p99(faultStart, faultEnd)));
		platform.stop();
	}

	private static String faultyInstance(ApiClient api, SignedUp tenant, String mode) {
		ApiClient.Response created = api.post("/api/v1/connector-instances",
				Map.of("connectorId", "faulty", "name", "faulty " + mode, "config", Map.of("mode", mode)),
				tenant.auth());
		if (created.status() != 201) {
			throw new IllegalStateException("connector instance not created: " + created);
		}
		return created.json().get("id").asString();
	}

	/** Senders that post to a connector instance's webhook address, one id a request. */
	private static final class Hooks {

		private final String url;

		private final String prefix;

		private final int senders;

		private final AtomicBoolean running = new AtomicBoolean();

		private final List<Thread> threads = new ArrayList<>();

		private final List<long[]> answers = new CopyOnWriteArrayList<>();

		private final AtomicInteger acknowledged = new AtomicInteger();

		Hooks(String base, String slug, String instance, String prefix, int senders) {
			this.url = base + "/hooks/" + slug + "/" + instance;
			this.prefix = prefix;
			this.senders = senders;
		}

		void start() {
			this.running.set(true);
			for (int s = 0; s < this.senders; s++) {
				int sender = s;
				Thread thread = new Thread(() -> {
					for (int n = 0; this.running.get(); n++) {
						long started = System.nanoTime();
						int status;
						try {
							status = HTTP
								.send(HttpRequest.newBuilder(URI.create(this.url))
									.timeout(CLIENT_TIMEOUT)
									.header("Content-Type", "text/plain")
									.POST(HttpRequest.BodyPublishers.ofString(this.prefix + "-" + sender + "-" + n))
									.build(), HttpResponse.BodyHandlers.discarding())
								.statusCode();
						}
						catch (java.net.http.HttpTimeoutException ex) {
							status = -1;
						}
						catch (IOException ex) {
							status = 0;
						}
						catch (InterruptedException ex) {
							return;
						}
						this.answers.add(new long[] { System.currentTimeMillis(), status,
								(System.nanoTime() - started) / 1_000_000 });
						if (status >= 200 && status < 300) {
							this.acknowledged.incrementAndGet();
						}
						else if (status == 429) {
							try {
								Thread.sleep(200);
							}
							catch (InterruptedException ex) {
								return;
							}
						}
					}
				}, "hooks-" + this.prefix + "-" + s);
				thread.setDaemon(true);
				thread.start();
				this.threads.add(thread);
			}
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			for (Thread thread : this.threads) {
				thread.join(20_000);
				thread.interrupt();
			}
		}

		String latencies(Instant from, Instant to) {
			List<Long> latencies = new ArrayList<>();
			for (long[] answer : this.answers) {
				if ((from == null || answer[0] >= from.toEpochMilli())
						&& (to == null || answer[0] <= to.toEpochMilli())) {
					latencies.add(answer[2]);
				}
			}
			Collections.sort(latencies);
			return ms(percentile(latencies, 0.5)) + " / " + ms(percentile(latencies, 0.99));
		}

		String statuses() {
			Map<String, Integer> counts = new TreeMap<>();
			for (long[] answer : this.answers) {
				String name = (answer[1] == -1) ? "timeout" : (answer[1] == 0) ? "refused" : Long.toString(answer[1]);
				counts.merge(name, 1, Integer::sum);
			}
			return counts.toString();
		}

	}

	/**
	 * A tenant whose webhook receiver is slow (8 s an answer) and one whose receiver
	 * never answers, against a third tenant's ingest and webhook latency.
	 */
	private void webhooks() throws Exception {
		Platform platform = new Platform(freePort(), Map.of("revcycle.webhooks.allow-private-targets", "true"));
		ApiClient api = new ApiClient(platform.url());
		Map<String, Instant> arrived = new ConcurrentHashMap<>();
		HttpServer fast = receiver(arrived, Duration.ZERO);
		HttpServer slow = receiver(new ConcurrentHashMap<>(), Duration.ofSeconds(8));
		try (ServerSocket tarpit = new ServerSocket()) {
			tarpit.bind(new InetSocketAddress("127.0.0.1", 0), 4096);
			SignedUp live = TestTenants.signUp(api, "whlive");
			SignedUp slowTenant = TestTenants.signUp(api, "whslow");
			SignedUp deadTenant = TestTenants.signUp(api, "whdead");
			webhook(api, live, "http://127.0.0.1:" + fast.getAddress().getPort() + "/h");
			for (int i = 0; i < 5; i++) {
				webhook(api, slowTenant, "http://127.0.0.1:" + slow.getAddress().getPort() + "/h" + i);
				webhook(api, deadTenant, "http://127.0.0.1:" + tarpit.getLocalPort() + "/h" + i);
			}
			String liveKey = apiKey(platform.url(), live);
			Ingest reference = new Ingest(platform.url(), liveKey, "ref", 1, 1).mqls();
			reference.runFor(Duration.ofSeconds(30));
			String before = webhookLatency(reference, arrived);
			Ingest noisySlow = new Ingest(platform.url(), apiKey(platform.url(), slowTenant), "slow", 2, 10).mqls();
			Ingest noisyDead = new Ingest(platform.url(), apiKey(platform.url(), deadTenant), "dead", 2, 10).mqls();
			noisySlow.start();
			noisyDead.start();
			Thread.sleep(5_000);
			Ingest during = new Ingest(platform.url(), liveKey, "dur", 1, 1).mqls();
			Instant faultStart = Instant.now();
			during.runFor(Duration.ofSeconds(60));
			Instant faultEnd = Instant.now();
			noisySlow.stopAndFinish(Duration.ofSeconds(60));
			noisyDead.stopAndFinish(Duration.ofSeconds(60));
			Counts counts = counts(live, "dur");
			this.rows.add(row("slow (8 s) and dead webhook receivers of two other tenants", during.load(),
					"5 endpoints answering in 8 s, 5 never answering, each tenant sending MQLs; the third tenant's "
							+ "webhook latency p50/p99 before " + before + ", during " + webhookLatency(during, arrived)
							+ "; its ingest p99 before " + ms(reference.p99(null, null)),
					during, counts, during.p99(faultStart, faultEnd)));
		}
		finally {
			fast.stop(0);
			slow.stop(0);
			platform.stop();
		}
	}

	/**
	 * SLA timers that fall due while the platform is down are breached once after it
	 * returns; webhooks pending at the kill are delivered after it.
	 */
	private void slaOutbox() throws Exception {
		Platform platform = new Platform(freePort(),
				Map.of("revcycle.webhooks.allow-private-targets", "true", "revcycle.sla.poll-interval", "PT0.25S"));
		ApiClient api = new ApiClient(platform.url());
		SignedUp tenant = TestTenants.signUp(api, "slaout");
		Map<String, Instant> arrived = new ConcurrentHashMap<>();
		List<String> eventIds = new CopyOnWriteArrayList<>();
		HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/h", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			eventIds.add(String.valueOf(exchange.getRequestHeaders().getFirst("Revcycle-Event-Id")));
			arrived.put(body, Instant.now());
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		int receiverPort = receiver.getAddress().getPort();
		receiver.start();
		webhook(api, tenant, "http://127.0.0.1:" + receiverPort + "/h", "sla.breached", "mql.created");
		// the platform goes down at once after 50 MQLs are acknowledged: their webhooks
		// are in the outbox
		String key = apiKey(platform.url(), tenant);
		Ingest mqls = new Ingest(platform.url(), key, "so", 1, 10).mqls();
		mqls.runBatches(5);
		int timers = 200;
		try (Connection c = owner(); Statement st = c.createStatement()) {
			st.execute("select set_config('app.tenant_id', '" + tenant.id() + "', false)");
			st.execute("insert into persons (tenant_id, id, email, stage, created_at, updated_at) select '"
					+ tenant.id() + "', gen_random_uuid(), 't' || i || '@sla.example', 'MQL', now(), now() "
					+ "from generate_series(1, " + timers + ") i");
			st.execute("insert into sla_timers (tenant_id, id, person_id, stage, opened_at, due_at, status, ladder, "
					+ "next_step, next_step_at) select tenant_id, gen_random_uuid(), id, 'MQL', now(), "
					+ "now() + interval '20 seconds', 'OPEN', '[{\"afterMinutes\": 0, \"action\": \"notify_owner\"}]', "
					+ "0, now() + interval '20 seconds' from persons where email like 't%@sla.example'");
		}
		platform.kill();
		Instant down = Instant.now();
		Thread.sleep(30_000);
		platform.start();
		Instant back = Instant.now();
		int breaches = 0;
		int distinctTimers = 0;
		for (int wait = 0; wait < 120; wait++) {
			try (Connection c = owner(); Statement st = c.createStatement()) {
				st.execute("select set_config('app.tenant_id', '" + tenant.id() + "', false)");
				try (ResultSet rs = st.executeQuery("select count(*), count(distinct timer_id) from sla_breaches")) {
					rs.next();
					breaches = rs.getInt(1);
					distinctTimers = rs.getInt(2);
				}
			}
			if (breaches >= timers && arrived.size() >= mqls.acknowledged().size() + timers) {
				break;
			}
			Thread.sleep(1_000);
		}
		Thread.sleep(5_000);
		int deliveries = eventIds.size();
		int distinctEvents = Set.copyOf(eventIds).size();
		this.rows.add(String
			.format("| SLA clock and outbox across a kill -9 | %d MQLs (webhooks pending), %d timers due while down | "
					+ "kill -9, down %d s; back after %d s | %d MQL webhooks + %d timers | %d breaches of %d timers; "
					+ "%d webhooks received (%d distinct events) | %d breaches twice; %d webhooks twice | %d | n/a |",
					mqls.acknowledged().size(), timers, 30, Duration.between(down, back).toSeconds(),
					mqls.acknowledged().size(), timers, breaches, distinctTimers, deliveries, distinctEvents,
					breaches - distinctTimers, deliveries - distinctEvents, Math.max(0, timers - distinctTimers)
							+ Math.max(0, mqls.acknowledged().size() + timers - distinctEvents)));
		receiver.stop(0);
		platform.stop();
	}

	/** Ingest and reads from 20 tenants at once. */
	private void load() throws Exception {
		int seconds = Integer.getInteger("revcycle.faults.load-seconds", 120);
		Platform platform = new Platform(freePort(), Map.of());
		ApiClient api = new ApiClient(platform.url());
		List<Ingest> ingests = new ArrayList<>();
		List<SignedUp> tenants = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			SignedUp tenant = TestTenants.signUp(api, "load" + i);
			tenants.add(tenant);
			ingests.add(new Ingest(platform.url(), apiKey(platform.url(), tenant), "ld" + i, 1, 20).withReads());
		}
		Instant start = Instant.now();
		ingests.forEach(Ingest::start);
		int maxActive = 0;
		int maxPending = 0;
		long maxHeap = 0;
		long maxRss = 0;
		int pool = 0;
		while (Duration.between(start, Instant.now()).getSeconds() < seconds) {
			Thread.sleep(5_000);
			String management = platform.managementUrl();
			maxActive = Math.max(maxActive, (int) metric(management, "hikaricp.connections.active"));
			maxPending = Math.max(maxPending, (int) metric(management, "hikaricp.connections.pending"));
			maxHeap = Math.max(maxHeap, (long) metric(management, "jvm.memory.used?tag=area:heap"));
			maxRss = Math.max(maxRss, platform.rssMb());
			pool = (int) metric(management, "hikaricp.connections.max");
		}
		Instant end = Instant.now();
		long acked = 0;
		long stored = 0;
		long duplicates = 0;
		long lost = 0;
		List<Long> latencies = new ArrayList<>();
		Map<String, Integer> statuses = new TreeMap<>();
		for (int i = 0; i < ingests.size(); i++) {
			Ingest ingest = ingests.get(i);
			ingest.stopAndFinish(Duration.ofSeconds(60));
			Counts counts = counts(tenants.get(i), "ld" + i);
			acked += ingest.acknowledged().size();
			stored += counts.stored();
			duplicates += ingest.duplicates.get();
			lost += counts.lost(ingest);
			latencies.addAll(ingest.latencies(start, end));
			ingest.statusCounts(start, end).forEach((s, n) -> statuses.merge(s, n, Integer::sum));
		}
		Collections.sort(latencies);
		this.rows.add(String
			.format("| load from 20 tenants, %d s | 20 clients: batches of 20 events and a read of people in turn | none "
					+ "(answers %s; p50 %s; pool max %d, at most %d in use and %d waiting; heap at most %d MB, RSS at "
					+ "most %d MB, sampled every 5 s) | %d | %d | %d | %d | %s |", seconds, statuses,
					ms(percentile(latencies, 0.5)), pool, maxActive, maxPending, maxHeap / 1_000_000, maxRss, acked,
					stored, duplicates, lost, ms(percentile(latencies, 0.99))));
		platform.stop();
	}

	// ---- the platform, clients and counts --------------------------------------------

	/** The platform as a process on one port, killed and started again at will. */
	private final class Platform {

		private final int port;

		private final Map<String, Object> properties = new LinkedHashMap<>();

		private final int managementPort;

		private AppProcess process;

		private int starts;

		Platform(int port, Map<String, Object> extra) {
			this.port = port;
			this.properties.putAll(FaultHarness.this.database.springProperties());
			this.properties.putAll(TestServices.keycloak().springProperties());
			this.properties.putAll(TestServices.redis().springProperties());
			// metrics on a management port of their own, open there as on Kubernetes
			this.managementPort = freePortUnchecked();
			this.properties.put("management.server.port", this.managementPort);
			this.properties.put("management.endpoints.web.exposure.include", "health,metrics");
			this.properties.putAll(extra);
			start();
		}

		String managementUrl() {
			return "http://localhost:" + this.managementPort;
		}

		/** The process's resident set size in MB, from /proc (0 where there is none). */
		long rssMb() {
			return BenchPlatform.residentMib(this.process.process().pid());
		}

		void start() {
			// a log per start, kept: what a scenario found is in them
			String name = "platform-" + this.port + "-" + (++this.starts);
			try {
				this.process = AppProcess.start(name, AppProcess.jar(ROOT, "platform"), this.port, this.properties,
						LOGS);
			}
			catch (IllegalStateException ex) {
				// a start slower than the three minutes allowed, on a loaded machine:
				// once
				// more
				System.out.println("platform start failed, trying once more: " + ex.getMessage().lines().findFirst());
				this.process = AppProcess.start(name + "b", AppProcess.jar(ROOT, "platform"), this.port,
						this.properties, LOGS);
			}
		}

		void kill() throws InterruptedException {
			this.process.process().destroyForcibly();
			this.process.process().waitFor(10, TimeUnit.SECONDS);
		}

		void stop() {
			this.process.close();
		}

		String url() {
			return "http://localhost:" + this.port;
		}

	}

	/**
	 * Clients that each send batches of events with ids of their own and send a batch
	 * again, with the same ids, until it is acknowledged.
	 */
	private static final class Ingest {

		private final String url;

		private final String key;

		private final String prefix;

		private final int clients;

		private final int batchSize;

		private final AtomicBoolean running = new AtomicBoolean();

		private final List<Thread> threads = new ArrayList<>();

		private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

		private final AtomicInteger duplicates = new AtomicInteger();

		private final List<long[]> answers = new CopyOnWriteArrayList<>();

		private final AtomicInteger batches = new AtomicInteger();

		private final Map<String, Instant> acknowledgedAt = new ConcurrentHashMap<>();

		private boolean mqls;

		private boolean reads;

		Ingest(String url, String key, String prefix, int clients, int batchSize) {
			this.url = url;
			this.key = key;
			this.prefix = prefix;
			this.clients = clients;
			this.batchSize = batchSize;
		}

		/** Each event makes an MQL (a demo request of a new person). */
		Ingest mqls() {
			this.mqls = true;
			return this;
		}

		/** A read of the tenant's people after each batch. */
		Ingest withReads() {
			this.reads = true;
			return this;
		}

		String load() {
			return this.clients + " client(s), batches of " + this.batchSize + (this.mqls ? " MQLs" : " events")
					+ ", each retried with the same ids until acknowledged";
		}

		void start() {
			this.running.set(true);
			for (int c = 0; c < this.clients; c++) {
				int client = c;
				Thread thread = new Thread(() -> run(client, Integer.MAX_VALUE), "ingest-" + this.prefix + "-" + c);
				thread.setDaemon(true);
				thread.start();
				this.threads.add(thread);
			}
		}

		void runFor(Duration duration) throws InterruptedException {
			start();
			Thread.sleep(duration.toMillis());
			stopAndFinish(Duration.ofSeconds(60));
		}

		void runBatches(int count) {
			this.running.set(true);
			run(0, count);
			this.running.set(false);
		}

		/** Stops after the batch under way is acknowledged (or the time is up). */
		void stopAndFinish(Duration atMost) throws InterruptedException {
			this.running.set(false);
			for (Thread thread : this.threads) {
				thread.join(atMost.toMillis());
				thread.interrupt();
			}
		}

		Set<String> acknowledged() {
			return this.acknowledged;
		}

		private void run(int client, int maxBatches) {
			Instant give = Instant.now().plus(Duration.ofMinutes(30));
			for (int b = 0; b < maxBatches && this.running.get(); b++) {
				List<String> ids = new ArrayList<>();
				List<Map<String, Object>> events = new ArrayList<>();
				for (int i = 0; i < this.batchSize; i++) {
					String id = this.prefix + "-" + client + "-" + b + "-" + i;
					ids.add(id);
					Map<String, Object> event = new LinkedHashMap<>();
					event.put("type",
							this.mqls ? "demo_requested" : ((i % 5 == 0) ? "content_downloaded" : "page_view"));
					event.put("occurredAt", Instant.now().minusSeconds(5).toString());
					event.put("source", "faults");
					event.put("externalId", id);
					String email = this.mqls ? id + "@faults.example"
							: "p" + client + "-" + (b % 50) + "-" + (i % 4) + "@faults.example";
					event.put("person", Map.of("email", email));
					event.put("properties", Map.of("url", "https://example.com/pricing"));
					events.add(event);
				}
				String body = JSON.writeValueAsString(Map.of("events", events));
				// the same batch again until acknowledged; a batch is given up only
				// when the run's time is long past (then its events count as not acked)
				while (Instant.now().isBefore(give)) {
					long started = System.nanoTime();
					int status;
					String answer = "";
					try {
						HttpResponse<String> response = HTTP
							.send(HttpRequest.newBuilder(URI.create(this.url + "/api/v1/events"))
								.timeout(CLIENT_TIMEOUT)
								.header("Content-Type", "application/json")
								.header("X-Api-Key", this.key)
								.POST(HttpRequest.BodyPublishers.ofString(body))
								.build(), HttpResponse.BodyHandlers.ofString());
						status = response.statusCode();
						answer = response.body();
					}
					catch (java.net.http.HttpTimeoutException ex) {
						status = -1;
					}
					catch (IOException ex) {
						status = 0;
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
					long took = (System.nanoTime() - started) / 1_000_000;
					this.answers.add(new long[] { System.currentTimeMillis(), status, took });
					if (status == 200) {
						JsonNode json = JSON.readTree(answer);
						this.duplicates.addAndGet(json.get("duplicates").asInt());
						Instant now = Instant.now();
						for (JsonNode result : json.get("results")) {
							this.acknowledgedAt.put(result.get("personId").asString(), now);
						}
						this.acknowledged.addAll(ids);
						this.batches.incrementAndGet();
						break;
					}
					try {
						Thread.sleep((status == 429) ? 1000 : 250);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
				if (this.reads) {
					long started = System.nanoTime();
					int status;
					try {
						status = HTTP
							.send(HttpRequest.newBuilder(URI.create(this.url + "/api/v1/people?limit=20"))
								.timeout(CLIENT_TIMEOUT)
								.header("X-Api-Key", this.key)
								.build(), HttpResponse.BodyHandlers.discarding())
							.statusCode();
					}
					catch (IOException ex) {
						status = 0;
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
					this.answers.add(new long[] { System.currentTimeMillis(), status,
							(System.nanoTime() - started) / 1_000_000 });
				}
			}
		}

		List<Long> latencies(Instant from, Instant to) {
			List<Long> latencies = new ArrayList<>();
			for (long[] answer : this.answers) {
				if ((from == null || answer[0] >= from.toEpochMilli())
						&& (to == null || answer[0] <= to.toEpochMilli())) {
					latencies.add(answer[2]);
				}
			}
			Collections.sort(latencies);
			return latencies;
		}

		long p99(Instant from, Instant to) {
			return percentile(latencies(from, to), 0.99);
		}

		long quantile(double p) {
			return percentile(latencies(null, null), p);
		}

		Map<String, Integer> statusCounts(Instant from, Instant to) {
			Map<String, Integer> counts = new TreeMap<>();
			for (long[] answer : this.answers) {
				if ((from == null || answer[0] >= from.toEpochMilli())
						&& (to == null || answer[0] <= to.toEpochMilli())) {
					String name = (answer[1] == -1) ? "timeout"
							: (answer[1] == 0) ? "refused" : Long.toString(answer[1]);
					counts.merge(name, 1, Integer::sum);
				}
			}
			return counts;
		}

		String statuses(Instant from, Instant to) {
			return statusCounts(from, to).toString();
		}

	}

	/** What the database holds of one ingest run. */
	private record Counts(long stored, long storedTwice, long activities, long timelineActivities,
			long personsWithoutStage, Set<String> externalIds) {

		long lost(Ingest ingest) {
			return ingest.acknowledged().stream().filter((id) -> !this.externalIds.contains(id)).count();
		}

		String consistency() {
			return "  consistency: " + this.activities + " activities, " + this.timelineActivities
					+ " activities placed on timelines, " + this.personsWithoutStage + " people without a stage";
		}

	}

	private Counts counts(SignedUp tenant, String prefix) throws Exception {
		try (Connection c = owner(); Statement st = c.createStatement()) {
			st.execute("select set_config('app.tenant_id', '" + tenant.id() + "', false)");
			Set<String> ids = ConcurrentHashMap.newKeySet();
			long twice = 0;
			try (ResultSet rs = st.executeQuery("select external_id, count(*) from activities where source = 'faults' "
					+ "and external_id like '" + prefix + "-%' group by external_id")) {
				while (rs.next()) {
					ids.add(rs.getString(1));
					twice += (rs.getLong(2) > 1) ? 1 : 0;
				}
			}
			long activities;
			long timeline;
			long noStage;
			try (ResultSet rs = st.executeQuery("select (select count(*) from activities), "
					+ "(select count(distinct timeline_id) from activities), "
					+ "(select count(*) from persons where stage is null or stage = '')")) {
				rs.next();
				activities = rs.getLong(1);
				timeline = rs.getLong(2);
				noStage = rs.getLong(3);
			}
			return new Counts(ids.size(), twice, activities, timeline, noStage, ids);
		}
	}

	private String row(String scenario, String load, String faults, Ingest ingest, Counts counts, long p99) {
		return String.format("| %s | %s | %s | %d events | %d | %d reported as duplicates, %d stored twice | %d | %s |",
				scenario, load, faults, ingest.acknowledged().size(), counts.stored(), ingest.duplicates.get(),
				counts.storedTwice(), counts.lost(ingest), ms(p99));
	}

	private Connection owner() throws Exception {
		return DriverManager.getConnection(this.database.jdbcUrl(), this.database.ownerUser(),
				this.database.ownerPassword());
	}

	private static String apiKey(String url, SignedUp tenant) {
		return new ApiClient(url).post("/api/v1/api-keys", Map.of("name", "faults"), tenant.auth())
			.json()
			.get("key")
			.asString();
	}

	private static void webhook(ApiClient api, SignedUp tenant, String url, String... types) {
		ApiClient.Response created = api.post("/api/v1/webhooks",
				Map.of("url", url, "eventTypes", (types.length > 0) ? List.of(types) : List.of("mql.created")),
				tenant.auth());
		if (created.status() != 201) {
			throw new IllegalStateException("webhook not created: " + created);
		}
	}

	/**
	 * A receiver that answers 204 after a delay and notes when each person's MQL came.
	 */
	private static HttpServer receiver(Map<String, Instant> arrived, Duration delay) throws IOException {
		Pattern person = Pattern.compile("\"personId\":\\s*\"([0-9a-f-]{36})\"");
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.setExecutor(Executors.newCachedThreadPool());
		server.createContext("/", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			Matcher found = person.matcher(body);
			if (found.find()) {
				arrived.putIfAbsent(found.group(1), Instant.now());
			}
			try {
				Thread.sleep(delay.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		server.start();
		return server;
	}

	/**
	 * p50 / p99 from each acknowledged MQL to its webhook's arrival (waits up to 60 s).
	 */
	private static String webhookLatency(Ingest ingest, Map<String, Instant> arrived) throws InterruptedException {
		Instant until = Instant.now().plusSeconds(60);
		while (Instant.now().isBefore(until) && !arrived.keySet().containsAll(ingest.acknowledgedAt.keySet())) {
			Thread.sleep(200);
		}
		List<Long> latencies = new ArrayList<>();
		ingest.acknowledgedAt.forEach((person, at) -> {
			Instant came = arrived.get(person);
			if (came != null) {
				latencies.add(Duration.between(at, came).toMillis());
			}
		});
		Collections.sort(latencies);
		return ms(percentile(latencies, 0.5)) + " / " + ms(percentile(latencies, 0.99)) + " (" + latencies.size()
				+ " of " + ingest.acknowledgedAt.size() + " arrived)";
	}

	/** A burst of 300 reads as fast as possible: how they were answered. */
	private static String burst(String url, String key) throws InterruptedException {
		Map<Integer, Integer> statuses = new TreeMap<>();
		for (int i = 0; i < 300; i++) {
			try {
				int status = HTTP
					.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/people?limit=1"))
						.timeout(CLIENT_TIMEOUT)
						.header("X-Api-Key", key)
						.build(), HttpResponse.BodyHandlers.discarding())
					.statusCode();
				statuses.merge(status, 1, Integer::sum);
			}
			catch (IOException ex) {
				statuses.merge(0, 1, Integer::sum);
			}
		}
		return statuses.toString();
	}

	private static double metric(String url, String name) {
		try {
			String path = name.contains("?") ? name : name;
			HttpResponse<String> response = HTTP
				.send(HttpRequest.newBuilder(URI.create(url + "/actuator/metrics/" + path))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				return 0;
			}
			double sum = 0;
			for (JsonNode measurement : JSON.readTree(response.body()).get("measurements")) {
				sum += measurement.get("value").asDouble();
			}
			return sum;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

	private static void shell(String command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("bash", "-c", command).inheritIO().start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("timed out: " + command);
		}
	}

	private static int freePortUnchecked() {
		try {
			return freePort();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static long percentile(List<Long> sorted, double p) {
		if (sorted.isEmpty()) {
			return -1;
		}
		return sorted.get((int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(p * sorted.size()) - 1)));
	}

	private static String ms(long millis) {
		return (millis < 0) ? "n/a" : String.format("%.3f s", millis / 1000d);
	}

}
