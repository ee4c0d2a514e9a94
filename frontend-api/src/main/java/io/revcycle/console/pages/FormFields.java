package io.revcycle.console.pages;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.revcycle.console.api.ApiProblem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON document of the platform edited as a form, field by field. Every input is named
 * by the document's own path ({@code policies[0].ladder[1].afterMinutes}), the path the
 * platform names in its problems, so a problem is shown beside the field it names. Rows
 * (a list's items) are added and removed on the server: a button posts the form with
 * {@code _row=add:policies[0].ladder} or {@code _row=remove:policies[0].ladder[1]} and
 * the page comes back with the edits kept and nothing saved.
 *
 * <p>
 * A page declares the type of each field by its pattern, with {@code []} for any index
 * ({@code policies[].minutes}); fields not declared are text. Blank text is sent as null.
 * Numbers are sent as numbers when they read as numbers and as the text typed otherwise,
 * so the platform names the field either way.
 */
public final class FormFields {

	/** The request parameter of the row buttons. */
	public static final String ROW = "_row";

	/** How a field's text becomes a JSON value. */
	public enum Type {

		/** Text; blank is null. */
		TEXT,
		/** A whole number; blank is null. */
		INT,
		/** A decimal number; blank is null. */
		DECIMAL,
		/** A check box (a hidden {@code false} before it): true when checked. */
		BOOL,
		/** Yes, no or blank (null: the platform's default). */
		OPTIONAL_BOOL,
		/**
		 * A list of texts typed as one text, split at commas and line breaks; blank is
		 * null (as the platform reads a list left out).
		 */
		LIST,
		/**
		 * The values of a group of check boxes of one name (a hidden blank before them):
		 * an empty list when none is ticked.
		 */
		CHOICES

	}

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)\\]");

	private static final Pattern PATH = Pattern
		.compile("[A-Za-z_][A-Za-z0-9_]*(\\[\\d{1,4}\\])*(\\.[A-Za-z_][A-Za-z0-9_]*(\\[\\d{1,4}\\])*)*");

	private final Map<String, Type> types = new LinkedHashMap<>();

	private final Map<String, Supplier<JsonNode>> rows = new LinkedHashMap<>();

	/** A field of this type, by pattern ({@code policies[].minutes}). */
	public FormFields field(String pattern, Type type) {
		this.types.put(pattern, type);
		return this;
	}

	/** A list whose rows can be added, and what a new row holds. */
	public FormFields rows(String pattern, Supplier<JsonNode> newRow) {
		this.rows.put(pattern, newRow);
		return this;
	}

	/** The pattern of a path: every index replaced by {@code []}. */
	static String pattern(String path) {
		return path.replaceAll("\\[\\d+\\]", "[]");
	}

	/**
	 * The document the form's fields describe. Parameters that start with {@code _} (the
	 * CSRF token, the row buttons) are not part of it.
	 */
	public ObjectNode read(Map<String, String[]> parameters) {
		ObjectNode document = NODES.objectNode();
		parameters.forEach((name, values) -> {
			if (!name.startsWith("_") && PATH.matcher(name).matches()) {
				put(document, segments(name), value(this.types.getOrDefault(pattern(name), Type.TEXT), values));
			}
		});
		compact(document);
		return document;
	}

	private static JsonNode value(Type type, String[] values) {
		String last = (values.length > 0) ? values[values.length - 1] : null;
		String text = (last != null && !last.isBlank()) ? last.trim() : null;
		return switch (type) {
			case TEXT -> (text != null) ? NODES.stringNode(text) : NODES.nullNode();
			case INT -> number(text, true);
			case DECIMAL -> number(text, false);
			case BOOL -> NODES.booleanNode(List.of(values).contains("true"));
			case OPTIONAL_BOOL -> (text != null) ? NODES.booleanNode("true".equals(text)) : NODES.nullNode();
			case LIST, CHOICES -> {
				ArrayNode list = NODES.arrayNode();
				for (String value : values) {
					for (String item : value.split("[,\\n]")) {
						if (!item.isBlank()) {
							list.add(item.trim());
						}
					}
				}
				yield (list.isEmpty() && type == Type.LIST) ? NODES.nullNode() : list;
			}
		};
	}

	private static JsonNode number(String text, boolean whole) {
		if (text == null) {
			return NODES.nullNode();
		}
		try {
			BigDecimal number = new BigDecimal(text);
			if (whole && number.stripTrailingZeros().scale() <= 0) {
				return NODES.numberNode(number.toBigIntegerExact());
			}
			return NODES.numberNode(number);
		}
		catch (NumberFormatException | ArithmeticException ex) {
			return NODES.stringNode(text);
		}
	}

	private static List<Object> segments(String path) {
		List<Object> segments = new ArrayList<>();
		Matcher matcher = SEGMENT.matcher(path);
		while (matcher.find()) {
			segments.add((matcher.group(1) != null) ? matcher.group(1) : Integer.valueOf(matcher.group(2)));
		}
		return segments;
	}

	private static void put(JsonNode root, List<Object> segments, JsonNode value) {
		JsonNode node = root;
		for (int i = 0; i < segments.size(); i++) {
			Object segment = segments.get(i);
			boolean last = i == segments.size() - 1;
			JsonNode child = last ? value
					: (segments.get(i + 1) instanceof Integer) ? NODES.arrayNode() : NODES.objectNode();
			if (segment instanceof String name && node instanceof ObjectNode object) {
				JsonNode existing = object.get(name);
				if (last || existing == null || !existing.isContainer()) {
					object.set(name, child);
				}
				node = object.get(name);
			}
			else if (segment instanceof Integer index && node instanceof ArrayNode array) {
				while (array.size() <= index) {
					array.add(NODES.nullNode());
				}
				JsonNode existing = array.get(index);
				if (last || existing == null || !existing.isContainer()) {
					array.set(index, child);
				}
				node = array.get(index);
			}
			else {
				return;
			}
		}
	}

	/** Drops the gaps a list's indexes may leave, and its blank items. */
	private static void compact(JsonNode node) {
		if (node instanceof ArrayNode array) {
			for (int i = array.size() - 1; i >= 0; i--) {
				if (array.get(i).isNull()) {
					array.remove(i);
				}
			}
		}
		node.values().forEach(FormFields::compact);
	}

	/**
	 * Adds or removes a row as a row button asks ({@code add:<list>} or
	 * {@code remove:<list>[i]}); other requests change nothing.
	 * @return the path of the row added, or null
	 */
	public String changeRows(ObjectNode document, String request) {
		if (request == null || !request.contains(":")) {
			return null;
		}
		String action = request.substring(0, request.indexOf(':'));
		String path = request.substring(request.indexOf(':') + 1);
		if (!PATH.matcher(path).matches()) {
			return null;
		}
		List<Object> segments = segments(path);
		if ("add".equals(action) && this.rows.containsKey(pattern(path))) {
			JsonNode list = at(document, segments);
			if (list == null || !list.isArray()) {
				put(document, segments, NODES.arrayNode());
				list = at(document, segments);
			}
			((ArrayNode) list).add(this.rows.get(pattern(path)).get());
			return path + "[" + (list.size() - 1) + "]";
		}
		else if ("remove".equals(action) && segments.get(segments.size() - 1) instanceof Integer index) {
			JsonNode list = at(document, segments.subList(0, segments.size() - 1));
			if (list instanceof ArrayNode array && index < array.size()) {
				array.remove(index.intValue());
			}
		}
		return null;
	}

	private static JsonNode at(JsonNode root, List<Object> segments) {
		JsonNode node = root;
		for (Object segment : segments) {
			node = (segment instanceof Integer index) ? node.path(index) : node.path((String) segment);
		}
		return node.isMissingNode() ? null : node;
	}

	/** A document with no problems, for a template. */
	public static Form form(JsonNode document) {
		return new Form(document, null);
	}

	/** A document as posted, with the platform's problems with it. */
	public static Form form(JsonNode document, ApiProblem problem) {
		return new Form(document, problem);
	}

	/**
	 * What a template reads: the value of each field by its path, and the problem the
	 * platform named there.
	 */
	public static final class Form {

		private final JsonNode document;

		private final Map<String, String> errors = new LinkedHashMap<>();

		Form(JsonNode document, ApiProblem problem) {
			this.document = (document != null) ? document : NODES.objectNode();
			if (problem != null) {
				for (ApiProblem.FieldError error : problem.errors()) {
					if (error.field() != null) {
						this.errors.merge(error.field(), error.message(), (a, b) -> a + "; " + b);
					}
				}
			}
		}

		private String focus;

		public JsonNode document() {
			return this.document;
		}

		/** Puts the cursor in the first field of a row (the one just added). */
		public Form focus(String row) {
			this.focus = row;
			return this;
		}

		/**
		 * Whether this field takes the cursor: the first field rendered of the row to
		 * focus.
		 */
		public boolean autofocus(String path) {
			if (this.focus != null && (path.equals(this.focus) || path.startsWith(this.focus + "."))) {
				this.focus = null;
				return true;
			}
			return false;
		}

		private JsonNode node(String path) {
			return at(this.document, segments(path));
		}

		/** The field's value as an input shows it; a list's items joined by commas. */
		public String text(String path) {
			JsonNode node = node(path);
			if (node == null || node.isNull()) {
				return "";
			}
			if (node.isArray()) {
				List<String> items = new ArrayList<>();
				node.forEach((item) -> items.add(item.asString()));
				return String.join(", ", items);
			}
			return node.asString();
		}

		/** Whether a check box is ticked. */
		public boolean checked(String path) {
			JsonNode node = node(path);
			return node != null && node.asBoolean(false);
		}

		/** Whether a list holds a value (one of a group of check boxes). */
		public boolean contains(String path, String value) {
			JsonNode node = node(path);
			if (node == null || !node.isArray()) {
				return false;
			}
			for (JsonNode item : node) {
				if (value.equals(item.asString())) {
					return true;
				}
			}
			return false;
		}

		/** The paths of a list's rows: {@code path[0]}, {@code path[1]}, ... */
		public List<String> rows(String path) {
			JsonNode node = node(path);
			List<String> rows = new ArrayList<>();
			for (int i = 0; node != null && node.isArray() && i < node.size(); i++) {
				rows.add(path + "[" + i + "]");
			}
			return rows;
		}

		/** What the platform said is wrong with this field, or null. */
		public String error(String path) {
			return this.errors.get(path);
		}

		public boolean invalid(String path) {
			return this.errors.containsKey(path);
		}

		/** Whether the platform named any field. */
		public boolean hasErrors() {
			return !this.errors.isEmpty();
		}

		/** An element id for a path: {@code f-policies-0-minutes}. */
		public String id(String path) {
			return "f-" + path.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-$", "");
		}

	}

}
