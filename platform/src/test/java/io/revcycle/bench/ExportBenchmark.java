package io.revcycle.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.AppProcess;
import io.revcycle.testsupport.RevcycleDatabase;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.postgresql.PGConnection;

/**
 * The export benchmark: a tenant of {@code people} people and {@code activities}
 * activities (with their funnel stays and lead records), generated inside PostgreSQL,
 * exported whole through {@code GET /api/v1/export} (plain, then gzip) while the
 * platform's heap is sampled with {@code jcmd}. The reference, measured in the same run
 * on the same rows, is PostgreSQL's own {@code COPY} of the same records as JSON to a
 * client that throws them away. Run by {@code docs/benchmarks/export-bench.sh}.
 */
public final class ExportBenchmark {

	private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

	private ExportBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int people = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		int activities = (args.length > 1) ? Integer.parseInt(args[1]) : 10_000_000;
		RevcycleDatabase database = TestServices.postgres().createDatabase("revcycle_export_bench", true);
		try (AppProcess platform = BenchPlatform.start(database)) {
			ApiClient api = new ApiClient(platform.url());
			SignedUp tenant = TestTenants.signUp(api, "bench-export");
			Instant loading = Instant.now();
			generate(database, tenant, people, activities);
			System.out.printf("Generated %,d people and %,d activities (with stays and lead records) in %.0f s%n",
					people, activities, seconds(loading));
			long pid = platform.process().pid();
			System.out.printf("Platform heap before: %,d MB used after a full GC (max heap: %s)%n",
					afterGcKb(pid) / 1024, System.getenv().getOrDefault("JAVA_TOOL_OPTIONS", "the JVM's default"));

			Instant copying = Instant.now();
			long copied = copy(database, tenant);
			double copySeconds = seconds(copying);
			System.out.printf("Reference, COPY of the same records as JSON: %,d rows in %.1f s (%,.0f rows/s)%n",
					copied, copySeconds, copied / copySeconds);

			// a third argument "plain" leaves out the gzip export
			boolean[] encodings = (args.length > 2 && "plain".equals(args[2])) ? new boolean[] { false }
					: new boolean[] { false, true };
			for (boolean gzip : encodings) {
				AtomicLong maxHeap = new AtomicLong();
				AtomicBoolean running = new AtomicBoolean(true);
				Thread sampler = new Thread(() -> {
					while (running.get()) {
						maxHeap.accumulateAndGet(heapUsedKb(pid), Math::max);
						sleep(500);
					}
				});
				sampler.start();
				Instant started = Instant.now();
				long[] result = export(platform.url(), tenant, gzip);
				double exportSeconds = seconds(started);
				running.set(false);
				sampler.join();
				System.out.printf(
						"Export%s: %,d lines, %,d MB on the wire in %.1f s: %,.0f records/s (%.2f x the COPY "
								+ "reference), platform heap at most %,d MB used while it ran (garbage included), "
								+ "%,d MB after a full GC%n",
						gzip ? " with gzip" : "", result[0], result[1] / (1024 * 1024), exportSeconds,
						result[0] / exportSeconds, (result[0] / exportSeconds) / (copied / copySeconds),
						maxHeap.get() / 1024, afterGcKb(pid) / 1024);
			}
		}
	}

	private static void generate(RevcycleDatabase database, SignedUp tenant, int people, int activities)
			throws Exception {
		try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.ownerUser(),
				database.ownerPassword()); Statement st = c.createStatement()) {
			String t = "'" + tenant.id() + "'";
			st.execute("select set_config('app.tenant_id', " + t + ", false)");
			st.execute("create temporary table bench_people as select i, gen_random_uuid() as id, "
					+ "now() - ((i % 365) || ' days')::interval - interval '1 hour' as born from generate_series(1, "
					+ people + ") as i");
			st.execute("insert into persons (tenant_id, id, email, first_name, last_name, stage, created_at, "
					+ "updated_at) select " + t + ", id, 'person' || i || '@bench.example', 'First' || i, 'Last' || i, "
					+ "case when i % 5 = 0 then 'MQL' else 'Known' end, born, born from bench_people");
			st.execute("insert into lead_creations (tenant_id, person_id, known_at) select " + t
					+ ", id, born from bench_people");
			st.execute("insert into stage_stays (tenant_id, person_id, stage, entered_at) select " + t
					+ ", id, 'Known', born from bench_people");
			int perPerson = Math.max(1, activities / people);
			st.execute("insert into activities (tenant_id, id, source, external_id, type, occurred_at, received_at, "
					+ "person_id, properties) select " + t + ", gen_random_uuid(), 'bench', 'a' || p.i || '-' || k, "
					+ "(array['page_view', 'email_opened', 'email_clicked', 'content_downloaded'])[1 + (p.i + k) % 4], "
					+ "p.born + (k || ' hours')::interval, p.born + (k || ' hours')::interval, p.id, "
					+ "jsonb_build_object('url', '/blog/post-' || (p.i + k) % 200) from bench_people p, "
					+ "generate_series(1, " + perPerson + ") as k");
			st.execute("analyze");
		}
	}

	/** The same rows the export reads, as JSON, by PostgreSQL's COPY to a sink. */
	private static long copy(RevcycleDatabase database, SignedUp tenant) throws Exception {
		long rows = 0;
		try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.ownerUser(),
				database.ownerPassword()); Statement st = c.createStatement()) {
			st.execute("select set_config('app.tenant_id', '" + tenant.id() + "', false)");
			for (String table : new String[] { "persons", "lead_creations", "stage_stays", "activities" }) {
				rows += c.unwrap(PGConnection.class)
					.getCopyAPI()
					.copyOut("copy (select to_jsonb(t) - 'tenant_id' from " + table + " t where tenant_id = '"
							+ tenant.id() + "') to stdout", OutputStream.nullOutputStream());
			}
		}
		return rows;
	}

	/** Lines and bytes received. */
	private static long[] export(String url, SignedUp tenant, boolean gzip) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/api/v1/export"))
			// a token of its own: the generation and the reference outlast the first one
			.header("Authorization",
					"Bearer " + TestTenants.login(tenant.adminEmail(), tenant.adminPassword(), tenant.slug()))
			.timeout(Duration.ofHours(2));
		if (gzip) {
			request.header("Accept-Encoding", "gzip");
		}
		HttpResponse<InputStream> response = HttpClient.newHttpClient()
			.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("The export answered " + response.statusCode());
		}
		long bytes = 0;
		long lines = 0;
		try (InputStream wire = response.body();
				InputStream in = gzip ? new java.util.zip.GZIPInputStream(new Counting(wire), 65536)
						: new Counting(wire)) {
			byte[] buffer = new byte[65536];
			int read;
			while ((read = in.read(buffer)) >= 0) {
				for (int i = 0; i < read; i++) {
					if (buffer[i] == '\n') {
						lines++;
					}
				}
			}
			bytes = Counting.last;
		}
		return new long[] { lines, bytes };
	}

	/** Counts the bytes on the wire. */
	private static final class Counting extends java.io.FilterInputStream {

		static long last;

		private long count;

		Counting(InputStream in) {
			super(in);
		}

		@Override
		public int read(byte[] b, int off, int len) throws java.io.IOException {
			int read = super.read(b, off, len);
			if (read > 0) {
				this.count += read;
				last = this.count;
			}
			return read;
		}

	}

	private static long afterGcKb(long pid) {
		try {
			new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid),
					"GC.run")
				.redirectErrorStream(true)
				.start()
				.waitFor();
		}
		catch (Exception ex) {
			return 0;
		}
		return heapUsedKb(pid);
	}

	private static long heapUsedKb(long pid) {
		try {
			Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
					String.valueOf(pid), "GC.heap_info")
				.redirectErrorStream(true)
				.start();
			String out = new String(jcmd.getInputStream().readAllBytes());
			jcmd.waitFor();
			Matcher used = HEAP_USED.matcher(out);
			return used.find() ? Long.parseLong(used.group(1)) : 0;
		}
		catch (Exception ex) {
			return 0;
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static double seconds(Instant since) {
		return Duration.between(since, Instant.now()).toMillis() / 1000d;
	}

}
