package io.revcycle.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.revcycle.ApiTest;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A property-based fuzz test generated from the OpenAPI document the platform serves:
 * every operation gets plausible requests with one hostile change each (see
 * {@link HostileRequests}), as a tenant admin, with an API key, with another tenant's
 * token and with none. Properties, for every answer: no 5xx; every 4xx is problem+json
 * with a {@code detail}; no body names an internal type or shows a stack trace. And
 * afterwards the tenant still works: events are taken, people read, the stage model
 * answered.
 *
 * <p>
 * {@code -Drevcycle.fuzz.requests=N} sets the number of requests (default 6000) and
 * {@code -Drevcycle.fuzz.seed=S} the seed, printed at the start, to replay a run.
 */
class ApiFuzzTests extends ApiTest {

	private static final Logger log = LoggerFactory.getLogger(ApiFuzzTests.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int REQUESTS = Integer.getInteger("revcycle.fuzz.requests", 6000);

	private static final long SEED = Long.getLong("revcycle.fuzz.seed", 20261203L);

	/**
	 * What no answer may show: qualified Java names, exception types, stack frames,
	 * server software.
	 */
	private static final Pattern LEAK = Pattern.compile(
			"(?:java|javax|jakarta|io\\.revcycle|org\\.springframework|org\\.hibernate|org\\.postgresql|tools\\.jackson)"
					+ "\\.[a-z]|[A-Za-z]+Exception\\b|\\bat [a-z]+\\.[a-z]+\\.|Apache Tomcat|Whitelabel|\\$[A-Z]",
			Pattern.CASE_INSENSITIVE);

	@Test
	void hostileInputNeverBreaksTheApi() throws Exception {
		TestTenants.SignedUp a = TestTenants.signUp(this.api, "fuzz");
		TestTenants.SignedUp b = TestTenants.signUp(this.api, "fuzzb");
		String apiKey = this.api.post("/api/v1/api-keys", Map.of("name", "fuzz"), a.auth())
			.json()
			.get("key")
			.asString();
		assertWorks(a);

		RawHttp http = new RawHttp("localhost", this.port);
		JsonNode document = JSON.readTree(http.send("GET", "/v3/api-docs", List.of(), null).body());
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target", "openapi.json"), document.toPrettyString());
		List<OpenApiOperations.Operation> operations = OpenApiOperations.read(document);
		assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThan(30);
		log.info("Fuzzing {} operations with {} requests, seed {}", operations.size(), REQUESTS, SEED);

		HostileRequests requests = new HostileRequests(SEED, document);
		String token = a.adminToken();
		Map<String, List<String>> failures = new TreeMap<>();
		Map<HostileRequests.Change, Integer> byChange = new EnumMap<>(HostileRequests.Change.class);
		Map<Integer, Integer> byStatus = new TreeMap<>();
		Map<String, Integer> byKind = new TreeMap<>();
		int sent = 0;
		for (int i = 0; i < REQUESTS; i++) {
			if (i > 0 && i % 1500 == 0) {
				// tokens live 5 minutes
				token = TestServices.keycloak().passwordGrant(a.adminEmail(), a.adminPassword());
			}
			OpenApiOperations.Operation operation = operations.get(i % operations.size());
			List<String[]> auth = switch (i % 10) {
				case 7 -> List.<String[]>of(new String[] { "X-Api-Key", apiKey });
				case 8 -> List.<String[]>of(new String[] { "Authorization", "Bearer " + b.adminToken() });
				case 9 -> List.<String[]>of();
				default -> List.<String[]>of(new String[] { "Authorization", "Bearer " + token });
			};
			HostileRequests.Request request = requests.next(operation, auth);
			RawHttp.Response response = http.send(request.method(), request.target(), request.headers(),
					request.body());
			sent++;
			byChange.merge(request.change(), 1, Integer::sum);
			byStatus.merge(response.status(), 1, Integer::sum);
			String[] problem = problem(request, response);
			if (problem != null) {
				byKind.merge(problem[0], 1, Integer::sum);
				failures.computeIfAbsent(operation + " -> " + problem[0], (k) -> new ArrayList<>())
					.add(request + " => " + problem[1]);
			}
		}
		log.info("Fuzz: {} requests over {} operations; statuses {}; changes {}", sent, operations.size(), byStatus,
				byChange);
		log.info("Fuzz findings by kind: {}", byKind);
		Map<String, String> report = new LinkedHashMap<>();
		failures.forEach((what, examples) -> report.put(what, examples.size() + " times, e.g. " + examples.get(0)));
		assertThat(report).as("answers that break the API's promises, of %d requests (seed %d)", sent, SEED).isEmpty();
		assertThat(sent).isGreaterThanOrEqualTo(Math.min(REQUESTS, 5000));
		assertWorks(TestTenants.signUp(this.api, "fuzzafter"));
		assertWorks(new TestTenants.SignedUp(a.id(), a.slug(), a.adminEmail(), a.adminPassword(),
				TestServices.keycloak().passwordGrant(a.adminEmail(), a.adminPassword())));
	}

	/** What is wrong with an answer, as its kind and the evidence, or null. */
	static String[] problem(HostileRequests.Request request, RawHttp.Response response) {
		String body = response.text();
		if (response.status() >= 500) {
			return new String[] { "answered " + response.status(), shorten(body) };
		}
		if (LEAK.matcher(body).find() && !request.method().equals("HEAD")) {
			return new String[] { "a body shows internal types or stack traces", shorten(body) };
		}
		if (response.status() >= 400 && !request.method().equals("HEAD")) {
			String type = String.valueOf(response.header("Content-Type"));
			if (!type.startsWith("application/problem+json")) {
				return new String[] { response.status() + " not problem+json (" + type.replaceAll(";.*", "") + ")",
						shorten(body) };
			}
			try {
				JsonNode problem = JSON.readTree(body);
				if (problem.path("detail").asString("").isBlank()) {
					return new String[] { response.status() + " without a detail", shorten(body) };
				}
				if (problem.path("status").asInt() != response.status()) {
					return new String[] { response.status() + " whose problem names another status", shorten(body) };
				}
			}
			catch (RuntimeException ex) {
				return new String[] { response.status() + " whose body is not JSON", shorten(body) };
			}
		}
		return null;
	}

	/** The tenant takes an event, and answers its people and stage model. */
	private void assertWorks(TestTenants.SignedUp tenant) {
		String email = "after-" + System.nanoTime() + "@initech.com";
		ApiClient.Response events = this.api.post("/api/v1/events",
				Map.of("events",
						List.of(Map.of("type", "page_view", "occurredAt", "2026-11-20T10:00:00Z", "source", "web",
								"externalId", "pv-" + System.nanoTime(), "person", Map.of("email", email), "properties",
								Map.of("url", "https://example.com/pricing")))),
				tenant.auth());
		assertThat(events.status()).as(events.toString()).isEqualTo(200);
		ApiClient.Response found = this.api.get("/api/v1/people?email=" + email, tenant.auth());
		assertThat(found.status()).as(found.toString()).isEqualTo(200);
		assertThat(found.json().get("items").get(0).get("stage").asString()).isNotBlank();
		String id = found.json().get("items").get(0).get("id").asString();
		assertThat(this.api.get("/api/v1/people/" + id + "/timeline", tenant.auth()).status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/stage-model", tenant.auth()).status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/sla-policies", tenant.auth()).status()).isEqualTo(200);
	}

	private static String shorten(String text) {
		String line = text.replace('\n', ' ');
		return (line.length() > 400) ? line.substring(0, 400) + "..." : line;
	}

}
