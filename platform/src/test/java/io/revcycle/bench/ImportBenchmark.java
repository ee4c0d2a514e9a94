package io.revcycle.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.AppProcess;
import io.revcycle.testsupport.RevcycleDatabase;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import tools.jackson.databind.JsonNode;

/**
 * The import benchmark: a people CSV of {@code rows} rows (names, titles, one company per
 * twenty people with industry, size and country) imported as a background job through
 * {@code POST /api/v1/people/import} with {@code Prefer: respond-async}, its progress
 * polled on {@code GET /api/v1/jobs/{id}}; rows per second from the job's start to its
 * end, and the upload's time until 202. For comparison, the synchronous import of the
 * 3,000 rows the issue names, in one request. Where PostgreSQL's autovacuum is off (as on
 * the test machines), the harness analyzes the database every 20 s while the job runs, as
 * autovacuum would. Run by {@code docs/benchmarks/import-bench.sh}.
 */
public final class ImportBenchmark {

	private ImportBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int rows = (args.length > 0) ? Integer.parseInt(args[0]) : 100_000;
		System.out.println("Load before: " + uptime());
		RevcycleDatabase database = TestServices.postgres().createDatabase("revcycle_import_bench", true);
		try (AppProcess platform = BenchPlatform.start(database)) {
			ApiClient api = new ApiClient(platform.url());
			SignedUp tenant = TestTenants.signUp(api, "bench-import");
			boolean autovacuum = autovacuum(database);
			System.out.println("PostgreSQL autovacuum: " + (autovacuum ? "on"
					: "off; the harness analyzes the database every 20 s while the job runs, as autovacuum would"));

			Path small = csv(3000, "sync");
			Instant syncing = Instant.now();
			HttpResponse<String> sync = post(platform.url(), tenant, small, false);
			double syncSeconds = seconds(syncing);
			System.out.printf("Synchronous import of 3,000 rows: %d in %.1f s (%,.0f rows/s)%n", sync.statusCode(),
					syncSeconds, 3000 / syncSeconds);

			Path file = csv(rows, "job");
			System.out.printf("CSV of %,d rows: %,d MB%n", rows, Files.size(file) / (1024 * 1024));
			Instant uploading = Instant.now();
			HttpResponse<String> accepted = post(platform.url(), tenant, file, true);
			double uploadSeconds = seconds(uploading);
			if (accepted.statusCode() != 202) {
				throw new IllegalStateException("The import answered " + accepted);
			}
			String id = tools.jackson.databind.json.JsonMapper.builder()
				.build()
				.readTree(accepted.body())
				.get("id")
				.asString();
			System.out.printf("Upload stored, 202 after %.1f s%n", uploadSeconds);
			JsonNode job;
			String load = null;
			String[] auth = tenant.auth();
			Instant analyzed = Instant.now();
			while (true) {
				ApiClient.Response read = api.get("/api/v1/jobs/" + id, auth);
				if (read.status() == 401) {
					// the access token ran out during a long run
					auth = ApiClient
						.bearer(TestTenants.login(tenant.adminEmail(), tenant.adminPassword(), tenant.slug()));
					continue;
				}
				job = read.json();
				if (!autovacuum && Duration.between(analyzed, Instant.now()).toSeconds() >= 20) {
					analyze(database);
					analyzed = Instant.now();
				}
				if (!job.get("finishedAt").isNull()) {
					break;
				}
				if (load == null && job.get("done").asLong() > rows / 2) {
					load = uptime();
				}
				Thread.sleep(1000);
			}
			Instant started = Instant.parse(job.get("startedAt").asString());
			Instant finished = Instant.parse(job.get("finishedAt").asString());
			double seconds = Duration.between(started, finished).toMillis() / 1000d;
			System.out.printf(
					"Job %s: %s, %,d of %,d rows done (%,d accepted, %,d rejected) in %.1f s from start to end: "
							+ "%,.0f rows/s, %,.0f people/minute; %.1f s from upload to the end%n",
					id, job.get("status").asString(), job.get("done").asLong(), job.get("total").asLong(),
					job.get("accepted").asLong(), job.get("rejectedCount").asLong(), seconds,
					job.get("done").asLong() / seconds, job.get("accepted").asLong() / seconds * 60,
					seconds(uploading));
			System.out.println("Load halfway through the job: " + load);
			Files.deleteIfExists(file);
			Files.deleteIfExists(small);
		}
		System.out.println("Load after: " + uptime());
	}

	private static boolean autovacuum(RevcycleDatabase database) throws Exception {
		try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.ownerUser(),
				database.ownerPassword());
				Statement st = c.createStatement();
				ResultSet rs = st.executeQuery("show autovacuum")) {
			return rs.next() && "on".equals(rs.getString(1));
		}
	}

	/**
	 * What autovacuum does for a table that grew: fresh statistics, without which the
	 * planner takes a table of a hundred thousand rows for an empty one.
	 */
	private static void analyze(RevcycleDatabase database) throws Exception {
		try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.ownerUser(),
				database.ownerPassword()); Statement st = c.createStatement()) {
			st.execute("analyze");
		}
	}

	private static Path csv(int rows, String prefix) throws IOException {
		Path file = Files.createTempFile("people-" + prefix, ".csv");
		String[] industries = { "Software", "Manufacturing", "Retail", "Finance", "Health" };
		String[] countries = { "DE", "FR", "US", "GB", "NL" };
		String[] titles = { "VP Engineering", "CTO", "Head of Marketing", "Analyst", "Director of Sales" };
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write("email,firstName,lastName,title,accountDomain,accountName,industry,employees,country\n");
			for (int i = 0; i < rows; i++) {
				int company = i / 20;
				out.write(prefix + i + "@company" + company + ".example.com,First" + i + ",Last" + i + ","
						+ titles[i % titles.length] + ",company" + company + ".example.com,Company " + company + ","
						+ industries[company % industries.length] + "," + (10 + company % 900) + ","
						+ countries[company % countries.length] + "\n");
			}
		}
		return file;
	}

	private static HttpResponse<String> post(String url, SignedUp tenant, Path file, boolean async)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/api/v1/people/import"))
			.header("Authorization", tenant.auth()[1])
			.header("Content-Type", "text/csv")
			.timeout(Duration.ofHours(1))
			.POST(HttpRequest.BodyPublishers.ofFile(file));
		if (async) {
			request.header("Prefer", "respond-async");
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String uptime() {
		try {
			Process uptime = new ProcessBuilder("uptime").redirectErrorStream(true).start();
			String out = new String(uptime.getInputStream().readAllBytes()).trim();
			uptime.waitFor();
			return out;
		}
		catch (Exception ex) {
			return "unknown";
		}
	}

	private static double seconds(Instant since) {
		return Duration.between(since, Instant.now()).toMillis() / 1000d;
	}

}
