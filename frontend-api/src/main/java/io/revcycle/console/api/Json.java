package io.revcycle.console.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's JSON as plain maps and lists, which the page templates read as
 * {@code ${person.email}}.
 */
public final class Json {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	/**
	 * A JSON value as maps, lists, strings, numbers, booleans and nulls. A template that
	 * reads a field the API left out gets null, as for a field sent as null.
	 */
	public static Object plain(JsonNode node) {
		return (node == null || node.isMissingNode()) ? null : lenient(MAPPER.convertValue(node, Object.class));
	}

	private static Object lenient(Object value) {
		if (value instanceof Map<?, ?> map) {
			Fields fields = new Fields();
			map.forEach((key, item) -> fields.put(String.valueOf(key), lenient(item)));
			return fields;
		}
		if (value instanceof List<?> list) {
			List<Object> items = new ArrayList<>(list.size());
			list.forEach((item) -> items.add(lenient(item)));
			return items;
		}
		return value;
	}

	/**
	 * A JSON object whose every field can be read: one the API left out reads as null
	 * (templates read {@code ${deal.amount}} whether or not the API sent it).
	 */
	static final class Fields extends LinkedHashMap<String, Object> {

		@Override
		public boolean containsKey(Object key) {
			return true;
		}

	}

	@SuppressWarnings("unchecked")
	public static Map<String, Object> map(JsonNode node) {
		Object plain = plain(node);
		return (plain instanceof Map<?, ?>) ? (Map<String, Object>) plain : Map.of();
	}

	/** The {@code items} of a page of the API, as maps. */
	@SuppressWarnings("unchecked")
	public static List<Map<String, Object>> items(JsonNode page) {
		Object plain = plain(page.path("items"));
		return (plain instanceof List<?>) ? (List<Map<String, Object>>) plain : List.of();
	}

	/** A JSON document of a value, for a {@code data-*} attribute or a text area. */
	public static String write(Object value) {
		return MAPPER.writeValueAsString(value);
	}

}
