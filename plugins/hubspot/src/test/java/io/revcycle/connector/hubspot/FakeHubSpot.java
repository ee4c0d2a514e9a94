package io.revcycle.connector.hubspot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * A local fake of the parts of the HubSpot API the connector uses, on WireMock, keeping
 * contacts, companies and deals in memory so upserts change what searches find:
 * <ul>
 * <li>{@code GET /crm/v3/objects/contacts?limit=1};</li>
 * <li>{@code POST /crm/v3/objects/{object}/batch/upsert}: HubSpot's request shape
 * ({@code inputs} of {@code idProperty}, {@code id}, {@code properties}), its limit of
 * 100 inputs, its refusal of duplicate ids and of properties without unique values, and
 * its answer ({@code status}, {@code results} of {@code id}, {@code properties},
 * {@code new});</li>
 * <li>{@code POST /crm/v3/objects/{object}/search}: filters on the modification time
 * property, ascending sort, {@code limit} up to 200, {@code after} paging up to 10,000,
 * and {@code paging.next.after};</li>
 * <li>{@code POST /crm/v4/associations/{object}/contacts/batch/read};</li>
 * <li>HubSpot's error bodies: 401 without the right bearer token, 400 validation errors,
 * 429 rate limits on demand.</li>
 * </ul>
 * {@link #effects()} counts the upserts that changed something: a record created or a
 * property value changed.
 */
final class FakeHubSpot implements ResponseDefinitionTransformerV2, AutoCloseable {

	static final String TOKEN = "pat-na1-0f3c2a51-7d1e-4b7a-9c55-2f0e8d6b1a90";

	/** HubSpot's answer to a missing or wrong token. */
	static final String UNAUTHORIZED = """
			{"status":"error","message":"Authentication credentials not found. This API supports OAuth 2.0 \
			authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",\
			"correlationId":"a1b2c3d4-e5f6-7890-abcd-ef1234567890","category":"INVALID_AUTHENTICATION"}""";

	static final Map<String, String> UNIQUE_PROPERTIES = Map.of("contacts", "email", "companies", "revcycle_company_id",
			"deals", "revcycle_deal_id");

	private static final String NAME = "fake-hubspot";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final Pattern UPSERT = Pattern.compile("/crm/v3/objects/(contacts|companies|deals)/batch/upsert");

	private static final Pattern SEARCH = Pattern.compile("/crm/v3/objects/(contacts|companies|deals)/search");

	private static final Pattern ASSOCIATIONS = Pattern
		.compile("/crm/v4/associations/(contacts|companies|deals)/contacts/batch/read");

	private final WireMockServer server;

	private final Map<String, Map<String, Rec>> store = new TreeMap<>();

	private final Map<String, Set<String>> associations = new LinkedHashMap<>();

	private final AtomicLong ids = new AtomicLong(1000);

	private final AtomicInteger effects = new AtomicInteger();

	private final AtomicInteger scenarios = new AtomicInteger();

	private final Supplier<Instant> now;

	FakeHubSpot(Supplier<Instant> now) {
		this.now = now;
		for (String object : UNIQUE_PROPERTIES.keySet()) {
			this.store.put(object, new LinkedHashMap<>());
		}
		this.server = new WireMockServer(options().dynamicPort().extensions(this));
		this.server.start();
		stubTheApi();
	}

	private void stubTheApi() {
		this.server.stubFor(any(anyUrl()).atPriority(10)
			.willReturn(
					aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(UNAUTHORIZED)));
		this.server.stubFor(any(urlPathMatching("/crm/.*")).atPriority(5)
			.withHeader("Authorization", equalTo("Bearer " + TOKEN))
			.willReturn(aResponse().withTransformers(NAME)));
	}

	/**
	 * Forgets every record, association, request and test-specific answer; the count of
	 * effects goes on.
	 */
	synchronized void reset() {
		this.store.values().forEach(Map::clear);
		this.associations.clear();
		this.server.resetAll();
		stubTheApi();
	}

	String baseUrl() {
		return this.server.baseUrl();
	}

	WireMockServer server() {
		return this.server;
	}

	@Override
	public void close() {
		this.server.stop();
	}

	@Override
	public String getName() {
		return NAME;
	}

	/** Only the stubs that name it: the error stubs answer for themselves. */
	@Override
	public boolean applyGlobally() {
		return false;
	}

	// ---- what tests set up

	/** The next {@code times} upserts of the object are answered 429. */
	void rateLimitUpserts(String object, int times, String policyName, Integer retryAfterSeconds) {
		rateLimit("/crm/v3/objects/" + object + "/batch/upsert", times, policyName, retryAfterSeconds);
	}

	/** The next {@code times} POSTs to paths matching the pattern are answered 429. */
	void rateLimit(String pathPattern, int times, String policyName, Integer retryAfterSeconds) {
		String scenario = "rate-limit-" + this.scenarios.incrementAndGet();
		for (int i = 0; i < times; i++) {
			ResponseDefinitionBuilder answer = aResponse().withStatus(429)
				.withHeader("Content-Type", "application/json")
				.withBody(rateLimitBody(policyName));
			if (retryAfterSeconds != null) {
				answer = answer.withHeader("Retry-After", retryAfterSeconds.toString());
			}
			this.server.stubFor(post(urlPathMatching(pathPattern)).atPriority(1)
				.inScenario(scenario)
				.whenScenarioStateIs((i == 0) ? Scenario.STARTED : "limited-" + i)
				.willSetStateTo("limited-" + (i + 1))
				.willReturn(answer));
		}
	}

	/** Every request of this method to paths matching the pattern is answered so. */
	void answer(String method, String pathPattern, int status, String body) {
		this.server.stubFor(request(method, urlPathMatching(pathPattern)).atPriority(1)
			.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
	}

	/** HubSpot's body for a 429 of a rate limit policy. */
	static String rateLimitBody(String policyName) {
		return "{\"status\":\"error\",\"message\":\"You have reached your " + policyName.toLowerCase(Locale.ROOT)
				+ " limit.\",\"errorType\":\"RATE_LIMIT\",\"correlationId\":\"" + UUID.randomUUID()
				+ "\",\"policyName\":\"" + policyName + "\"}";
	}

	synchronized String add(String object, Map<String, String> properties, Instant modified) {
		String id = Long.toString(this.ids.incrementAndGet());
		Map<String, String> values = new LinkedHashMap<>(properties);
		values.put("hs_object_id", id);
		this.store.get(object).put(id, new Rec(id, values, modified, modified));
		return id;
	}

	synchronized void associate(String object, String id, String... contactIds) {
		this.associations.computeIfAbsent(object + "/" + id, (k) -> new LinkedHashSet<>()).addAll(List.of(contactIds));
	}

	synchronized void touch(String object, String id, Instant modified, Map<String, String> properties) {
		Rec rec = this.store.get(object).get(id);
		rec.properties.putAll(properties);
		rec.modified = modified;
	}

	/** The records of an object, each with its properties. */
	synchronized List<Map<String, String>> records(String object) {
		return this.store.get(object).values().stream().map((r) -> Map.copyOf(r.properties)).toList();
	}

	/** How many upserted records were created or changed. */
	int effects() {
		return this.effects.get();
	}

	/** The requests that reached paths matching the pattern, oldest first. */
	List<LoggedRequest> requests(String pathPattern) {
		return this.server
			.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(urlPathMatching(pathPattern)));
	}

	/** The JSON bodies of those requests. */
	List<JsonNode> bodies(String pathPattern) {
		List<JsonNode> bodies = new ArrayList<>();
		for (LoggedRequest request : requests(pathPattern)) {
			try {
				bodies.add(JSON.readTree(request.getBodyAsString()));
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return bodies;
	}

	// ---- what the fake answers

	@Override
	public ResponseDefinition transform(ServeEvent serveEvent) {
		LoggedRequest request = serveEvent.getRequest();
		String path = URI.create(request.getUrl()).getPath();
		String method = request.getMethod().getName();
		try {
			if (method.equals("GET") && path.equals("/crm/v3/objects/contacts")) {
				return json(200, list());
			}
			JsonNode body = method.equals("POST") ? JSON.readTree(request.getBodyAsString()) : null;
			Matcher matcher;
			if (method.equals("POST") && (matcher = UPSERT.matcher(path)).matches()) {
				return json(200, upsert(matcher.group(1), body));
			}
			if (method.equals("POST") && (matcher = SEARCH.matcher(path)).matches()) {
				return json(200, search(matcher.group(1), body));
			}
			if (method.equals("POST") && (matcher = ASSOCIATIONS.matcher(path)).matches()) {
				return associations(matcher.group(1), body);
			}
			return json(404, error("Unable to infer object type from: " + path, "OBJECT_NOT_FOUND"));
		}
		catch (Invalid ex) {
			return json(400, error(ex.getMessage(), "VALIDATION_ERROR"));
		}
		catch (IOException ex) {
			return json(400, error("Invalid input JSON on line 1", "VALIDATION_ERROR"));
		}
	}

	private synchronized ObjectNode list() {
		ObjectNode answer = JSON.createObjectNode();
		ArrayNode results = answer.putArray("results");
		this.store.get("contacts")
			.values()
			.stream()
			.limit(1)
			.forEach((rec) -> results.add(view(rec, null, modifiedProperty("contacts"))));
		return answer;
	}

	private synchronized ObjectNode upsert(String object, JsonNode body) throws Invalid {
		JsonNode inputs = body.path("inputs");
		if (!inputs.isArray() || inputs.isEmpty()) {
			throw new Invalid("inputs must not be empty");
		}
		if (inputs.size() > 100) {
			throw new Invalid("Batch input size " + inputs.size() + " exceeds the maximum of 100");
		}
		Set<String> given = new HashSet<>();
		for (JsonNode input : inputs) {
			String idProperty = input.path("idProperty").asText("");
			if (!idProperty.equals(UNIQUE_PROPERTIES.get(object))) {
				throw new Invalid("Property '" + idProperty + "' is not a unique identifier property of " + object
						+ ": use a property with unique values as idProperty");
			}
			String id = input.path("id").asText("");
			if (object.equals("contacts") && !id.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
				throw new Invalid("Property values were not valid: [{\"isValid\":false,\"message\":\"Email address "
						+ id + " is invalid\",\"error\":\"INVALID_EMAIL\",\"name\":\"email\"}]");
			}
			if (!given.add(key(object, id))) {
				throw new Invalid("Duplicate IDs found in batch input: [" + id + "]. IDs must be unique");
			}
		}
		Instant at = this.now.get();
		ObjectNode answer = JSON.createObjectNode();
		answer.put("status", "COMPLETE");
		ArrayNode results = answer.putArray("results");
		for (JsonNode input : inputs) {
			String idProperty = input.path("idProperty").asText();
			String id = input.path("id").asText();
			Rec rec = this.store.get(object)
				.values()
				.stream()
				.filter((r) -> key(object, id).equals(key(object, r.properties.getOrDefault(idProperty, ""))))
				.findFirst()
				.orElse(null);
			boolean created = rec == null;
			boolean changed = created;
			if (created) {
				String newId = Long.toString(this.ids.incrementAndGet());
				Map<String, String> values = new LinkedHashMap<>();
				values.put(idProperty, id);
				values.put("hs_object_id", newId);
				rec = new Rec(newId, values, at, at);
				this.store.get(object).put(newId, rec);
			}
			for (Map.Entry<String, JsonNode> property : input.path("properties").properties()) {
				String value = property.getValue().asText();
				if (!value.equals(rec.properties.get(property.getKey()))) {
					rec.properties.put(property.getKey(), value);
					changed = true;
				}
			}
			if (changed) {
				rec.modified = at;
				this.effects.incrementAndGet();
			}
			ObjectNode result = view(rec, null, modifiedProperty(object));
			result.put("new", created);
			results.add(result);
		}
		answer.put("startedAt", TIME.format(at));
		answer.put("completedAt", TIME.format(at));
		return answer;
	}

	private synchronized ObjectNode search(String object, JsonNode body) throws Invalid {
		String modified = modifiedProperty(object);
		long from = Long.MIN_VALUE;
		long to = Long.MAX_VALUE;
		for (JsonNode group : body.path("filterGroups")) {
			for (JsonNode filter : group.path("filters")) {
				if (!filter.path("propertyName").asText().equals(modified)) {
					throw new Invalid("This fake only filters " + object + " on " + modified + ", not "
							+ filter.path("propertyName").asText());
				}
				long value = millis(filter.path("value").asText());
				switch (filter.path("operator").asText()) {
					case "GTE" -> from = Math.max(from, value);
					case "GT" -> from = Math.max(from, value + 1);
					case "LTE" -> to = Math.min(to, value);
					case "LT" -> to = Math.min(to, value - 1);
					case "EQ" -> {
						from = Math.max(from, value);
						to = Math.min(to, value);
					}
					default -> throw new Invalid("Unsupported operator " + filter.path("operator").asText());
				}
			}
		}
		int limit = body.path("limit").asInt(10);
		if (limit < 1 || limit > 200) {
			throw new Invalid("limit must be between 1 and 200");
		}
		int after = Integer.parseInt(body.path("after").asText("0"));
		if (after + limit > 10_000) {
			throw new Invalid("The search API pages no further than 10,000 results");
		}
		Comparator<Rec> order = Comparator.comparing((Rec r) -> Long.parseLong(r.id));
		JsonNode sort = body.path("sorts").path(0);
		if (sort.path("propertyName").asText().equals(modified)) {
			Comparator<Rec> byTime = Comparator.comparing((Rec r) -> r.modified).thenComparing(order);
			order = sort.path("direction").asText("ASCENDING").equals("DESCENDING") ? byTime.reversed() : byTime;
		}
		long lower = from;
		long upper = to;
		List<Rec> matching = this.store.get(object)
			.values()
			.stream()
			.filter((r) -> r.modified.toEpochMilli() >= lower && r.modified.toEpochMilli() <= upper)
			.sorted(order)
			.toList();
		Set<String> wanted = new LinkedHashSet<>();
		body.path("properties").forEach((p) -> wanted.add(p.asText()));
		ObjectNode answer = JSON.createObjectNode();
		answer.put("total", matching.size());
		ArrayNode results = answer.putArray("results");
		matching.stream()
			.skip(after)
			.limit(limit)
			.forEach((rec) -> results.add(view(rec, wanted.isEmpty() ? null : wanted, modified)));
		if (after + limit < matching.size()) {
			ObjectNode next = answer.putObject("paging").putObject("next");
			next.put("after", Integer.toString(after + limit));
			next.put("link", "?after=" + (after + limit));
		}
		return answer;
	}

	private synchronized ResponseDefinition associations(String object, JsonNode body) {
		ObjectNode answer = JSON.createObjectNode();
		answer.put("status", "COMPLETE");
		ArrayNode results = answer.putArray("results");
		ArrayNode errors = JSON.createArrayNode();
		for (JsonNode input : body.path("inputs")) {
			String id = input.path("id").asText();
			Set<String> contacts = this.associations.getOrDefault(object + "/" + id, Set.of());
			if (contacts.isEmpty()) {
				ObjectNode error = errors.addObject();
				error.put("status", "error");
				error.put("category", "OBJECT_NOT_FOUND");
				error.put("message", "No contacts are associated with " + object + " " + id + ".");
				continue;
			}
			ObjectNode result = results.addObject();
			result.putObject("from").put("id", id);
			ArrayNode toList = result.putArray("to");
			for (String contact : contacts) {
				ObjectNode to = toList.addObject();
				to.put("toObjectId", Long.parseLong(contact));
				ObjectNode type = to.putArray("associationTypes").addObject();
				type.put("category", "HUBSPOT_DEFINED");
				type.put("typeId", object.equals("deals") ? 3 : 280);
				type.putNull("label");
			}
		}
		if (!errors.isEmpty()) {
			answer.set("errors", errors);
			answer.put("numErrors", errors.size());
		}
		return json(errors.isEmpty() ? 200 : 207, answer);
	}

	private ObjectNode view(Rec rec, Set<String> wanted, String modifiedProperty) {
		ObjectNode node = JSON.createObjectNode();
		node.put("id", rec.id);
		ObjectNode properties = node.putObject("properties");
		for (Map.Entry<String, String> property : rec.properties.entrySet()) {
			if (wanted == null || wanted.contains(property.getKey()) || property.getKey().equals("hs_object_id")) {
				properties.put(property.getKey(), property.getValue());
			}
		}
		properties.put("createdate", TIME.format(rec.created));
		properties.put(modifiedProperty, TIME.format(rec.modified));
		node.put("createdAt", TIME.format(rec.created));
		node.put("updatedAt", TIME.format(rec.modified));
		node.put("archived", false);
		return node;
	}

	private static String modifiedProperty(String object) {
		return object.equals("contacts") ? "lastmodifieddate" : "hs_lastmodifieddate";
	}

	private static long millis(String value) throws Invalid {
		if (value.matches("\\d+")) {
			return Long.parseLong(value);
		}
		try {
			return OffsetDateTime.parse(value).toInstant().toEpochMilli();
		}
		catch (RuntimeException ex) {
			throw new Invalid("'" + value + "' is not a valid date-time value");
		}
	}

	private static String key(String object, String id) {
		return object.equals("contacts") ? id.trim().toLowerCase(Locale.ROOT) : id.trim();
	}

	private static ObjectNode error(String message, String category) {
		ObjectNode error = JSON.createObjectNode();
		error.put("status", "error");
		error.put("message", message);
		error.put("correlationId", UUID.randomUUID().toString());
		error.put("category", category);
		return error;
	}

	private static ResponseDefinition json(int status, JsonNode body) {
		return ResponseDefinitionBuilder.responseDefinition()
			.withStatus(status)
			.withHeader("Content-Type", "application/json;charset=utf-8")
			.withBody(body.toString())
			.build();
	}

	private static final class Rec {

		final String id;

		final Map<String, String> properties;

		final Instant created;

		Instant modified;

		Rec(String id, Map<String, String> properties, Instant created, Instant modified) {
			this.id = id;
			this.properties = properties;
			this.created = created;
			this.modified = modified;
		}

	}

	private static final class Invalid extends Exception {

		Invalid(String message) {
			super(message);
		}

	}

}
