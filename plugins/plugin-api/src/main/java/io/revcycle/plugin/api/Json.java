package io.revcycle.plugin.api;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A small JSON reader for webhook bodies, so a connector needs no JSON library. It reads
 * one JSON value (RFC 8259) into a tree; each node is an object, an array, a string, a
 * number, a boolean or {@code null}, and {@link #value()} gives it as plain Java: maps,
 * lists and strings, with numbers and booleans as their literal text ({@code "12.50"},
 * {@code "true"}), so no precision is lost and every leaf can go straight into
 * {@link Event#properties()}. <pre>{@code
 * Json body = Json.parse(request.body());
 * String type = body.string("event");                  // null when absent
 * Json invitee = body.get("payload");                  // never null: an absent node
 * Instant at = body.instant("created_at");             // ISO-8601, or null
 * for (Json item : body.get("items").items()) { ... }  // empty when not an array
 * }</pre> Reading never fails on a missing member or a node of another kind: it gives
 * null, an empty list or an absent node, so a connector checks only what it needs.
 * Parsing fails with {@link Malformed} (an {@link IllegalArgumentException}) on anything
 * that is not exactly one JSON value: invalid UTF-8, a syntax error, trailing content, or
 * nesting deeper than {@value #MAX_DEPTH}. An object's members keep their order; of a
 * repeated member the last value counts. Nodes are immutable and safe for use from
 * several threads.
 *
 * @since 1.1.0
 */
public final class Json {

	/** The deepest nesting of objects and arrays {@link #parse(byte[])} reads. */
	public static final int MAX_DEPTH = 128;

	/** What kind of JSON value a node is. */
	public enum Kind {

		/** An object ({@code {..}}). */
		OBJECT,
		/** An array ({@code [..]}). */
		ARRAY,
		/** A string. */
		STRING,
		/** A number, kept as its literal text. */
		NUMBER,
		/** {@code true} or {@code false}. */
		BOOLEAN,
		/** {@code null}. */
		NULL,
		/** Not there: a member the object does not have, an index beyond the array. */
		ABSENT

	}

	private static final Json ABSENT = new Json(Kind.ABSENT, null, null, null);

	private static final Json NULL = new Json(Kind.NULL, null, null, null);

	private final Kind kind;

	private final String text;

	private final Map<String, Json> members;

	private final List<Json> items;

	private Json(Kind kind, String text, Map<String, Json> members, List<Json> items) {
		this.kind = kind;
		this.text = text;
		this.members = members;
		this.items = items;
	}

	/**
	 * Reads a body of UTF-8 JSON, such as {@link WebhookRequest#body()}.
	 * @param utf8 the bytes
	 * @return the root node
	 * @throws Malformed when the bytes are not UTF-8 or not exactly one JSON value
	 */
	public static Json parse(byte[] utf8) {
		Objects.requireNonNull(utf8, "utf8");
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(utf8))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new Malformed("the body is not UTF-8", 0);
		}
		return parse(text);
	}

	/**
	 * Reads JSON text.
	 * @param text the text
	 * @return the root node
	 * @throws Malformed when the text is not exactly one JSON value
	 */
	public static Json parse(String text) {
		Objects.requireNonNull(text, "text");
		Parser parser = new Parser(text);
		parser.space();
		Json root = parser.value(0);
		parser.space();
		if (parser.position < text.length()) {
			throw parser.malformed("content after the JSON value");
		}
		return root;
	}

	/** What kind of value this node is. */
	public Kind kind() {
		return this.kind;
	}

	/** Whether this node is there and not {@code null}. */
	public boolean present() {
		return this.kind != Kind.ABSENT && this.kind != Kind.NULL;
	}

	/** Whether this node is an object. */
	public boolean isObject() {
		return this.kind == Kind.OBJECT;
	}

	/** Whether this node is an array. */
	public boolean isArray() {
		return this.kind == Kind.ARRAY;
	}

	/**
	 * A member of this object.
	 * @param name the member's name
	 * @return the member; an absent node when this is not an object or has no such
	 * member, never null
	 */
	public Json get(String name) {
		Json member = (this.members != null) ? this.members.get(name) : null;
		return (member != null) ? member : ABSENT;
	}

	/**
	 * An item of this array.
	 * @param index the index, from 0
	 * @return the item; an absent node when this is not an array or has no such item,
	 * never null
	 */
	public Json get(int index) {
		return (this.items != null && index >= 0 && index < this.items.size()) ? this.items.get(index) : ABSENT;
	}

	/** The items of this array, in order; empty when this is not an array. */
	public List<Json> items() {
		return (this.items != null) ? this.items : List.of();
	}

	/** The members of this object, in order; empty when this is not an object. */
	public Map<String, Json> members() {
		return (this.members != null) ? this.members : Map.of();
	}

	/**
	 * This string, or the literal text of this number or boolean ({@code "12.50"},
	 * {@code "true"}).
	 * @return the text; null for {@code null}, an absent node, an object or an array
	 */
	public String string() {
		return this.text;
	}

	/** {@code get(name).string()}: a member's text, or null. */
	public String string(String name) {
		return get(name).string();
	}

	/**
	 * This number, or a string that holds one ({@code "12.50"}, as some senders quote
	 * amounts).
	 * @return the number; null when this is absent or {@code null}
	 * @throws Malformed when this is present but not a number
	 */
	public BigDecimal number() {
		if (!present()) {
			return null;
		}
		if (this.text != null && this.kind != Kind.BOOLEAN) {
			try {
				return new BigDecimal(this.text.strip());
			}
			catch (NumberFormatException ex) {
				// reported below
			}
		}
		throw new Malformed("expected a number, found " + describe(), -1);
	}

	/** {@code get(name).number()}. */
	public BigDecimal number(String name) {
		return get(name).number();
	}

	/**
	 * This boolean, or a string {@code "true"} or {@code "false"}.
	 * @return the boolean; null when this is absent or {@code null}
	 * @throws Malformed when this is present but not a boolean
	 */
	public Boolean bool() {
		if (!present()) {
			return null;
		}
		if ("true".equals(this.text) || "false".equals(this.text)) {
			return Boolean.valueOf(this.text);
		}
		throw new Malformed("expected true or false, found " + describe(), -1);
	}

	/** {@code get(name).bool()}. */
	public Boolean bool(String name) {
		return get(name).bool();
	}

	/**
	 * This string read as an ISO-8601 instant with an offset
	 * ({@code 2026-11-24T10:00:00Z}, {@code 2026-11-24T11:00:00.000000+01:00}). Numbers
	 * are not read: whether one counts seconds or milliseconds only its sender's
	 * documentation says, so use {@link Instant#ofEpochSecond(long)} or
	 * {@link Instant#ofEpochMilli(long)} with {@link #number()}.
	 * @return the instant; null when this is absent or {@code null}
	 * @throws Malformed when this is present but not such an instant
	 */
	public Instant instant() {
		if (!present()) {
			return null;
		}
		if (this.kind == Kind.STRING) {
			try {
				return OffsetDateTime.parse(this.text.strip()).toInstant();
			}
			catch (DateTimeParseException ex) {
				// reported below
			}
		}
		throw new Malformed("expected an ISO-8601 instant such as 2026-11-24T10:00:00Z, found " + describe(), -1);
	}

	/** {@code get(name).instant()}. */
	public Instant instant(String name) {
		return get(name).instant();
	}

	/**
	 * This node as plain Java: a {@code Map<String, Object>} for an object (in order), a
	 * {@code List<Object>} for an array, a {@code String} for a string, number or
	 * boolean, and null for {@code null} or an absent node. Maps and lists are
	 * unmodifiable; a {@code null} member or item stays null.
	 * @return the value
	 */
	public Object value() {
		return switch (this.kind) {
			case OBJECT -> {
				Map<String, Object> map = new LinkedHashMap<>();
				this.members.forEach((name, member) -> map.put(name, member.value()));
				yield Collections.unmodifiableMap(map);
			}
			case ARRAY -> this.items.stream().map(Json::value).toList();
			default -> this.text;
		};
	}

	/** The node as compact JSON text of its kind, for messages: strings quoted. */
	@Override
	public String toString() {
		return switch (this.kind) {
			case OBJECT -> "{" + String.join(",",
					this.members.entrySet().stream().map((e) -> quote(e.getKey()) + ":" + e.getValue()).toList()) + "}";
			case ARRAY -> "[" + String.join(",", this.items.stream().map(Json::toString).toList()) + "]";
			case STRING -> quote(this.text);
			case NULL -> "null";
			case ABSENT -> "(absent)";
			default -> this.text;
		};
	}

	private String describe() {
		return switch (this.kind) {
			case OBJECT -> "an object";
			case ARRAY -> "an array";
			case STRING -> "a string";
			case NUMBER -> "a number";
			case BOOLEAN -> "a boolean";
			default -> this.kind.name().toLowerCase(Locale.ROOT);
		};
	}

	private static String quote(String text) {
		StringBuilder quoted = new StringBuilder("\"");
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				case '\t' -> quoted.append("\\t");
				default -> {
					if (c < 0x20) {
						quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

	/**
	 * Text that is not one JSON value, or a node read as a kind it is not.
	 */
	public static final class Malformed extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		private final int offset;

		Malformed(String message, int offset) {
			super((offset >= 0) ? message + " at offset " + offset : message);
			this.offset = offset;
		}

		/**
		 * Where in the text parsing failed, in characters from its start; -1 when a node
		 * was read as a kind it is not.
		 */
		public int offset() {
			return this.offset;
		}

	}

	/** A recursive descent parser of RFC 8259 JSON. */
	private static final class Parser {

		private final String text;

		private int position;

		Parser(String text) {
			this.text = text;
		}

		Json value(int depth) {
			if (depth > MAX_DEPTH) {
				throw malformed("nesting deeper than " + MAX_DEPTH);
			}
			if (this.position >= this.text.length()) {
				throw malformed("the text ends where a value should be");
			}
			char c = this.text.charAt(this.position);
			return switch (c) {
				case '{' -> object(depth);
				case '[' -> array(depth);
				case '"' -> new Json(Kind.STRING, string(), null, null);
				case 't' -> literal("true", new Json(Kind.BOOLEAN, "true", null, null));
				case 'f' -> literal("false", new Json(Kind.BOOLEAN, "false", null, null));
				case 'n' -> literal("null", NULL);
				default -> {
					if (c == '-' || (c >= '0' && c <= '9')) {
						yield new Json(Kind.NUMBER, number(), null, null);
					}
					throw malformed("unexpected character '" + printable(c) + "'");
				}
			};
		}

		private Json object(int depth) {
			this.position++;
			Map<String, Json> members = new LinkedHashMap<>();
			space();
			if (peek() == '}') {
				this.position++;
				return new Json(Kind.OBJECT, null, Collections.unmodifiableMap(members), null);
			}
			while (true) {
				space();
				if (peek() != '"') {
					throw malformed("expected a member name in quotes");
				}
				String name = string();
				space();
				expect(':');
				space();
				members.put(name, value(depth + 1));
				space();
				char next = peek();
				this.position++;
				if (next == '}') {
					return new Json(Kind.OBJECT, null, Collections.unmodifiableMap(members), null);
				}
				if (next != ',') {
					this.position--;
					throw malformed("expected ',' or '}' in an object");
				}
			}
		}

		private Json array(int depth) {
			this.position++;
			List<Json> items = new ArrayList<>();
			space();
			if (peek() == ']') {
				this.position++;
				return new Json(Kind.ARRAY, null, null, Collections.unmodifiableList(items));
			}
			while (true) {
				space();
				items.add(value(depth + 1));
				space();
				char next = peek();
				this.position++;
				if (next == ']') {
					return new Json(Kind.ARRAY, null, null, Collections.unmodifiableList(items));
				}
				if (next != ',') {
					this.position--;
					throw malformed("expected ',' or ']' in an array");
				}
			}
		}

		private String string() {
			this.position++;
			StringBuilder value = new StringBuilder();
			while (true) {
				if (this.position >= this.text.length()) {
					throw malformed("a string is not closed");
				}
				char c = this.text.charAt(this.position++);
				if (c == '"') {
					return value.toString();
				}
				if (c < 0x20) {
					this.position--;
					throw malformed("a control character in a string must be escaped");
				}
				if (c != '\\') {
					value.append(c);
					continue;
				}
				if (this.position >= this.text.length()) {
					throw malformed("a string is not closed");
				}
				char escaped = this.text.charAt(this.position++);
				switch (escaped) {
					case '"', '\\', '/' -> value.append(escaped);
					case 'b' -> value.append('\b');
					case 'f' -> value.append('\f');
					case 'n' -> value.append('\n');
					case 'r' -> value.append('\r');
					case 't' -> value.append('\t');
					case 'u' -> {
						if (this.position + 4 > this.text.length()) {
							throw malformed("\\u needs four hex digits");
						}
						int code = 0;
						for (int i = 0; i < 4; i++) {
							int digit = Character.digit(this.text.charAt(this.position + i), 16);
							if (digit < 0) {
								throw malformed("\\u needs four hex digits");
							}
							code = code * 16 + digit;
						}
						this.position += 4;
						value.append((char) code);
					}
					default -> {
						this.position--;
						throw malformed("unknown escape \\" + printable(escaped));
					}
				}
			}
		}

		private String number() {
			int start = this.position;
			if (peek() == '-') {
				this.position++;
			}
			if (peek() == '0') {
				this.position++;
			}
			else if (digits() == 0) {
				throw malformed("a number needs digits");
			}
			if (peek() == '.') {
				this.position++;
				if (digits() == 0) {
					throw malformed("a number needs digits after its decimal point");
				}
			}
			if (peek() == 'e' || peek() == 'E') {
				this.position++;
				if (peek() == '+' || peek() == '-') {
					this.position++;
				}
				if (digits() == 0) {
					throw malformed("a number needs digits in its exponent");
				}
			}
			return this.text.substring(start, this.position);
		}

		private int digits() {
			int start = this.position;
			while (peek() >= '0' && peek() <= '9') {
				this.position++;
			}
			return this.position - start;
		}

		private Json literal(String word, Json node) {
			if (!this.text.startsWith(word, this.position)) {
				throw malformed("expected " + word);
			}
			this.position += word.length();
			return node;
		}

		private void expect(char c) {
			if (peek() != c) {
				throw malformed("expected '" + c + "'");
			}
			this.position++;
		}

		/** The next character, or NUL at the end (which no rule accepts there). */
		private char peek() {
			return (this.position < this.text.length()) ? this.text.charAt(this.position) : '\0';
		}

		void space() {
			while (this.position < this.text.length()) {
				char c = this.text.charAt(this.position);
				if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
					return;
				}
				this.position++;
			}
		}

		Malformed malformed(String message) {
			return new Malformed(message, this.position);
		}

		private static String printable(char c) {
			return (c < 0x20 || c > 0x7e) ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c);
		}

	}

}
