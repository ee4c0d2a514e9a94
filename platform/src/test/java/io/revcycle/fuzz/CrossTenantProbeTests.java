package io.revcycle.fuzz;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import io.revcycle.ApiTest;
import io.revcycle.scoring.ScoringDefinition;
import io.revcycle.sla.SlaClocks;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.MovableClock;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cross-tenant probe: every operation of the served OpenAPI document, called by
 * tenant B (with a token of a user who has every role, and with B's API key) with tenant
 * A's ids in every path parameter and id-like query parameter (and in the bodies that
 * name records). For each call it sends a twin with ids that exist nowhere, and holds
 * that:
 * <ul>
 * <li>B gets the same status for A's ids as for ids that do not exist (404, never 403 for
 * a record that is A's), and a token with every role gets 404 for A's ids in the
 * path;</li>
 * <li>no 2xx body holds any id or email of A's (every UUID and email A's own reads
 * show);</li>
 * <li>a write on A's ids never succeeds, and A reads everything exactly as before;</li>
 * <li>{@code /hooks/{B's slug}/{A's connector instance}} is refused.</li>
 * </ul>
 * An operation the probe does not know how to call fails the test, with what to teach it:
 * so an endpoint is probed the day it is added. The teaching is the tables below: which
 * record a path segment names ({@link #COLLECTIONS}), which query parameters name records
 * ({@link #QUERY_IDS}) or need a value ({@link #QUERY_VALUES}), the bodies of writes
 * ({@link #BODIES}), and the few operations with nothing to probe
 * ({@link #NOTHING_TO_PROBE}).
 */
class CrossTenantProbeTests extends ApiTest {

	private static final Logger log = LoggerFactory.getLogger(CrossTenantProbeTests.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Instant FRIDAY_16 = Instant.parse("2026-11-27T16:00:00Z");

	/** The kinds of records tenant A creates, one at least of each. */
	enum Kind {

		PERSON, ACCOUNT, CAMPAIGN, DEAL, PAYMENT, WEBHOOK, CONNECTOR_INSTANCE, SCORING_MODEL, USER, API_KEY,
		NOTIFICATION, OUTBOX_MESSAGE, SLA_TIMER, SLA_BREACH, STAGE_MODEL, JOB,
		/** A person's email. */
		EMAIL,
		/** The tenant's slug. */
		SLUG

	}

	// ---- the teaching: extend these when an endpoint is added ----------------------

	/**
	 * Which record a path parameter names, by the collection just before it
	 * ({@code /api/v1/people/{id}}: a person).
	 */
	static final Map<String, Kind> COLLECTIONS = Map.ofEntries(entry("people", Kind.PERSON),
			entry("accounts", Kind.ACCOUNT), entry("campaigns", Kind.CAMPAIGN), entry("deals", Kind.DEAL),
			entry("payments", Kind.PAYMENT), entry("webhooks", Kind.WEBHOOK),
			entry("connector-instances", Kind.CONNECTOR_INSTANCE), entry("scoring-models", Kind.SCORING_MODEL),
			entry("users", Kind.USER), entry("api-keys", Kind.API_KEY), entry("notifications", Kind.NOTIFICATION),
			entry("outbox", Kind.OUTBOX_MESSAGE), entry("sla-timers", Kind.SLA_TIMER),
			entry("sla-breaches", Kind.SLA_BREACH), entry("stage-models", Kind.STAGE_MODEL),
			entry("tenants", Kind.SLUG), entry("jobs", Kind.JOB));

	/**
	 * Path parameters named for what they hold, wherever they are. {@code tenantSlug} is
	 * B's own slug: the point of {@code /hooks/{tenantSlug}/{instanceId}} is B's address
	 * with A's instance.
	 */
	static final Map<String, Kind> PATH_NAMES = Map.of("instanceId", Kind.CONNECTOR_INSTANCE, "personId", Kind.PERSON,
			"accountId", Kind.ACCOUNT);

	/** Query parameters that name a record: given A's. */
	static final Map<String, Kind> QUERY_IDS = Map.ofEntries(entry("personId", Kind.PERSON),
			entry("accountId", Kind.ACCOUNT), entry("ownerId", Kind.USER), entry("owner", Kind.USER),
			entry("managerId", Kind.USER), entry("userId", Kind.USER), entry("campaignId", Kind.CAMPAIGN),
			entry("dealId", Kind.DEAL), entry("webhookId", Kind.WEBHOOK), entry("endpointId", Kind.WEBHOOK),
			entry("instanceId", Kind.CONNECTOR_INSTANCE), entry("modelId", Kind.SCORING_MODEL),
			entry("destination", Kind.WEBHOOK), entry("email", Kind.EMAIL));

	/**
	 * Query parameters that name no record, and the value they are given (empty: left
	 * out), so that reads answer the same whenever they are made. A parameter whose name
	 * looks like an id is never left out silently: it must be in {@link #QUERY_IDS} or
	 * here, as must every required one.
	 */
	static final Map<String, String> QUERY_VALUES = Map.ofEntries(entry("limit", "50"), entry("cursor", ""),
			entry("from", "2026-01-01"), entry("to", "2027-01-01"), entry("target", "250000"), entry("currency", ""),
			entry("asOf", ""), entry("model", "linear"), entry("status", ""), entry("stage", ""), entry("state", ""),
			entry("unread", ""), entry("sort", ""), entry("updatedSince", ""), entry("erase", "true"),
			entry("kind", ""), entry("action", ""), entry("after", ""), entry("dryRun", ""), entry("groupBy", ""),
			entry("team", ""));

	/**
	 * The bodies of writes, by operation. {@link Ids} gives A's ids (or, in the control
	 * request, ids that exist nowhere). A write on a record in its path gets a valid
	 * body, so that only the record being A's can refuse it.
	 */
	static final Map<String, Function<Ids, Object>> BODIES = Map.ofEntries(
			entry("POST /api/v1/people", (ids) -> Map.of("email", ids.fresh("probe") + "@b.example.com")),
			entry("POST /api/v1/people/import",
					(ids) -> new Raw("text/csv", "email,firstName\n" + ids.fresh("csv") + "@b.example.com,Bea\n")),
			entry("POST /api/v1/people/{id}/stage-actions", (ids) -> Map.of("action", "accept")),
			entry("POST /api/v1/people/{id}/owner", (ids) -> map("ownerId", ids.bUser())),
			entry("POST /api/v1/accounts/{id}/owner", (ids) -> map("ownerId", ids.bUser())),
			entry("POST /api/v1/events", (ids) -> Map.of("events", List.of(event(ids.fresh("ev"))))),
			entry("POST /api/v1/events/import",
					(ids) -> new Raw("application/x-ndjson", JSON.writeValueAsString(event(ids.fresh("nd"))) + "\n")),
			entry("POST /api/v1/campaigns",
					(ids) -> Map.of("key", ids.fresh("key"), "name", "B's", "channel", "events")),
			entry("PATCH /api/v1/campaigns/{id}", (ids) -> Map.of("name", "taken over")),
			entry("PUT /api/v1/campaigns/{id}/costs",
					(ids) -> Map.of("costs", List.of(Map.of("month", "2026-11", "amount", eur("1.00"))))),
			entry("PUT /api/v1/revenue-settings", (ids) -> Map.of("reportingCurrency", "EUR")),
			entry("POST /api/v1/deals",
					(ids) -> map("name", "B's deal", "personId", ids.id(Kind.PERSON), "amount", eur("5.00"))),
			entry("POST /api/v1/deals/{id}/won", (ids) -> Map.of()),
			entry("POST /api/v1/deals/{id}/lost", (ids) -> Map.of("reason", "probe")),
			entry("POST /api/v1/users",
					(ids) -> map("email", ids.fresh("u") + "@b.example.com", "password", "long-enough-password",
							"roles", List.of("sdr"), "managerId", ids.id(Kind.USER))),
			entry("PATCH /api/v1/users/{id}", (ids) -> Map.of("team", "taken")),
			entry("POST /api/v1/api-keys", (ids) -> Map.of("name", "probe")),
			entry("PUT /api/v1/routing",
					(ids) -> Map.of("rules", List.of(), "defaultTeam", "EMEA", "reps",
							List.of(map("userId", ids.id(Kind.USER), "weight", 1, "away", false)))),
			entry("POST /api/v1/notifications/{id}/read", (ids) -> Map.of()),
			entry("POST /api/v1/notifications/read-all", (ids) -> Map.of()),
			entry("POST /api/v1/scoring-models",
					(ids) -> Map.of("name", "B's", "definition", ScoringDefinition.defaults())),
			entry("POST /api/v1/scoring-models/{id}/propose", (ids) -> Map.of()),
			entry("POST /api/v1/scoring-models/{id}/approvals", (ids) -> Map.of("side", "marketing")),
			entry("POST /api/v1/scoring-models/{id}/backtest", (ids) -> Map.of()),
			entry("PUT /api/v1/sla-policies", (ids) -> ids.bOwn("/api/v1/sla-policies")),
			entry("PUT /api/v1/stage-model", (ids) -> ids.bOwn("/api/v1/stage-model")),
			entry("PUT /api/v1/config", (ids) -> ids.bOwn("/api/v1/config")),
			entry("PUT /api/v1/alert-rules",
					(ids) -> Map.of("rules",
							List.of(Map.of("name", "B's", "event", "payment_received", "recipients",
									Map.of("users", List.of(ids.id(Kind.USER))))))),
			entry("POST /api/v1/outbox/{id}/replay", (ids) -> Map.of()),
			entry("POST /api/v1/stage-models", (ids) -> Map.of("name", "B's draft")),
			entry("POST /api/v1/stage-models/{id}/propose", (ids) -> Map.of()),
			entry("POST /api/v1/stage-models/{id}/approvals", (ids) -> Map.of("side", "marketing")),
			entry("POST /api/v1/webhooks",
					(ids) -> Map.of("url", "https://hooks.example.com/b", "eventTypes", List.of("stage.changed"))),
			entry("PATCH /api/v1/webhooks/{id}", (ids) -> Map.of("description", "taken over")),
			entry("POST /api/v1/connector-instances",
					(ids) -> Map.of("connectorId", "stripe", "name", "B's", "config",
							Map.of("webhookSecret", "whsec_probe"))),
			entry("PUT /api/v1/connector-instances/{id}",
					(ids) -> Map.of("name", "taken over", "config", Map.of("webhookSecret", "whsec_probe"))),
			entry("POST /api/v1/connector-instances/{id}/check", (ids) -> Map.of()),
			entry("POST /api/v1/connector-instances/{id}/poll", (ids) -> Map.of()),
			entry("POST /api/v1/connector-instances/{id}/actions",
					(ids) -> Map.of("type", "send_email", "idempotencyKey", ids.fresh("k"), "input", Map.of())),
			entry("POST /hooks/{tenantSlug}/{instanceId}", (ids) -> new Raw("application/json", "{\"id\":\"evt\"}")));

	/**
	 * Operations with nothing to probe, and why. Keep this short: an operation that reads
	 * or writes tenant data belongs in the tables above.
	 */
	static final Map<String, String> NOTHING_TO_PROBE = Map.of("POST /api/v1/signup",
			"creates a new tenant; it takes no id and answers only the new tenant's");

	/**
	 * Reads whose answer changes by itself (background delivery), left out of the check
	 * that A reads everything as before.
	 */
	static final Map<String, String> CHANGES_BY_ITSELF = Map.of("GET /api/v1/outbox",
			"the dispatcher delivers A's messages meanwhile", "GET /api/v1/webhooks/{id}/deliveries",
			"the dispatcher delivers A's messages meanwhile", "GET /api/v1/webhooks/{id}",
			"the endpoint's delivery health follows the dispatcher", "GET /api/v1/webhooks",
			"the endpoints' delivery health follows the dispatcher", "GET /api/v1/audit",
			"A's own reads of its export are audited", "GET /api/v1/export",
			"the export holds the audit log, which A's own reads of the export extend");

	/**
	 * Fields that carry the moment of the read itself (a score computed as of now, a
	 * report as of now), left out of the check that A reads everything as before.
	 */
	static final Map<String, String> READ_TIME_FIELDS = Map.of("GET /api/v1/people/{id}/score", "at",
			"GET /api/v1/analytics/funnel", "asOf");

	/** Only some methods and operations are writes. */
	private static boolean isWrite(String method) {
		return !method.equals("GET");
	}

	private static final Pattern ID_LIKE = Pattern.compile("(?i).*(id|ids|owner|email|slug|key)$");

	private static final Pattern UUIDS = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private static final Pattern EMAILS = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

	// ---- the probe -----------------------------------------------------------------

	@Autowired
	MovableClock clock;

	@Autowired
	ApplicationContext context;

	private HttpServer receiver;

	@AfterEach
	void stop() {
		this.clock.reset();
		if (this.receiver != null) {
			this.receiver.stop(0);
		}
	}

	@Test
	void tenantBReachesNothingOfTenantAThroughAnyOperation() throws Exception {
		RawHttp http = new RawHttp("localhost", this.port);
		JsonNode document = JSON.readTree(http.send("GET", "/v3/api-docs", List.of(), null).body());
		List<OpenApiOperations.Operation> operations = OpenApiOperations.read(document);

		SignedUp a = TestTenants.signUp(this.api, "probe-a");
		SignedUp b = TestTenants.signUp(this.api, "probe-b");
		Map<Kind, String> aIds = createEverything(a);
		String[] aAuth = a.auth();
		String bToken = everyRoleToken(b);
		String bKey = this.api.post("/api/v1/api-keys", Map.of("name", "probe"), b.auth()).json().get("key").asString();
		String bUser = this.api.get("/api/v1/users", b.auth()).json().get("items").get(0).get("id").asString();
		Map<Kind, String> nowhere = new EnumMap<>(Kind.class);
		for (Kind kind : Kind.values()) {
			nowhere.put(kind, switch (kind) {
				case EMAIL -> "nobody-" + UUID.randomUUID() + "@nowhere.example.com";
				case SLUG -> TestTenants.uniqueSlug("nowhere");
				default -> UUID.randomUUID().toString();
			});
		}
		Ids theirs = new Ids(aIds, b, bUser, this.api);
		Ids none = new Ids(nowhere, b, bUser, this.api);

		// what the probe cannot call fails the test, with what to teach it
		Map<String, Planned> plans = new TreeMap<>();
		List<String> untaught = new ArrayList<>();
		for (OpenApiOperations.Operation operation : operations) {
			String name = operation.method() + " " + operation.path();
			if (NOTHING_TO_PROBE.containsKey(name)) {
				continue;
			}
			String problem = untaught(operation);
			if (problem != null) {
				untaught.add(name + ": " + problem);
			}
			else {
				plans.put(name, new Planned(operation));
			}
		}
		assertThat(untaught)
			.as("operations the probe cannot call yet: teach it in the tables of %s",
					CrossTenantProbeTests.class.getSimpleName())
			.isEmpty();

		// A's reads before, and every id and email they show
		Map<String, ApiClient.Response> before = readAll(plans.values(), theirs, aAuth);
		Set<String> secrets = new LinkedHashSet<>();
		before.values().forEach((response) -> secrets.addAll(found(response.body())));
		secrets.add(a.slug());
		secrets.add(a.id().toString());
		aIds.forEach((kind, id) -> secrets.add(id));
		// what B's own reads show (shared names, B's own ids) is no secret of A's
		Ids bOwn = new Ids(Map.of(), b, bUser, this.api);
		for (Planned plan : plans.values()) {
			if (!isWrite(plan.operation.method())
					&& plan.operation.parameters().stream().noneMatch((p) -> p.in().equals("path"))) {
				secrets.removeAll(found(send(plan.operation, bOwn, b.auth()).body()));
			}
		}
		assertThat(secrets).as("A's ids and emails").hasSizeGreaterThan(Kind.values().length);

		Map<String, List<String>> failures = new TreeMap<>();
		int requests = 0;
		List<String[]> credentials = List.of(ApiClient.bearer(bToken), ApiClient.apiKey(bKey));
		for (Planned plan : plans.values()) {
			OpenApiOperations.Operation operation = plan.operation;
			String name = operation.toString();
			boolean aIdsInPath = operation.parameters()
				.stream()
				.anyMatch((p) -> p.in().equals("path") && !p.name().equals("tenantSlug"));
			for (String[] credential : credentials) {
				boolean token = credential[0].equals("Authorization");
				String who = token ? "B's token" : "B's API key";
				ApiClient.Response control = send(operation, none, credential);
				ApiClient.Response probe = send(operation, theirs, credential);
				requests += 2;
				if (probe.status() != control.status()) {
					fail(failures, name, who + " got " + probe.status() + " for A's ids but " + control.status()
							+ " for ids that exist nowhere: " + shorten(probe.body()));
				}
				if (probe.status() >= 200 && probe.status() < 300) {
					Set<String> leaked = new LinkedHashSet<>(found(probe.body()));
					leaked.retainAll(secrets);
					if (probe.body().contains(a.slug())) {
						leaked.add(a.slug());
					}
					if (!leaked.isEmpty()) {
						fail(failures, name,
								who + " got " + probe.status() + " with A's " + leaked + ": " + shorten(probe.body()));
					}
					if (isWrite(operation.method()) && (aIdsInPath || plan.namesAInBody(theirs))) {
						fail(failures, name,
								who + " wrote on A's ids: " + probe.status() + " " + shorten(probe.body()));
					}
				}
				if (token && aIdsInPath && probe.status() != 404) {
					fail(failures, name, who + " (every role) got " + probe.status()
							+ " for A's record instead of 404: " + shorten(probe.body()));
				}
				if (probe.status() >= 500) {
					fail(failures, name, who + " got " + probe.status() + ": " + shorten(probe.body()));
				}
			}
		}

		// B's address with A's connector instance, whether or not the document lists it
		String hook = "/hooks/" + b.slug() + "/" + aIds.get(Kind.CONNECTOR_INSTANCE);
		ApiClient.Response crossed = this.api.send("POST", hook, "{\"id\":\"evt_probe\"}", "application/json");
		requests++;
		if (crossed.status() != 404) {
			fail(failures, "POST /hooks/{tenantSlug}/{instanceId}",
					"B's slug with A's instance answered " + crossed.status() + ": " + shorten(crossed.body()));
		}

		// A reads everything as before
		Map<String, ApiClient.Response> after = readAll(plans.values(), theirs, aAuth);
		int compared = 0;
		for (Map.Entry<String, ApiClient.Response> read : before.entrySet()) {
			if (CHANGES_BY_ITSELF.containsKey(read.getKey())) {
				continue;
			}
			compared++;
			ApiClient.Response now = after.get(read.getKey());
			if (now.status() != read.getValue().status() || !comparable(read.getKey(), now.body())
				.equals(comparable(read.getKey(), read.getValue().body()))) {
				fail(failures, read.getKey(),
						"A reads another answer after B's probe: before " + read.getValue().status() + " "
								+ shorten(read.getValue().body()) + ", after " + now.status() + " "
								+ shorten(now.body()));
			}
		}

		log.info(
				"Cross-tenant probe: {} of {} operations probed ({} with nothing to probe), {} requests as B, "
						+ "{} of A's reads compared before and after, {} ids and emails of A's watched",
				plans.size(), operations.size(), NOTHING_TO_PROBE.size(), requests, compared, secrets.size());
		System.out.printf("Cross-tenant probe: %d operations, %d requests%n", plans.size(), requests);
		assertThat(failures).as("what B reached of A's").isEmpty();
		assertThat(plans.size() + NOTHING_TO_PROBE.size()).isEqualTo(operations.size());
		assertThat(plans.size()).as("operations probed").isGreaterThan(60);
		assertThat(requests).as("requests as B").isGreaterThanOrEqualTo(4 * plans.size());
		assertThat(compared).as("A's reads compared").isGreaterThan(20);
	}

	/** A body without what differs from one read to the next by design. */
	private static String comparable(String operation, String body) {
		String text = body.replaceAll("\"requestId\":\"[^\"]*\"", "");
		String field = READ_TIME_FIELDS.get(operation);
		return (field != null) ? text.replaceAll("\"" + field + "\":\"[^\"]*\"", "") : text;
	}

	/** Why the probe cannot call an operation yet, or null. */
	static String untaught(OpenApiOperations.Operation operation) {
		String name = operation.method() + " " + operation.path();
		String[] segments = operation.path().split("/");
		for (int i = 0; i < segments.length; i++) {
			if (segments[i].startsWith("{")) {
				String param = segments[i].substring(1, segments[i].length() - 1);
				if (param.equals("tenantSlug") || PATH_NAMES.containsKey(param)) {
					continue;
				}
				String collection = (i > 0) ? segments[i - 1] : "";
				if (!COLLECTIONS.containsKey(collection)) {
					return "the path parameter {" + param + "} after '" + collection
							+ "' names no kind of record the probe knows: add '" + collection
							+ "' to COLLECTIONS (and create one for tenant A in createEverything)";
				}
			}
		}
		for (OpenApiOperations.Parameter parameter : operation.parameters()) {
			if (!parameter.in().equals("query") || QUERY_IDS.containsKey(parameter.name())) {
				continue;
			}
			if (!QUERY_VALUES.containsKey(parameter.name())) {
				boolean idLike = ID_LIKE.matcher(parameter.name()).matches()
						|| "uuid".equals(parameter.schema().path("format").asString(""));
				if (idLike || parameter.required()) {
					return "the query parameter '" + parameter.name() + "' is unknown: add it to QUERY_IDS when it "
							+ "names a record, else to QUERY_VALUES";
				}
			}
		}
		if (isWrite(operation.method()) && !operation.bodyTypes().isEmpty() && !BODIES.containsKey(name)) {
			return "it takes a body: add a valid one to BODIES";
		}
		return null;
	}

	/** A's reads: every GET, with A's ids. */
	private Map<String, ApiClient.Response> readAll(Iterable<Planned> plans, Ids ids, String[] auth) {
		Map<String, ApiClient.Response> reads = new TreeMap<>();
		for (Planned plan : plans) {
			if (!isWrite(plan.operation.method())) {
				reads.put(plan.operation.toString(), send(plan.operation, ids, auth));
			}
		}
		return reads;
	}

	private ApiClient.Response send(OpenApiOperations.Operation operation, Ids ids, String... auth) {
		StringBuilder target = new StringBuilder();
		for (String segment : operation.path().split("/")) {
			if (segment.isEmpty()) {
				continue;
			}
			target.append('/');
			if (segment.startsWith("{")) {
				target.append(ids.path(segment.substring(1, segment.length() - 1), target.toString()));
			}
			else {
				target.append(segment);
			}
		}
		String separator = "?";
		for (OpenApiOperations.Parameter parameter : operation.parameters()) {
			if (!parameter.in().equals("query")) {
				continue;
			}
			String value = QUERY_IDS.containsKey(parameter.name()) ? ids.id(QUERY_IDS.get(parameter.name()))
					: QUERY_VALUES.get(parameter.name());
			if (value != null && !value.isEmpty()) {
				target.append(separator).append(parameter.name()).append('=').append(value);
				separator = "&";
			}
		}
		String name = operation.method() + " " + operation.path();
		Function<Ids, Object> body = BODIES.get(name);
		if (body == null || !isWrite(operation.method())) {
			return this.api.send(operation.method(), target.toString(), null, null, auth);
		}
		Object value = body.apply(ids);
		if (value instanceof Raw raw) {
			return this.api.send(operation.method(), target.toString(), raw.text(), raw.contentType(), auth);
		}
		return this.api.send(operation.method(), target.toString(), JSON.writeValueAsString(value), "application/json",
				auth);
	}

	// ---- tenant A: one at least of everything --------------------------------------

	private Map<Kind, String> createEverything(SignedUp a) throws IOException {
		Map<Kind, String> ids = new EnumMap<>(Kind.class);
		String[] auth = a.auth();
		ids.put(Kind.SLUG, a.slug());
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.receiver.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		this.receiver.start();
		ids.put(Kind.WEBHOOK,
				created(this.api
					.post("/api/v1/webhooks",
							Map.of("url", "http://127.0.0.1:" + this.receiver.getAddress().getPort() + "/a",
									"eventTypes", List.of("stage.changed", "sla.breached", "payment.received")),
							auth)));
		String rep = created(this.api.post("/api/v1/users", Map.of("email", "rep@" + a.slug() + ".example.com",
				"password", "long-enough-password", "roles", List.of("sdr"), "team", "EMEA"), auth));
		ids.put(Kind.USER, rep);
		ids.put(Kind.API_KEY, created(this.api.post("/api/v1/api-keys", Map.of("name", "a's"), auth)));
		expect(this.api.put("/api/v1/routing", Map.of("rules", List.of(), "defaultTeam", "EMEA", "reps",
				List.of(Map.of("userId", rep, "weight", 1, "away", false))), auth), 200);
		expect(this.api.put("/api/v1/alert-rules", Map.of("rules", List.of(Map.of("name", "A's payments", "event",
				"payment_received", "recipients", Map.of("owner", true, "users", List.of(rep))))), auth), 200);
		ids.put(Kind.CAMPAIGN, created(this.api.post("/api/v1/campaigns",
				Map.of("key", "a-spring", "name", "A's spring webinar", "channel", "events"), auth)));
		expect(this.api.put("/api/v1/campaigns/" + ids.get(Kind.CAMPAIGN) + "/costs",
				Map.of("costs", List.of(Map.of("month", "2026-11", "amount", eur("400.00")))), auth), 200);

		this.clock.freeze(FRIDAY_16);
		String email = "jane@" + a.slug() + ".example.com";
		ids.put(Kind.EMAIL, email);
		Map<String, Object> demo = event("a-demo");
		demo.put("type", "demo_requested");
		demo.put("occurredAt", FRIDAY_16.toString());
		demo.put("person", Map.of("email", email, "firstName", "Jane"));
		demo.put("account", Map.of("domain", a.slug() + ".example.com", "name", "A Corp", "country", "DE"));
		demo.put("campaign", "a-spring");
		Map<String, Object> other = event("a-view");
		other.put("person", Map.of("email", "sam@" + a.slug() + ".example.com"));
		ApiClient.Response events = this.api.post("/api/v1/events", Map.of("events", List.of(demo, other)), auth);
		assertThat(events.status()).as(events.toString()).isEqualTo(200);
		String person = events.json().get("results").get(0).get("personId").asString();
		ids.put(Kind.PERSON, person);
		ids.put(Kind.ACCOUNT, this.api.get("/api/v1/people/" + person, auth).json().get("accountId").asString());
		String admin = null;
		for (JsonNode user : this.api.get("/api/v1/users", auth).json().get("items")) {
			if (user.get("email").asString().equals(a.adminEmail())) {
				admin = user.get("id").asString();
			}
		}
		// assigned to the admin: a notification in the admin's inbox
		expect(this.api.post("/api/v1/people/" + person + "/owner", Map.of("ownerId", admin), auth), 200);
		ids.put(Kind.SLA_TIMER, firstId(this.api.get("/api/v1/sla-timers?personId=" + person, auth)));
		this.clock.freeze(FRIDAY_16.plus(Duration.ofDays(7)));
		SlaClocks.runDue(this.context);
		this.clock.reset();
		ids.put(Kind.SLA_BREACH, firstId(this.api.get("/api/v1/sla-breaches", auth)));
		ids.put(Kind.NOTIFICATION, firstId(this.api.get("/api/v1/notifications", auth)));

		ids.put(Kind.DEAL, created(this.api.post("/api/v1/deals",
				Map.of("name", "A's deal", "personId", person, "amount", eur("1200.00")), auth)));
		Map<String, Object> payment = event("a-pay");
		payment.put("type", "payment_succeeded");
		payment.put("person", Map.of("email", email));
		payment.put("amount", eur("1200.00"));
		expect(this.api.post("/api/v1/events", Map.of("events", List.of(payment)), auth), 200);
		ids.put(Kind.PAYMENT, firstId(this.api.get("/api/v1/payments", auth)));
		ids.put(Kind.OUTBOX_MESSAGE, firstId(this.api.get("/api/v1/outbox", auth)));
		ids.put(Kind.CONNECTOR_INSTANCE,
				created(this.api.post("/api/v1/connector-instances",
						Map.of("connectorId", "stripe", "name", "A's Stripe", "config",
								Map.of("webhookSecret", "whsec_a" + UUID.randomUUID().toString().replace("-", ""))),
						auth)));
		ids.put(Kind.SCORING_MODEL, created(this.api.post("/api/v1/scoring-models",
				Map.of("name", "A's model", "definition", ScoringDefinition.defaults()), auth)));
		ids.put(Kind.STAGE_MODEL,
				created(this.api.post("/api/v1/stage-models", Map.of("name", "A's stage model"), auth)));
		ApiClient.Response job = this.api.send("POST", "/api/v1/people/import",
				"email\nimported@" + a.slug() + ".example.com\n", "text/csv", auth[0], auth[1], "Prefer",
				"respond-async");
		assertThat(job.status()).as(job.toString()).isEqualTo(202);
		ids.put(Kind.JOB, job.json().get("id").asString());
		for (int i = 0; i < 600
				&& this.api.get("/api/v1/jobs/" + ids.get(Kind.JOB), auth).json().get("finishedAt").isNull(); i++) {
			sleep(100);
		}
		this.clock.reset();
		for (Kind kind : Kind.values()) {
			assertThat(ids.get(kind)).as("tenant A's " + kind).isNotBlank();
		}
		return ids;
	}

	/** A token of a user of B's with every role, so no role check hides a lookup. */
	private String everyRoleToken(SignedUp b) {
		String email = "all@" + b.slug() + ".example.com";
		created(this.api.post("/api/v1/users", Map.of("email", email, "password", "long-enough-password", "roles",
				List.of("tenant-admin", "marketing", "sdr", "ae", "finance", "support")), b.auth()));
		return TestTenants.login(email, "long-enough-password", b.slug());
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void expect(ApiClient.Response response, int status) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
	}

	private static String created(ApiClient.Response response) {
		assertThat(response.status()).as(response.toString()).isIn(200, 201);
		return response.json().get("id").asString();
	}

	private static String firstId(ApiClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode items = response.json().get("items");
		assertThat(items.size()).as(response.toString()).isPositive();
		return items.get(0).get("id").asString();
	}

	private static Map<String, Object> event(String externalId) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "page_view");
		event.put("occurredAt", "2026-11-20T10:00:00Z");
		event.put("source", "probe");
		event.put("externalId", externalId);
		event.put("person", Map.of("email", externalId + "@b.example.com"));
		event.put("properties", Map.of("url", "https://example.com/pricing"));
		return event;
	}

	private static Map<String, Object> eur(String amount) {
		return Map.of("amount", amount, "currency", "EUR");
	}

	/** A map that may hold nulls, in order. */
	private static Map<String, Object> map(Object... pairs) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i + 1 < pairs.length; i += 2) {
			map.put((String) pairs[i], pairs[i + 1]);
		}
		return map;
	}

	private static Set<String> found(String body) {
		Set<String> found = new LinkedHashSet<>();
		Matcher uuids = UUIDS.matcher(body.toLowerCase());
		while (uuids.find()) {
			found.add(uuids.group());
		}
		Matcher emails = EMAILS.matcher(body);
		while (emails.find()) {
			found.add(emails.group().toLowerCase());
		}
		return found;
	}

	private static void fail(Map<String, List<String>> failures, String operation, String what) {
		failures.computeIfAbsent(operation, (k) -> new ArrayList<>()).add(what);
	}

	private static String shorten(String text) {
		String line = text.replace('\n', ' ');
		return (line.length() > 300) ? line.substring(0, 300) + "..." : line;
	}

	/** A body sent as it is. */
	record Raw(String contentType, String text) {
	}

	/** An operation the probe knows how to call. */
	private record Planned(OpenApiOperations.Operation operation) {

		/** Whether its body names one of A's records. */
		boolean namesAInBody(Ids theirs) {
			Function<Ids, Object> body = BODIES.get(this.operation.method() + " " + this.operation.path());
			if (body == null) {
				return false;
			}
			String text = String.valueOf(JSON.writeValueAsString(body.apply(theirs)));
			return theirs.ids.values().stream().anyMatch(text::contains);
		}

	}

	/**
	 * The ids a request carries: A's in the probe, ids that exist nowhere in its control.
	 */
	static final class Ids {

		private final Map<Kind, String> ids;

		private final SignedUp b;

		private final String bUser;

		private final ApiClient api;

		Ids(Map<Kind, String> ids, SignedUp b, String bUser, ApiClient api) {
			this.ids = ids;
			this.b = b;
			this.bUser = bUser;
			this.api = api;
		}

		/** The record of this kind, or null in B's own reads. */
		String id(Kind kind) {
			return this.ids.get(kind);
		}

		/** A path parameter's value. */
		String path(String param, String before) {
			if (param.equals("tenantSlug")) {
				return this.b.slug();
			}
			if (PATH_NAMES.containsKey(param)) {
				return id(PATH_NAMES.get(param));
			}
			String collection = before.substring(before.lastIndexOf('/', before.length() - 2) + 1, before.length() - 1);
			return id(COLLECTIONS.get(collection));
		}

		/** One of B's users. */
		String bUser() {
			return this.bUser;
		}

		/** Something unique, so a repeated write is a new one. */
		String fresh(String prefix) {
			return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		}

		/** B's own document at a path, to write back unchanged. */
		JsonNode bOwn(String path) {
			return this.api.get(path, this.b.auth()).json();
		}

	}

}
