package io.revcycle.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates requests for an operation from its schema: a plausible request, then one
 * hostile change to it (a wrong type, a null, a NUL byte, an unpaired surrogate, a huge
 * or deeply nested value, a number or instant out of range, an unknown or missing field,
 * a list with a hole, broken JSON or encoding, a wrong or wildcard content type, a broken
 * multipart body, a garbage id, a bad query parameter, a method or Accept header the
 * operation does not take). Deterministic for a seed.
 */
final class HostileRequests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/** Kinds of change, each tried about equally often. */
	enum Change {

		NONE, WRONG_TYPE, NULL_VALUE, NUL_TEXT, UNPAIRED_SURROGATE, HUGE_TEXT, DEEP_NESTING, HUGE_NUMBER,
		FRACTION_FOR_INTEGER, INSTANT_OUT_OF_RANGE, UNKNOWN_FIELD, MISSING_FIELD, NULL_IN_LIST, EMPTY_BODY,
		GARBAGE_BODY, INVALID_UTF8, WILDCARD_CONTENT_TYPE, WRONG_CONTENT_TYPE, BROKEN_MULTIPART, GARBAGE_ID, BAD_QUERY,
		UNKNOWN_QUERY, BAD_ACCEPT, WRONG_METHOD, BODY_WHERE_NONE

	}

	/** A request to send. */
	record Request(String method, String target, List<String[]> headers, byte[] body, Change change) {

		@Override
		public String toString() {
			String shown = (this.body != null) ? new String(this.body, StandardCharsets.UTF_8) : "";
			return this.change + ": " + this.method + " " + this.target + " "
					+ ((shown.length() > 300) ? shown.substring(0, 300) + "..." : shown);
		}

	}

	private final Random random;

	private final JsonNode document;

	HostileRequests(long seed, JsonNode document) {
		this.random = new Random(seed);
		this.document = document;
	}

	Request next(OpenApiOperations.Operation operation, List<String[]> auth) {
		Change change = Change.values()[this.random.nextInt(Change.values().length)];
		String method = operation.method();
		Map<String, String> pathValues = new java.util.LinkedHashMap<>();
		StringBuilder query = new StringBuilder();
		for (OpenApiOperations.Parameter parameter : operation.parameters()) {
			if (parameter.in().equals("path")) {
				pathValues.put(parameter.name(), scalar(parameter.schema(), parameter.name()).asString());
			}
			else if (parameter.required() || this.random.nextInt(3) == 0) {
				JsonNode value = scalar(parameter.schema(), parameter.name());
				append(query, parameter.name(), value.isString() ? value.asString() : value.toString());
			}
		}
		if (change == Change.GARBAGE_ID && !pathValues.isEmpty()) {
			String name = pathValues.keySet().iterator().next();
			pathValues.put(name,
					pick("not-a-uuid", "..%2F..%2Fetc%2Fpasswd", "%00", "%C0%AF", "%E2%82", "x".repeat(3000),
							UUID.randomUUID().toString(), "%F0%9F%98%80", "1;drop table persons", "%2e%2e", "%zz"));
		}
		if (change == Change.BAD_QUERY) {
			append(query, pick("limit", "cursor", "email", "stage", "owner"), pick("%zz", "%00", "-1", "0", "100000",
					"abc", "%C0", "x".repeat(5000), "%FF%FE", "1e99", "2026-99-99"));
		}
		if (change == Change.UNKNOWN_QUERY) {
			append(query, "unknownParameter" + this.random.nextInt(10), "1");
		}
		String path = operation.path();
		for (Map.Entry<String, String> value : pathValues.entrySet()) {
			String encoded = (change == Change.GARBAGE_ID) ? value.getValue() : encode(value.getValue());
			path = path.replace("{" + value.getKey() + "}", encoded);
		}
		String target = path + (query.isEmpty() ? "" : "?" + query);

		List<String[]> headers = new ArrayList<>(auth);
		byte[] body = null;
		boolean takesBody = !operation.bodyTypes().isEmpty();
		if (takesBody) {
			String type = operation.bodyTypes().get(0);
			if (type.contains("json") && operation.bodySchema() != null) {
				JsonNode value = value(operation.bodySchema(), "", 0);
				value = mutate(value, change);
				body = JSON.writeValueAsString(value)
					.replace("\"" + DEEP + "\"", deep())
					.getBytes(StandardCharsets.UTF_8);
				headers.add(new String[] { "Content-Type", "application/json" });
			}
			else {
				body = "email,firstName\nfuzz@example.com,Fuzz\n".getBytes(StandardCharsets.UTF_8);
				headers.add(new String[] { "Content-Type", type });
			}
		}
		switch (change) {
			case NUL_TEXT -> {
				if (body != null && !operation.bodyTypes().get(0).contains("json")) {
					body = "email\nfu\u0000zz@example.com\n".getBytes(StandardCharsets.UTF_8);
				}
			}
			case UNPAIRED_SURROGATE -> {
				if (body != null) {
					// a lone surrogate as a JSON escape, which a string field decodes to
					body = new String(body, StandardCharsets.UTF_8).replaceFirst("\"([a-z]+)\"", "\"$1\\\\ud800\"")
						.getBytes(StandardCharsets.UTF_8);
				}
			}
			case EMPTY_BODY -> body = new byte[0];
			case GARBAGE_BODY -> body = pick("{{{", "null", "[]", "\"text\"", "{\"a\":", "42", "{} {}", "<xml/>",
					"{\"events\":[{\"type\":\"page_view\"}]}garbage", "{\"a\":1,\"a\":2}")
				.getBytes(StandardCharsets.UTF_8);
			case INVALID_UTF8 -> body = new byte[] { '{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', (byte) 0xC0,
					(byte) 0xAF, (byte) 0xFF, '"', '}' };
			case WILDCARD_CONTENT_TYPE -> {
				replaceContentType(headers, "*/*");
				body = (body != null) ? body : "{}".getBytes(StandardCharsets.UTF_8);
			}
			case WRONG_CONTENT_TYPE -> {
				replaceContentType(headers, pick("text/plain", "application/xml", "application/x-www-form-urlencoded",
						"image/png", "application/json; charset=nonsense", "a/b/c", ";;;", "text/csv"));
				body = (body != null) ? body : "x=1".getBytes(StandardCharsets.UTF_8);
			}
			case BROKEN_MULTIPART -> {
				replaceContentType(headers, "multipart/form-data; boundary=" + pick("xyz", "", "\"broken"));
				body = "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue-without-end"
					.getBytes(StandardCharsets.UTF_8);
			}
			case BAD_ACCEPT -> headers.add(new String[] { "Accept",
					pick("text/html", "application/xml", "image/png", "nonsense/", "*/*;q=x") });
			case WRONG_METHOD -> method = pick("PATCH", "PUT", "DELETE", "POST", "OPTIONS", "HEAD");
			case BODY_WHERE_NONE -> {
				if (body == null) {
					body = "{\"unexpected\":true}".getBytes(StandardCharsets.UTF_8);
					headers.add(new String[] { "Content-Type", "application/json" });
				}
			}
			default -> {
			}
		}
		return new Request(method, target, headers, body, change);
	}

	private void replaceContentType(List<String[]> headers, String type) {
		headers.removeIf((h) -> h[0].equalsIgnoreCase("Content-Type"));
		headers.add(new String[] { "Content-Type", type });
	}

	private JsonNode mutate(JsonNode value, Change change) {
		return switch (change) {
			case WRONG_TYPE -> replaceSomewhere(value, (old) -> old.isString() ? NODES.numberNode(42) : old.isNumber()
					? NODES.stringNode("forty-two")
					: old.isArray() ? NODES.objectNode() : old.isObject() ? NODES.arrayNode() : NODES.stringNode("x"));
			case NULL_VALUE -> replaceSomewhere(value, (old) -> NODES.nullNode());
			case NUL_TEXT -> replaceSomewhere(value, (old) -> NODES.stringNode("a\u0000b"));
			case HUGE_TEXT -> replaceSomewhere(value, (old) -> NODES.stringNode("y".repeat(70_000)));
			case DEEP_NESTING -> replaceSomewhere(value, (old) -> NODES.stringNode(DEEP));
			case HUGE_NUMBER -> replaceSomewhere(value,
					(old) -> NODES
						.numberNode(new java.math.BigDecimal(pick("1e400", "-1e309", "99999999999999999999999999",
								"1e-400", "12345678901234567890.123", "-2147483649", "9223372036854775808"))));
			case FRACTION_FOR_INTEGER ->
				replaceSomewhere(value, (old) -> old.isIntegralNumber() ? NODES.numberNode(1.5) : old);
			case INSTANT_OUT_OF_RANGE -> replaceSomewhere(value,
					(old) -> old.isString() && looksLikeInstant(old.asString())
							? NODES.stringNode(pick("+300000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z",
									"2026-13-45T99:00:00Z", "0000-00-00T00:00:00Z", "+999999999-12-31T23:59:59Z"))
							: old);
			case UNKNOWN_FIELD -> addUnknownField(value);
			case MISSING_FIELD -> removeSomewhere(value);
			case NULL_IN_LIST -> replaceSomewhere(value, (old) -> old.isArray() ? withNull((ArrayNode) old) : old);
			default -> value;
		};
	}

	private static boolean looksLikeInstant(String text) {
		return text.length() > 10 && text.charAt(4) == '-' && text.contains("T");
	}

	private JsonNode withNull(ArrayNode array) {
		ArrayNode copy = array.deepCopy();
		copy.addNull();
		return copy;
	}

	/**
	 * Stands for a deeply nested value, written as text (no JSON writer nests that deep).
	 */
	private static final String DEEP = "__deeply_nested__";

	private String deep() {
		int depth = this.random.nextBoolean() ? 300 : 3000;
		return "[".repeat(depth) + "1" + "]".repeat(depth);
	}

	/**
	 * Replaces one randomly chosen node (the root included) by what {@code change} gives.
	 */
	private JsonNode replaceSomewhere(JsonNode root, java.util.function.UnaryOperator<JsonNode> change) {
		List<JsonNode[]> slots = new ArrayList<>();
		collect(root, null, null, slots);
		if (slots.isEmpty() || this.random.nextInt(8) == 0) {
			return change.apply(root);
		}
		JsonNode[] slot = slots.get(this.random.nextInt(slots.size()));
		JsonNode parent = slot[0];
		JsonNode key = slot[1];
		if (parent instanceof ObjectNode object) {
			object.set(key.asString(), change.apply(object.get(key.asString())));
		}
		else if (parent instanceof ArrayNode array) {
			array.set(key.asInt(), change.apply(array.get(key.asInt())));
		}
		return root;
	}

	private JsonNode removeSomewhere(JsonNode root) {
		List<JsonNode[]> slots = new ArrayList<>();
		collect(root, null, null, slots);
		slots.removeIf((slot) -> !(slot[0] instanceof ObjectNode));
		if (!slots.isEmpty()) {
			JsonNode[] slot = slots.get(this.random.nextInt(slots.size()));
			((ObjectNode) slot[0]).remove(slot[1].asString());
		}
		return root;
	}

	private JsonNode addUnknownField(JsonNode root) {
		List<JsonNode> objects = new ArrayList<>();
		collectObjects(root, objects);
		if (!objects.isEmpty()) {
			((ObjectNode) objects.get(this.random.nextInt(objects.size()))).put("payload", "unexpected");
		}
		return root;
	}

	private static void collectObjects(JsonNode node, List<JsonNode> objects) {
		if (node.isObject()) {
			objects.add(node);
		}
		for (JsonNode child : node) {
			collectObjects(child, objects);
		}
	}

	private static void collect(JsonNode node, JsonNode parent, JsonNode key, List<JsonNode[]> slots) {
		if (parent != null) {
			slots.add(new JsonNode[] { parent, key });
		}
		if (node.isObject()) {
			for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext();) {
				Map.Entry<String, JsonNode> entry = it.next();
				collect(entry.getValue(), node, NODES.stringNode(entry.getKey()), slots);
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				collect(node.get(i), node, NODES.numberNode(i), slots);
			}
		}
	}

	/** A plausible value for a schema. */
	JsonNode value(JsonNode schema, String name, int depth) {
		JsonNode resolved = OpenApiOperations.resolve(this.document, schema);
		if (resolved == null || resolved.isMissingNode()) {
			return NODES.stringNode("x");
		}
		if (resolved.has("allOf")) {
			return value(resolved.get("allOf").get(0), name, depth);
		}
		if (resolved.has("oneOf") || resolved.has("anyOf")) {
			JsonNode options = resolved.has("oneOf") ? resolved.get("oneOf") : resolved.get("anyOf");
			return value(options.get(this.random.nextInt(options.size())), name, depth);
		}
		String type = type(resolved);
		switch (type) {
			case "object" -> {
				ObjectNode object = NODES.objectNode();
				JsonNode properties = resolved.path("properties");
				for (Iterator<Map.Entry<String, JsonNode>> it = properties.properties().iterator(); it.hasNext();) {
					Map.Entry<String, JsonNode> property = it.next();
					if (depth < 6 && (this.random.nextInt(4) != 0 || required(resolved, property.getKey()))) {
						object.set(property.getKey(), value(property.getValue(), property.getKey(), depth + 1));
					}
				}
				if (properties.isEmpty() && resolved.has("additionalProperties")) {
					object.put("utm_campaign", "fuzz");
					object.put("url", "https://example.com/pricing");
				}
				return object;
			}
			case "array" -> {
				ArrayNode array = NODES.arrayNode();
				int count = (depth < 6) ? 1 + this.random.nextInt(2) : 0;
				for (int i = 0; i < count; i++) {
					array.add(value(resolved.path("items"), name, depth + 1));
				}
				return array;
			}
			default -> {
				return scalar(resolved, name);
			}
		}
	}

	private static boolean required(JsonNode schema, String property) {
		for (JsonNode name : schema.path("required")) {
			if (name.asString().equals(property)) {
				return true;
			}
		}
		return false;
	}

	private static String type(JsonNode schema) {
		JsonNode type = schema.path("type");
		if (type.isArray()) {
			for (JsonNode t : type) {
				if (!t.asString().equals("null")) {
					return t.asString();
				}
			}
		}
		if (type.isString()) {
			return type.asString();
		}
		return schema.has("properties") ? "object" : "string";
	}

	JsonNode scalar(JsonNode schema, String name) {
		JsonNode resolved = OpenApiOperations.resolve(this.document, schema);
		if (resolved == null) {
			return NODES.stringNode("x");
		}
		if (resolved.has("enum") && !resolved.get("enum").isEmpty()) {
			JsonNode values = resolved.get("enum");
			return values.get(this.random.nextInt(values.size()));
		}
		String format = resolved.path("format").asString("");
		String lower = name.toLowerCase(java.util.Locale.ROOT);
		return switch (type(resolved)) {
			case "integer" ->
				NODES.numberNode(lower.contains("limit") ? 1 + this.random.nextInt(50) : this.random.nextInt(100));
			case "number" -> NODES.numberNode(new java.math.BigDecimal(this.random.nextInt(100_000) + ".25"));
			case "boolean" -> NODES.booleanNode(this.random.nextBoolean());
			default -> NODES.stringNode(switch (format) {
				case "uuid" -> UUID.randomUUID().toString();
				case "date-time" ->
					Instant.parse("2026-11-20T10:00:00Z").plusSeconds(this.random.nextInt(100_000)).toString();
				case "date" -> "2026-11-" + (10 + this.random.nextInt(18));
				default -> text(lower);
			});
		};
	}

	private String text(String name) {
		int n = this.random.nextInt(1000);
		if (name.contains("email")) {
			return "fuzz" + n + "@example" + (n % 7) + ".com";
		}
		if (name.contains("url")) {
			return "https://hooks.example.com/" + n;
		}
		if (name.equals("type")) {
			return pick("page_view", "demo_requested", "payment_succeeded", "form_submitted", "note");
		}
		if (name.contains("currency")) {
			return pick("EUR", "USD", "JPY", "XYZ", "eur");
		}
		if (name.contains("amount")) {
			return pick("12.50", "0", "-3", "1e3", "abc");
		}
		if (name.contains("country")) {
			return pick("US", "DE", "ZZ");
		}
		if (name.contains("domain")) {
			return "example" + (n % 5) + ".com";
		}
		if (name.contains("stage") || name.equals("to")) {
			return pick("MQL", "SAL", "Known", "Recycled", "Nowhere");
		}
		if (name.contains("slug")) {
			return "fuzz-" + n;
		}
		if (name.contains("role")) {
			return pick("marketing", "sdr", "superuser");
		}
		if (name.contains("time") || name.equals("start") || name.equals("end")) {
			return pick("09:00", "17:00", "25:99");
		}
		if (name.contains("zone")) {
			return pick("UTC", "Europe/Berlin", "Mars/Olympus");
		}
		if (name.contains("cursor")) {
			return pick("bm90LWEtY3Vyc29y", "%%%", "");
		}
		return pick("alpha", "bravo", "charlie", "delta") + n;
	}

	private void append(StringBuilder query, String name, String value) {
		if (!query.isEmpty()) {
			query.append('&');
		}
		query.append(name).append('=').append(value.contains("%") ? value : encode(value));
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@SafeVarargs
	private <T> T pick(T... options) {
		return options[this.random.nextInt(options.length)];
	}

}
