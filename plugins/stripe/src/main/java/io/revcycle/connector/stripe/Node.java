package io.revcycle.connector.stripe;

import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * A JSON object of a Stripe payload, read field by field: absent and {@code null} fields
 * read as null, and an expandable field ({@code "customer": "cus_..."} or the expanded
 * object) reads as its id.
 */
final class Node {

	private static final Node EMPTY = new Node(new JsonObject(), "");

	private final JsonObject json;

	private final String path;

	private Node(JsonObject json, String path) {
		this.json = json;
		this.path = path;
	}

	/** The object, or an empty node when the element is absent, null or not an object. */
	static Node of(JsonElement element, String path) {
		return (element != null && element.isJsonObject()) ? new Node(element.getAsJsonObject(), path) : EMPTY;
	}

	/** Whether the object has this key, even with a null value. */
	boolean has(String name) {
		return this.json.has(name);
	}

	/** A nested object, or an empty node. */
	Node get(String name) {
		return of(this.json.get(name), this.path + "." + name);
	}

	/** A string, or null. */
	String string(String name) {
		JsonPrimitive primitive = primitive(name);
		return (primitive != null) ? primitive.getAsString() : null;
	}

	/** A string that is not blank, or null. */
	String text(String name) {
		String value = string(name);
		return (value != null && !value.isBlank()) ? value.trim() : null;
	}

	/** A whole number, or null. */
	Long number(String name) {
		JsonPrimitive primitive = primitive(name);
		if (primitive == null || !primitive.isNumber()) {
			return null;
		}
		return primitive.getAsLong();
	}

	/** A whole number that must be there. */
	long requireNumber(String name) {
		Long value = number(name);
		if (value == null) {
			throw new MalformedEvent(this.path + "." + name + " is missing or not a number");
		}
		return value;
	}

	/** A string that must be there. */
	String requireString(String name) {
		String value = text(name);
		if (value == null) {
			throw new MalformedEvent(this.path + "." + name + " is missing");
		}
		return value;
	}

	/** A boolean, or null. */
	Boolean bool(String name) {
		JsonPrimitive primitive = primitive(name);
		return (primitive != null && primitive.isBoolean()) ? primitive.getAsBoolean() : null;
	}

	/** The id of an expandable field: the string itself, or the expanded object's id. */
	String id(String name) {
		JsonElement element = this.json.get(name);
		if (element != null && element.isJsonObject()) {
			return of(element, name).text("id");
		}
		return text(name);
	}

	/** The objects of an array field; empty when the field is absent or not an array. */
	List<Node> list(String name) {
		JsonElement element = this.json.get(name);
		if (element == null || !element.isJsonArray()) {
			return List.of();
		}
		List<Node> nodes = new ArrayList<>();
		int index = 0;
		for (JsonElement item : element.getAsJsonArray()) {
			nodes.add(of(item, this.path + "." + name + "[" + index++ + "]"));
		}
		return nodes;
	}

	/** Whether this node is an object that was there. */
	boolean present() {
		return this != EMPTY;
	}

	private JsonPrimitive primitive(String name) {
		JsonElement element = this.json.get(name);
		return (element != null && element.isJsonPrimitive()) ? element.getAsJsonPrimitive() : null;
	}

	/** A verified event whose payload lacks something its type always has. */
	static final class MalformedEvent extends RuntimeException {

		private static final long serialVersionUID = 1L;

		MalformedEvent(String message) {
			super(message);
		}

	}

}
