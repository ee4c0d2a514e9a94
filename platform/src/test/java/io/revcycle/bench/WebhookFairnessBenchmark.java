package io.revcycle.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.AppProcess;
import io.revcycle.testsupport.RevcycleDatabase;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;

/**
 * One tenant's dead webhook endpoints against another tenant's deliveries and API
 * throughput (run by {@code docs/benchmarks/webhook-fairness-bench.sh}). A platform
 * process; tenant "dead" has E endpoints at an address that accepts connections and never
 * answers; tenant "live" has one endpoint at a receiver on this machine. Each phase sends
 * "live" an MQL-making event every 500 ms while four clients read
 * {@code GET /api/v1/people} with its API key as fast as they can, and measures the delay
 * from each event's acknowledgement to its webhook's arrival, and the reads per second.
 * Phase 1 without a backlog (the reference), then N outbox messages to the dead endpoints
 * are added, all due, and phases 2 (at once) and 3 (after the breakers opened) run again.
 * Also reports the platform's CPU time per phase and how many requests the dead endpoints
 * cost.
 */
public final class WebhookFairnessBenchmark {

	private static final Pattern PERSON = Pattern.compile("\"personId\":\\s*\"([0-9a-f-]{36})\"");

	private WebhookFairnessBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int backlog = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		int endpoints = (args.length > 1) ? Integer.parseInt(args[1]) : 30;
		int seconds = (args.length > 2) ? Integer.parseInt(args[2]) : 60;
		Path root = AppProcess.projectRoot();
		RevcycleDatabase database = TestServices.postgres().createDatabase("revcycle_webhook_bench", true);
		Map<String, Object> properties = new LinkedHashMap<>(database.springProperties());
		properties.putAll(TestServices.keycloak().springProperties());
		properties.putAll(TestServices.redis().springProperties());
		properties.put("revcycle.webhooks.allow-private-targets", "true");
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		// accepts connections into its backlog and never answers
		try (ServerSocket tarpit = new ServerSocket()) {
			tarpit.bind(new InetSocketAddress("127.0.0.1", 0), 4096);
			Map<String, Instant> arrived = new ConcurrentHashMap<>();
			HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			receiver.setExecutor(Executors.newFixedThreadPool(4));
			receiver.createContext("/live", (exchange) -> {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				Matcher person = PERSON.matcher(body);
				if (person.find()) {
					arrived.putIfAbsent(person.group(1), Instant.now());
				}
				exchange.sendResponseHeaders(204, -1);
				exchange.close();
			});
			receiver.start();
			try (AppProcess platform = AppProcess.start("platform", AppProcess.jar(root, "platform"), port, properties,
					root.resolve("platform/target/webhook-bench"))) {
				ApiClient api = new ApiClient(platform.url());
				SignedUp dead = TestTenants.signUp(api, "deadhooks");
				SignedUp live = TestTenants.signUp(api, "livehooks");
				String key = api.post("/api/v1/api-keys", Map.of("name", "bench"), live.auth())
					.json()
					.get("key")
					.asString();
				List<String> deadEndpoints = new ArrayList<>();
				for (int i = 0; i < endpoints; i++) {
					deadEndpoints.add(api
						.post("/api/v1/webhooks",
								Map.of("url", "http://127.0.0.1:" + tarpit.getLocalPort() + "/h" + i, "eventTypes",
										List.of("mql.created", "stage.changed")),
								dead.auth())
						.json()
						.get("id")
						.asString());
				}
				api.post("/api/v1/webhooks",
						Map.of("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/live", "eventTypes",
								List.of("mql.created")),
						live.auth());

				List<String> report = new ArrayList<>();
				report.add(phase("1. no backlog (reference)", api, live, key, seconds, arrived, platform));
				try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.ownerUser(),
						database.ownerPassword()); Statement st = c.createStatement()) {
					st.execute("select set_config('app.tenant_id', '" + dead.id() + "', false)");
					Instant loading = Instant.now();
					// fanned out as the platform writes it: each event's payload once (a
					// stage.changed body of the usual size), a delivery row per endpoint
					int events = (backlog + endpoints - 1) / endpoints;
					st.execute("create temporary table bench_events as select gen_random_uuid() as id, g "
							+ "from generate_series(1, " + events + ") g");
					st.execute("insert into outbox_payloads (tenant_id, event_id, payload, created_at) select '"
							+ dead.id() + "', e.id, jsonb_build_object('id', e.id, 'type', 'stage.changed', "
							+ "'createdAt', now() - interval '1 hour', 'data', jsonb_build_object('personId', "
							+ "gen_random_uuid(), 'from', 'Known', 'to', 'MQL', 'trigger', 'score', 'actor', 'system', "
							+ "'email', 'person' || e.g || '@example.com')), now() - interval '1 hour' "
							+ "from bench_events e");
					st.execute("insert into outbox (tenant_id, id, kind, destination, event_id, event_type, "
							+ "status, attempts, next_attempt_at, created_at) select '" + dead.id()
							+ "', gen_random_uuid(), 'webhook', d.id, e.id, 'stage.changed', 'PENDING', 0, "
							+ "now() - interval '1 hour', now() - interval '1 hour' from bench_events e "
							+ "cross join unnest(array['" + String.join("','", deadEndpoints)
							+ "']::uuid[]) as d(id) limit " + backlog);
					st.execute("analyze outbox");
					st.execute("analyze outbox_payloads");
					System.out.printf("Added %,d due outbox messages to %d dead endpoints in %.1f s%n", backlog,
							endpoints, Duration.between(loading, Instant.now()).toMillis() / 1000d);
					try (ResultSet rs = st.executeQuery("select pg_total_relation_size('outbox'), "
							+ "pg_total_relation_size('outbox_payloads')")) {
						rs.next();
						report.add(String.format("backlog stored in %,d MB of deliveries and %,d MB of payloads",
								rs.getLong(1) >> 20, rs.getLong(2) >> 20));
					}
				}
				report.add(phase("2. backlog of " + String.format("%,d", backlog) + " just added", api, live, key,
						seconds, arrived, platform));
				report.add(phase("3. the same backlog, a phase later", api, live, key, seconds, arrived, platform));
				try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.ownerUser(),
						database.ownerPassword()); Statement st = c.createStatement()) {
					st.execute("select set_config('app.tenant_id', '" + dead.id() + "', false)");
					try (ResultSet rs = st.executeQuery("select (select count(*) from webhook_attempts), "
							+ "(select count(*) from outbox where status = 'PENDING'), "
							+ "(select count(*) from outbox where status = 'DEAD'), "
							+ "(select count(*) from webhook_endpoints where circuit_open_until > now())")) {
						rs.next();
						report.add(String.format(
								"dead tenant: %,d requests made to its endpoints in all; %,d messages pending, "
										+ "%,d dead-lettered; %d of %d endpoints with an open circuit",
								rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), endpoints));
					}
				}
				System.out.printf("%nWebhook fairness: %d dead endpoints, %,d messages, phases of %d s%n", endpoints,
						backlog, seconds);
				System.out.println("| phase | live tenant's webhook latency p50 / p99 / max | delivered | "
						+ "GET /api/v1/people per s | platform CPU s |");
				System.out.println("| --- | --- | --- | --- | --- |");
				report.forEach(System.out::println);
			}
			finally {
				receiver.stop(0);
			}
		}
		System.exit(0);
	}

	/**
	 * Sends the live tenant an MQL every 500 ms while four clients read its people; then
	 * waits (at most a minute) for the webhooks.
	 */
	private static String phase(String name, ApiClient api, SignedUp live, String key, int seconds,
			Map<String, Instant> arrived, AppProcess platform) throws Exception {
		long cpuBefore = cpuMillis(platform);
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong reads = new AtomicLong();
		List<Thread> readers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			Thread reader = new Thread(() -> {
				ApiClient client = new ApiClient(platform.url());
				while (running.get()) {
					if (client.get("/api/v1/people?limit=10", ApiClient.apiKey(key)).status() == 200) {
						reads.incrementAndGet();
					}
				}
			});
			reader.start();
			readers.add(reader);
		}
		Map<String, Instant> acknowledged = new LinkedHashMap<>();
		Instant start = Instant.now();
		for (int i = 0; Duration.between(start, Instant.now()).getSeconds() < seconds; i++) {
			String email = "p" + System.nanoTime() + "@live.example.com";
			Map<String, Object> event = Map.of("type", "demo_requested", "occurredAt", Instant.now().toString(),
					"source", "bench", "externalId", email, "person", Map.of("email", email));
			ApiClient.Response response = api.post("/api/v1/events", Map.of("events", List.of(event)),
					ApiClient.apiKey(key));
			Matcher person = PERSON.matcher(response.body());
			if (response.status() == 200 && person.find()) {
				acknowledged.put(person.group(1), Instant.now());
			}
			Thread.sleep(Math.max(0, start.plusMillis(500L * (i + 1)).toEpochMilli() - Instant.now().toEpochMilli()));
		}
		running.set(false);
		double elapsed = Duration.between(start, Instant.now()).toMillis() / 1000d;
		for (Thread reader : readers) {
			reader.join();
		}
		long cpu = cpuMillis(platform) - cpuBefore;
		Instant waitUntil = Instant.now().plusSeconds(60);
		while (Instant.now().isBefore(waitUntil) && !arrived.keySet().containsAll(acknowledged.keySet())) {
			Thread.sleep(200);
		}
		List<Long> latencies = new ArrayList<>();
		acknowledged.forEach((person, at) -> {
			Instant came = arrived.get(person);
			if (came != null) {
				latencies.add(Duration.between(at, came).toMillis());
			}
		});
		Collections.sort(latencies);
		return String.format("| %s | %s | %d of %d | %.0f | %.1f |", name,
				latencies.isEmpty() ? "none arrived"
						: String.format("%.3f s / %.3f s / %.3f s", percentile(latencies, 0.5) / 1000d,
								percentile(latencies, 0.99) / 1000d, latencies.get(latencies.size() - 1) / 1000d),
				latencies.size(), acknowledged.size(), reads.get() / elapsed, cpu / 1000d);
	}

	private static long percentile(List<Long> sorted, double p) {
		return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
	}

	/** The platform process's CPU time (user and system), from /proc. */
	private static long cpuMillis(AppProcess platform) {
		try {
			String[] stat = Files.readString(Path.of("/proc/" + platform.process().pid() + "/stat"))
				.replaceAll("^.*\\) ", "")
				.split(" ");
			// fields 14 and 15 of stat (utime, stime), counted from the state field (3)
			long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
			return ticks * 10;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

}
