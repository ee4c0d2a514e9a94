import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.Browser;

/**
 * Server time of the console's pages: the SDR queue, a person's 360 view and campaign
 * revenue, each requested N times from the console's own port by a signed-in session (so
 * the figure is the console's time, its calls to the API through the gateway included,
 * with no browser rendering), after a warm-up. Seeds a tenant's data through the public
 * API first. Needs a running stack with the demo tenant (./up).
 *
 * Usage (from the project root, see console-bench.sh): java ... ConsoleBench.java
 * [people 100] [requests 200] [person id]. With 0 people nothing is seeded: the tenant's
 * data is measured as it is (the revenue benchmark's kept database, served by ./up), and
 * the person page shows the given person, else the first the people API lists.
 */
public class ConsoleBench {

	static final String GATEWAY = env("GATEWAY_URL", "http://localhost:8080");

	static final String CONSOLE = env("CONSOLE_URL", "http://localhost:8082");

	static final String KEYCLOAK = env("KEYCLOAK_URL", "http://localhost:8180");

	static final String PASSWORD = "revcycle-demo";

	public static void main(String[] args) throws Exception {
		int people = (args.length > 0) ? Integer.parseInt(args[0]) : 100;
		int requests = (args.length > 1) ? Integer.parseInt(args[1]) : 200;
		ApiClient api = new ApiClient(GATEWAY);
		String[] admin = ApiClient.bearer(token("tenant-admin"));
		String sdrId = api.get("/api/v1/me", ApiClient.bearer(token("sdr"))).json().get("id").asString();
		if (people > 0) {
			check(api.put("/api/v1/routing", Map.of("rules", List.of(), "defaultTeam", "Demo", "reps",
					List.of(Map.of("userId", sdrId, "weight", 1))), admin));
		}
		String run = Long.toString(System.currentTimeMillis(), 36);
		long seeding = System.nanoTime();
		String personId = (args.length > 2) ? args[2] : null;
		for (int from = 0; from < people; from += 100) {
			List<Map<String, Object>> events = new ArrayList<>();
			for (int i = from; i < Math.min(people, from + 100); i++) {
				String email = "bench-" + run + "-" + i + "@co" + (i % 997) + ".example";
				events.add(Map.of("type", "demo_requested", "occurredAt", Instant.now().minusSeconds(3600).toString(),
						"source", "bench", "externalId", run + "-d-" + i, "campaign", "bench-" + (i % 20),
						"person", Map.of("email", email, "title", "VP Sales"), "account",
						Map.of("domain", "co" + (i % 997) + ".example", "industry", "Software", "employees", 300,
								"country", "US")));
				if (i % 10 == 0) {
					events.add(Map.of("type", "payment_succeeded", "occurredAt", Instant.now().minusSeconds(60).toString(),
							"source", "bench-billing", "externalId", run + "-p-" + i, "person", Map.of("email", email),
							"amount", Map.of("amount", (100 + i % 900) + ".00", "currency", "EUR")));
				}
			}
			ApiClient.Response stored = check(api.post("/api/v1/events", Map.of("events", events), admin));
			if (from == 0 && personId == null) {
				personId = stored.json().get("results").get(0).get("personId").asString();
			}
		}
		if (people > 0) {
			System.out.printf("seeded %d people (%d events) in %d s%n", people, people + (people + 9) / 10,
					(System.nanoTime() - seeding) / 1_000_000_000L);
		}
		if (personId == null) {
			personId = api.get("/api/v1/people?limit=1", admin).json().get("items").get(0).get("id").asString();
		}
		System.out.printf("the tenant now: %d MQLs in the SDR's queue (the page shows 50), %d campaigns%n",
				count(api, "/api/v1/people?owner=me&stage=MQL&limit=500", ApiClient.bearer(token("sdr"))),
				count(api, "/api/v1/campaigns?limit=500", admin));
		measure("queue (sdr)", session("sdr"), "/queue", requests);
		measure("person 360 (admin)", session("tenant-admin"), "/people/" + personId, requests);
		measure("revenue (marketing)", session("marketing"), "/revenue", requests);
		// the reference: the same data straight from the API through the gateway, one call each
		String[] sdr = ApiClient.bearer(token("sdr"));
		measureApi("API: my MQLs", api, "/api/v1/people?owner=me&stage=MQL&sort=slaDue&limit=50", sdr, requests);
		measureApi("API: unassigned", api, "/api/v1/routing/unassigned?limit=20", sdr, requests);
		measureApi("API: person", api, "/api/v1/people/" + personId, admin, requests);
		measureApi("API: timeline", api, "/api/v1/people/" + personId + "/timeline?limit=20", admin, requests);
		measureApi("API: campaigns", api, "/api/v1/analytics/campaigns", ApiClient.bearer(token("marketing")),
				requests);
	}

	static void measureApi(String name, ApiClient api, String path, String[] auth, int requests) {
		for (int i = 0; i < 20; i++) {
			check(api.get(path, auth));
		}
		long[] times = new long[requests];
		for (int i = 0; i < requests; i++) {
			long start = System.nanoTime();
			check(api.get(path, auth));
			times[i] = System.nanoTime() - start;
		}
		Arrays.sort(times);
		System.out.printf("%-22s %s  n=%d  p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms%n", name, path, requests,
				times[requests / 2] / 1e6, times[(int) Math.ceil(requests * 0.95) - 1] / 1e6, times[requests - 1] / 1e6);
	}

	static int count(ApiClient api, String path, String[] auth) {
		return api.get(path, auth).json().get("items").size();
	}

	static Browser session(String role) {
		Browser browser = new Browser();
		Browser.Page login = browser.get(URI.create(CONSOLE + "/"));
		Browser.Page page = browser.logIn(login, role + "@demo.revcycle.test", PASSWORD,
				(uri) -> uri.toString().startsWith(CONSOLE));
		if (page.status() != 200) {
			throw new IllegalStateException(role + " could not sign in: " + page.status());
		}
		return browser;
	}

	static void measure(String name, Browser browser, String path, int requests) {
		URI uri = URI.create(CONSOLE + path);
		for (int i = 0; i < 20; i++) {
			check(browser.get(uri));
		}
		long[] times = new long[requests];
		for (int i = 0; i < requests; i++) {
			long start = System.nanoTime();
			check(browser.get(uri));
			times[i] = System.nanoTime() - start;
		}
		Arrays.sort(times);
		System.out.printf("%-22s %s  n=%d  p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms%n", name, path, requests,
				times[requests / 2] / 1e6, times[(int) Math.ceil(requests * 0.95) - 1] / 1e6, times[requests - 1] / 1e6);
	}

	static Browser.Page check(Browser.Page page) {
		if (page.status() != 200) {
			throw new IllegalStateException(page.uri() + " answered " + page.status());
		}
		return page;
	}

	static ApiClient.Response check(ApiClient.Response response) {
		if (response.status() != 200) {
			throw new IllegalStateException(response.toString());
		}
		return response;
	}

	static String token(String role) throws Exception {
		String form = "grant_type=password&client_id=revcycle-cli&username="
				+ URLEncoder.encode(role + "@demo.revcycle.test", StandardCharsets.UTF_8) + "&password=" + PASSWORD
				+ "&scope=" + URLEncoder.encode("openid organization:demo", StandardCharsets.UTF_8);
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(KEYCLOAK + "/realms/revcycle/protocol/openid-connect/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
		return response.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
	}

	static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
