package io.revcycle.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpServer;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.AppProcess;
import io.revcycle.testsupport.RevcycleDatabase;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two platform processes and two gateways from the built jars, on one database and one
 * Redis, as the Helm chart runs them: the database migrated once by
 * {@code io.revcycle.Migrations} (the chart's hook Job), the replicas with Flyway off.
 *
 * <p>
 * Which replica did what is read from the database itself: each platform names its
 * connections ({@code application_name}), and triggers this test adds note, per SLA
 * breach and per outbox claim, release and delivery, the replica whose transaction did
 * it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasTests {

	/** Requests per second per tenant, and the burst, of both gateways. */
	private static final int RATE = 1;

	private static final int BURST = 10;

	/**
	 * What each gateway may let through from its local copy of the bucket before it
	 * synchronises with Redis: a tenth of the burst, at least 1
	 * ({@code revcycle.gateway.rate-limits.sync}). Beyond the limit, the documented
	 * tolerance is this much per gateway.
	 */
	private static final int LOCAL = 1;

	/**
	 * Waits for background work end by this, or the test fails (never a timing
	 * assertion).
	 */
	private static final Duration PATIENCE = Duration.ofMinutes(3);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private RevcycleDatabase database;

	private final Map<String, AppProcess> platforms = new LinkedHashMap<>();

	private final List<AppProcess> gateways = new ArrayList<>();

	private HttpServer receiver;

	/** Delivery requests the receiver got, by Revcycle-Event-Id. */
	private final Map<String, Integer> received = new ConcurrentHashMap<>();

	/** The first delivery to /hold waits on this; the test releases it. */
	private final CountDownLatch release = new CountDownLatch(1);

	private final AtomicBoolean holding = new AtomicBoolean();

	private volatile String heldEventId;

	@BeforeAll
	void start() throws Exception {
		Path root = AppProcess.projectRoot();
		Path logs = root.resolve("helm/revcycle-tests/target/replicas");
		this.database = TestServices.database();
		migrate(root, logs);
		instrument();
		startReceiver();
		Map<String, Object> common = new LinkedHashMap<>();
		common.put("spring.datasource.url", this.database.jdbcUrl());
		common.put("spring.datasource.username", this.database.appUser());
		common.put("spring.datasource.password", this.database.appPassword());
		// as on Kubernetes: the replicas never migrate
		common.put("spring.flyway.enabled", false);
		common.putAll(TestServices.keycloak().springProperties());
		common.putAll(TestServices.redis().springProperties());
		common.put("revcycle.webhooks.allow-private-targets", true);
		// a lease far longer than the test: a claim that is not released is never taken
		// over within it
		common.put("revcycle.outbox.lease", "PT30M");
		common.put("revcycle.outbox.batch", 25);
		// one after the other: on two cores, starting JVMs side by side is no faster
		for (String name : List.of("platform-a", "platform-b")) {
			Map<String, Object> own = new LinkedHashMap<>(common);
			own.put("spring.datasource.hikari.data-source-properties.ApplicationName", name);
			this.platforms.put(name, AppProcess.start(name, AppProcess.jar(root, "platform"), freePort(), own, logs));
		}
		int i = 0;
		for (AppProcess platform : this.platforms.values()) {
			Map<String, Object> gateway = new LinkedHashMap<>(TestServices.keycloak().springProperties());
			gateway.putAll(TestServices.redis().springProperties());
			gateway.put("revcycle.keycloak-url", TestServices.keycloak().url());
			gateway.put("revcycle.platform-url", platform.url());
			gateway.put("revcycle.gateway.rate-limits.plans.default.replenish-rate", RATE);
			gateway.put("revcycle.gateway.rate-limits.plans.default.burst-capacity", BURST);
			this.gateways.add(AppProcess.start("gateway-" + (char) ('a' + i++), AppProcess.jar(root, "gateway"),
					freePort(), gateway, logs));
		}
	}

	@AfterAll
	void stop() {
		this.gateways.forEach(AppProcess::close);
		this.platforms.values().forEach(AppProcess::close);
		if (this.receiver != null) {
			this.receiver.stop(0);
		}
	}

	@Test
	@Order(1)
	void aTenantsRateLimitHoldsAcrossBothGateways() throws Exception {
		SignedUp tenant = TestTenants.signUp(new ApiClient(this.gateways.get(0).url()), "replicas-rate");
		Map<Integer, Integer> statuses = new LinkedHashMap<>();
		Map<String, Integer> refusedBy = new LinkedHashMap<>();
		Instant started = Instant.now();
		int requests = 3 * BURST;
		for (int i = 0; i < requests; i++) {
			AppProcess gateway = this.gateways.get(i % 2);
			HttpResponse<String> response = this.http
				.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/api/v1/people"))
					.header("Authorization", "Bearer " + tenant.adminToken())
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			statuses.merge(response.statusCode(), 1, Integer::sum);
			if (response.statusCode() == 429) {
				refusedBy.merge(gateway.url(), 1, Integer::sum);
			}
		}
		double seconds = Duration.between(started, Instant.now()).toMillis() / 1000d;
		int allowed = statuses.getOrDefault(200, 0);
		System.out.printf("Rate limit across two gateways: %d requests in %.1f s, %s; refused by %s%n", requests,
				seconds, statuses, refusedBy);
		assertThat(statuses.keySet()).containsOnly(200, 429);
		// one bucket for the tenant, shared: the burst plus what refilled meanwhile, and
		// at most the local allowance of each gateway beyond it; not a burst per gateway
		assertThat(allowed).isGreaterThanOrEqualTo(BURST)
			.isLessThanOrEqualTo(BURST + (int) Math.ceil(seconds * RATE) + 1 + 2 * LOCAL)
			.isLessThan(2 * BURST);
		assertThat(refusedBy).as("both gateways refuse once the tenant's bucket is empty").hasSize(2);
	}

	@Test
	@Order(2)
	void timersAndOutboxMessagesAreEachHandledOnceByTwoReplicas() throws Exception {
		SignedUp tenant = TestTenants.signUp(new ApiClient(anyPlatform().url()), "replicas-once");
		subscribe(tenant, "/ok");
		int timers = 600;
		loadDueTimers(tenant, timers, "once");
		awaitUntil("every breach delivered", () -> count("select count(*) from outbox where tenant_id = '" + tenant.id()
				+ "' and status = 'DELIVERED'") == timers);

		assertThat(count("select count(*) from sla_breaches where tenant_id = '" + tenant.id() + "'"))
			.isEqualTo(timers);
		assertThat(count("select count(distinct timer_id) from sla_breaches where tenant_id = '" + tenant.id() + "'"))
			.isEqualTo(timers);
		assertThat(count("select count(*) from outbox where tenant_id = '" + tenant.id() + "'")).isEqualTo(timers);
		assertThat(count("select count(*) from outbox where tenant_id = '" + tenant.id() + "' and attempts <> 1"))
			.as("every message attempted once")
			.isZero();
		Set<String> events = eventIds(tenant);
		assertThat(events).hasSize(timers).allSatisfy((id) -> assertThat(this.received.get(id)).as(id).isEqualTo(1));

		Map<String, Integer> breaches = byReplica("breach", tenant);
		Map<String, Integer> deliveries = byReplica("deliver", tenant);
		System.out.printf("Two replicas, %d due timers: breaches recorded by %s, messages delivered by %s%n", timers,
				breaches, deliveries);
		assertThat(breaches.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(timers);
		assertThat(deliveries.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(timers);
		assertThat(breaches.keySet()).isSubsetOf(this.platforms.keySet());
	}

	@Test
	@Order(3)
	void aReplicaStoppedMidWorkLeavesWhatItClaimedToTheOtherNothingLostOrDoubled() throws Exception {
		SignedUp tenant = TestTenants.signUp(new ApiClient(anyPlatform().url()), "replicas-stop");
		subscribe(tenant, "/hold");
		int timers = 300;
		loadDueTimers(tenant, timers, "stop1");
		awaitUntil("a delivery held by the receiver", () -> this.heldEventId != null);
		String stopping = claimerOf(this.heldEventId);
		String staying = this.platforms.keySet().stream().filter((n) -> !n.equals(stopping)).findFirst().orElseThrow();
		AppProcess stopped = this.platforms.get(stopping);
		int claimedBeforeStop = count("select count(*) from replica_work where kind = 'claim' and replica = '"
				+ stopping + "' and tenant_id = '" + tenant.id() + "'");

		// SIGTERM, as Kubernetes stops a pod
		stopped.process().destroy();
		awaitUntil(stopping + " unready while it drains", () -> readiness(stopped) == 503);
		// timers coming due now are left to the replica that stays
		loadDueTimers(tenant, 100, "stop2");
		this.release.countDown();
		assertThat(stopped.process().waitFor(2, TimeUnit.MINUTES)).as(stopping + " exited").isTrue();
		int all = timers + 100;
		awaitUntil("every breach delivered after the stop", () -> count(
				"select count(*) from outbox where tenant_id = '" + tenant.id() + "' and status = 'DELIVERED'") == all);

		assertThat(count("select count(*) from sla_breaches where tenant_id = '" + tenant.id() + "'")).isEqualTo(all);
		assertThat(count("select count(distinct timer_id) from sla_breaches where tenant_id = '" + tenant.id() + "'"))
			.isEqualTo(all);
		Set<String> events = eventIds(tenant);
		assertThat(events).hasSize(all).allSatisfy((id) -> assertThat(this.received.get(id)).as(id).isEqualTo(1));
		assertThat(count("select count(*) from outbox where tenant_id = '" + tenant.id() + "' and attempts <> 1"))
			.as("released messages are attempted once, by the other replica")
			.isZero();

		int released = count("select count(*) from replica_work where kind = 'release' and replica = '" + stopping
				+ "' and tenant_id = '" + tenant.id() + "'");
		int deliveredByStopping = count("select count(*) from replica_work where kind = 'deliver' and replica = '"
				+ stopping + "' and tenant_id = '" + tenant.id() + "'");
		int claimedByStopping = count("select count(*) from replica_work where kind = 'claim' and replica = '"
				+ stopping + "' and tenant_id = '" + tenant.id() + "'");
		int releasedThenDeliveredByStaying = count("select count(*) from replica_work r where r.kind = 'release' "
				+ "and r.replica = '" + stopping + "' and r.tenant_id = '" + tenant.id() + "' and exists (select 1 "
				+ "from replica_work d where d.kind = 'deliver' and d.id = r.id and d.replica = '" + staying + "')");
		System.out.printf(
				"Stopping %s mid-work: it had claimed %d messages (%d when stopped), delivered %d, released %d, "
						+ "all of which %s delivered; breaches by replica: %s%n",
				stopping, claimedByStopping, claimedBeforeStop, deliveredByStopping, released, staying,
				byReplica("breach", tenant));
		// what it claimed, it either delivered or handed over, and the other delivered
		// what it handed over
		assertThat(deliveredByStopping + released).isEqualTo(claimedByStopping);
		assertThat(released).as("the batch behind the held delivery was released").isPositive();
		assertThat(releasedThenDeliveredByStaying).isEqualTo(released);
		assertThat(count("select count(*) from replica_work where kind = 'breach' and replica = '" + stopping
				+ "' and tenant_id = '" + tenant.id() + "' and note = 'stop2'"))
			.isZero();
	}

	/** The database, migrated once, as the chart's hook Job does it. */
	private void migrate(Path root, Path logs) throws Exception {
		java.nio.file.Files.createDirectories(logs);
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", AppProcess.jar(root, "platform").toString(), "-Dloader.main=io.revcycle.Migrations",
				"org.springframework.boot.loader.launch.PropertiesLauncher")
			.redirectErrorStream(true)
			.redirectOutput(logs.resolve("migrations.log").toFile());
		builder.environment().put("REVCYCLE_DB_URL", this.database.jdbcUrl());
		builder.environment().put("REVCYCLE_DB_OWNER", this.database.ownerUser());
		builder.environment().put("REVCYCLE_DB_OWNER_PASSWORD", this.database.ownerPassword());
		builder.environment().put("REVCYCLE_DB_USER", this.database.appUser());
		Process process = builder.start();
		assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as(java.nio.file.Files.readString(logs.resolve("migrations.log"))).isZero();
		assertThat(count("select count(*) from flyway_schema_history where success")).isPositive();
	}

	/**
	 * Notes who did what: breaches recorded, outbox messages claimed, released and
	 * delivered, each with the replica's connection name.
	 */
	private void instrument() throws SQLException {
		try (Connection c = owner(); Statement st = c.createStatement()) {
			st.execute("create table replica_work (kind text not null, tenant_id uuid not null, id uuid not null, "
					+ "replica text not null, note text, at timestamptz not null default clock_timestamp())");
			st.execute("create function replica_breach() returns trigger language plpgsql security definer as $$ "
					+ "begin insert into replica_work (kind, tenant_id, id, replica, note) select 'breach', new.tenant_id, "
					+ "new.timer_id, current_setting('application_name'), p.email from persons p where p.id = "
					+ "new.person_id; return null; end $$");
			st.execute("create trigger replica_breach after insert on sla_breaches for each row execute function "
					+ "replica_breach()");
			st.execute("create function replica_outbox() returns trigger language plpgsql security definer as $$ "
					+ "begin insert into replica_work (kind, tenant_id, id, replica) values (case "
					+ "when new.status = 'DELIVERED' and old.status <> 'DELIVERED' then 'deliver' "
					+ "when new.attempts > old.attempts then 'claim' when new.attempts < old.attempts then 'release' end, "
					+ "new.tenant_id, new.id, current_setting('application_name')); return null; end $$");
			st.execute("create trigger replica_outbox after update on outbox for each row when "
					+ "((new.status = 'DELIVERED' and old.status <> 'DELIVERED') or new.attempts <> old.attempts) "
					+ "execute function replica_outbox()");
		}
	}

	/** A local webhook receiver: /ok answers at once; /hold holds the first delivery. */
	private void startReceiver() throws IOException {
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.receiver.setExecutor(Executors.newFixedThreadPool(8));
		this.receiver.createContext("/", (exchange) -> {
			String event = exchange.getRequestHeaders().getFirst("Revcycle-Event-Id");
			exchange.getRequestBody().readAllBytes();
			if (event != null) {
				if (exchange.getRequestURI().getPath().equals("/hold") && this.holding.compareAndSet(false, true)) {
					this.heldEventId = event;
					try {
						this.release.await(5, TimeUnit.MINUTES);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				this.received.merge(event, 1, Integer::sum);
			}
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.receiver.start();
	}

	private void subscribe(SignedUp tenant, String path) {
		ApiClient.Response response = new ApiClient(anyPlatform().url()).post("/api/v1/webhooks",
				Map.of("url", "http://127.0.0.1:" + this.receiver.getAddress().getPort() + path, "eventTypes",
						List.of("sla.breached")),
				tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
	}

	/** MQL people with an SLA timer of one notify step, due now. */
	private void loadDueTimers(SignedUp tenant, int count, String note) throws SQLException {
		try (Connection c = owner(); Statement st = c.createStatement()) {
			// row-level security is forced on the owner too
			st.execute("select set_config('app.tenant_id', '" + tenant.id() + "', false)");
			st.execute(
					"insert into persons (tenant_id, id, email, stage, created_at, updated_at) select '" + tenant.id()
							+ "', gen_random_uuid(), '" + note + "-' || i || '@replicas.example', 'MQL', now(), now() "
							+ "from generate_series(1, " + count + ") i");
			st.execute("insert into sla_timers (tenant_id, id, person_id, stage, opened_at, due_at, status, ladder, "
					+ "next_step, next_step_at) select tenant_id, gen_random_uuid(), id, 'MQL', now(), now(), 'OPEN', "
					+ "'[{\"afterMinutes\": 0, \"action\": \"notify_owner\"}]', 0, now() from persons where email like '"
					+ note + "-%'");
		}
	}

	private String claimerOf(String eventId) throws SQLException {
		try (Connection c = owner();
				Statement st = c.createStatement();
				ResultSet rs = st.executeQuery("select w.replica from replica_work w join outbox o on o.id = w.id "
						+ "where w.kind = 'claim' and o.event_id = '" + UUID.fromString(eventId) + "'")) {
			assertThat(rs.next()).as("the held message was claimed").isTrue();
			return rs.getString(1);
		}
	}

	private Set<String> eventIds(SignedUp tenant) throws SQLException {
		Set<String> ids = ConcurrentHashMap.newKeySet();
		try (Connection c = owner();
				Statement st = c.createStatement();
				ResultSet rs = st.executeQuery("select event_id from outbox where tenant_id = '" + tenant.id() + "'")) {
			while (rs.next()) {
				ids.add(rs.getString(1));
			}
		}
		return ids;
	}

	private Map<String, Integer> byReplica(String kind, SignedUp tenant) throws SQLException {
		Map<String, Integer> counts = new LinkedHashMap<>();
		try (Connection c = owner();
				Statement st = c.createStatement();
				ResultSet rs = st.executeQuery("select replica, count(*) from replica_work where kind = '" + kind
						+ "' and tenant_id = '" + tenant.id() + "' group by replica order by replica")) {
			while (rs.next()) {
				counts.put(rs.getString(1), rs.getInt(2));
			}
		}
		return counts;
	}

	private int count(String sql) {
		try (Connection c = owner(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
			rs.next();
			return rs.getInt(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

	private int readiness(AppProcess app) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(URI.create(app.url() + "/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/**
	 * A connection as the server's administrator: the test reads every tenant's rows,
	 * past row-level security (which applies even to the tables' owner).
	 */
	private Connection owner() throws SQLException {
		String url = this.database.jdbcUrl();
		return TestServices.postgres().connect(url.substring(url.lastIndexOf('/') + 1));
	}

	private AppProcess anyPlatform() {
		return this.platforms.values().stream().filter(AppProcess::alive).findFirst().orElseThrow();
	}

	private static void awaitUntil(String what, BooleanSupplier condition) throws InterruptedException {
		Instant deadline = Instant.now().plus(PATIENCE);
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("Not reached within " + PATIENCE + ": " + what);
			}
			Thread.sleep(100);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
