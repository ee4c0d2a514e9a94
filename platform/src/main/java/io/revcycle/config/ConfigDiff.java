package io.revcycle.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The differences between two configuration documents. Lists of named things are compared
 * by name, not position ({@code webhooks[url=https://...]},
 * {@code routing.teams[name=EMEA].reps[email=ann@x.com].weight}), so adding one item is
 * one change; other lists are compared position by position.
 */
final class ConfigDiff {

	/**
	 * The lists whose items are known by a field: their path, indices left out, to it.
	 */
	private static final Map<String, String> KEYS = Map.of("stageModel.stages", "name", "sla.policies", "stage",
			"routing.teams", "name", "routing.teams[].reps", "email", "routing.reps", "email", "webhooks", "url",
			"campaigns", "key", "connectors", "name", "alerts", "name");

	private ConfigDiff() {
	}

	/**
	 * One change.
	 *
	 * @param path where, in the document
	 * @param kind {@code add}, {@code change} or {@code remove}
	 * @param before the value before, null when added
	 * @param after the value after, null when removed
	 * @param proposal whether the change is a proposal that waits for marketing's and
	 * sales' sign-off rather than a change made
	 */
	record Change(String path, String kind, JsonNode before, JsonNode after, boolean proposal) {
	}

	/** The changes from {@code before} to {@code after}, in document order. */
	static List<Change> between(JsonNode before, JsonNode after) {
		return between("", before, after, false);
	}

	/**
	 * The changes under a path.
	 * @param path where both values are in the document
	 * @param proposal whether the changes are proposals
	 */
	static List<Change> between(String path, JsonNode before, JsonNode after, boolean proposal) {
		List<Change> changes = new ArrayList<>();
		walk(path, pattern(path), absent(before) ? null : before, absent(after) ? null : after, proposal, changes);
		return changes;
	}

	private static String pattern(String path) {
		return path.replaceAll("\\[[^\\]]*\\]", "[]");
	}

	private static boolean absent(JsonNode node) {
		return node == null || node.isMissingNode() || node.isNull();
	}

	private static void walk(String path, String pattern, JsonNode before, JsonNode after, boolean proposal,
			List<Change> changes) {
		if (before == null && after == null) {
			return;
		}
		if (before == null || after == null) {
			changes.add(new Change(path, (before == null) ? "add" : "remove", before, after, proposal));
			return;
		}
		if (before.isObject() && after.isObject()) {
			Set<String> names = new LinkedHashSet<>(before.propertyNames());
			names.addAll(after.propertyNames());
			for (String name : names) {
				String at = path.isEmpty() ? name : path + "." + name;
				walk(at, pattern.isEmpty() ? name : pattern + "." + name, value(before.get(name)),
						value(after.get(name)), proposal, changes);
			}
			return;
		}
		if (before.isArray() && after.isArray()) {
			String key = KEYS.get(pattern);
			if (key != null && keyed(before, key) && keyed(after, key)) {
				Map<String, JsonNode> was = byKey(before, key);
				Map<String, JsonNode> is = byKey(after, key);
				Set<String> names = new LinkedHashSet<>(was.keySet());
				names.addAll(is.keySet());
				for (String name : names) {
					JsonNode shown = is.containsKey(name) ? is.get(name) : was.get(name);
					walk(path + "[" + key + "=" + shown.get(key).asString() + "]", pattern + "[]", was.get(name),
							is.get(name), proposal, changes);
				}
				return;
			}
			for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
				walk(path + "[" + i + "]", pattern + "[]", (i < before.size()) ? value(before.get(i)) : null,
						(i < after.size()) ? value(after.get(i)) : null, proposal, changes);
			}
			return;
		}
		if (!before.equals(after)) {
			changes.add(new Change(path, "change", before, after, proposal));
		}
	}

	/** Whether every item has a distinct text key, so items can be matched by it. */
	private static boolean keyed(JsonNode list, String key) {
		Set<String> seen = new LinkedHashSet<>();
		for (JsonNode item : list.values()) {
			if (!item.isObject() || item.get(key) == null || !item.get(key).isString()
					|| !seen.add(item.get(key).asString().toLowerCase(java.util.Locale.ROOT))) {
				return false;
			}
		}
		return true;
	}

	private static Map<String, JsonNode> byKey(JsonNode list, String key) {
		Map<String, JsonNode> items = new LinkedHashMap<>();
		list.values().forEach((item) -> items.put(item.get(key).asString().toLowerCase(java.util.Locale.ROOT), item));
		return items;
	}

	private static JsonNode value(JsonNode node) {
		return absent(node) ? null : node;
	}

}
