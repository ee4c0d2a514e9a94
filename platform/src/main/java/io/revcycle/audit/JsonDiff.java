package io.revcycle.audit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The differences between two JSON documents, leaf by leaf, each named by its path
 * ({@code stages[2].definition}, {@code policies.MQL.hours}). Arrays are compared
 * position by position; a value only on one side is added or removed.
 */
public final class JsonDiff {

	private JsonDiff() {
	}

	/**
	 * One difference.
	 *
	 * @param path where, {@code $} for the whole document
	 * @param before the value before, or null when it was added
	 * @param after the value after, or null when it was removed
	 */
	public record Change(String path, JsonNode before, JsonNode after) {
	}

	/**
	 * The differences, in document order; empty when the documents are equal.
	 * @param before the document before, may be null
	 * @param after the document after, may be null
	 */
	public static List<Change> between(JsonNode before, JsonNode after) {
		List<Change> changes = new ArrayList<>();
		walk("", absent(before) ? null : before, absent(after) ? null : after, changes);
		return changes;
	}

	private static boolean absent(JsonNode node) {
		return node == null || node.isMissingNode() || node.isNull();
	}

	private static void walk(String path, JsonNode before, JsonNode after, List<Change> changes) {
		if (before == null && after == null) {
			return;
		}
		if (before != null && after != null && before.isObject() && after.isObject()) {
			Set<String> names = new LinkedHashSet<>(before.propertyNames());
			names.addAll(after.propertyNames());
			for (String name : names) {
				walk(path.isEmpty() ? name : path + "." + name, value(before.get(name)), value(after.get(name)),
						changes);
			}
			return;
		}
		if (before != null && after != null && before.isArray() && after.isArray()) {
			for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
				walk(path + "[" + i + "]", (i < before.size()) ? value(before.get(i)) : null,
						(i < after.size()) ? value(after.get(i)) : null, changes);
			}
			return;
		}
		if (before == null || !before.equals(after)) {
			changes.add(new Change(path.isEmpty() ? "$" : path, before, after));
		}
	}

	private static JsonNode value(JsonNode node) {
		return absent(node) ? null : node;
	}

}
