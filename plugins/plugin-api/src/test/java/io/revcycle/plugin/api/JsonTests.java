package io.revcycle.plugin.api;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JSON reader reads RFC 8259 text into a tree of maps, lists and strings, and refuses
 * everything else with the offset of the first problem.
 */
class JsonTests {

	private static final String BOOKING = """
			{"event":"invitee.created","created_at":"2026-11-24T10:00:00.000000Z",
			 "payload":{"email":"ada@example.com","name":"Ada Lovelace","questions":[{"q":"Team size","a":"12"}],
			 "rescheduled":false,"no_show":null,"price":12.50,"seats":3}}""";

	@Test
	void readsObjectsArraysAndScalarsIntoATreeOfMapsListsAndStrings() {
		Json body = Json.parse(BOOKING);

		assertThat(body.isObject()).isTrue();
		assertThat(body.string("event")).isEqualTo("invitee.created");
		Json payload = body.get("payload");
		assertThat(payload.string("email")).isEqualTo("ada@example.com");
		assertThat(payload.get("questions").items()).hasSize(1);
		assertThat(payload.get("questions").get(0).string("a")).isEqualTo("12");
		assertThat(payload.get("price").kind()).isEqualTo(Json.Kind.NUMBER);
		assertThat(payload.string("price")).as("numbers keep their literal text").isEqualTo("12.50");
		assertThat(payload.string("rescheduled")).isEqualTo("false");
		assertThat(payload.get("no_show").kind()).isEqualTo(Json.Kind.NULL);
		assertThat(payload.get("no_show").present()).isFalse();

		Map<String, Object> questionOne = new LinkedHashMap<>();
		questionOne.put("q", "Team size");
		questionOne.put("a", "12");
		Map<String, Object> expected = new LinkedHashMap<>();
		expected.put("email", "ada@example.com");
		expected.put("name", "Ada Lovelace");
		expected.put("questions", List.of(questionOne));
		expected.put("rescheduled", "false");
		expected.put("no_show", null);
		expected.put("price", "12.50");
		expected.put("seats", "3");
		assertThat(payload.value()).isEqualTo(expected);
		assertThat(payload.members().keySet()).as("members keep their order")
			.containsExactly("email", "name", "questions", "rescheduled", "no_show", "price", "seats");
	}

	@Test
	void missingMembersAndOtherKindsReadAsAbsentNeverNull() {
		Json body = Json.parse(BOOKING);

		Json missing = body.get("nothing").get("deeper").get(3);
		assertThat(missing.kind()).isEqualTo(Json.Kind.ABSENT);
		assertThat(missing.present()).isFalse();
		assertThat(missing.string()).isNull();
		assertThat(missing.value()).isNull();
		assertThat(missing.items()).isEmpty();
		assertThat(missing.members()).isEmpty();
		assertThat(missing.number()).isNull();
		assertThat(missing.bool()).isNull();
		assertThat(missing.instant()).isNull();
		assertThat(body.get(0).present()).as("an object has no items").isFalse();
		assertThat(body.get("payload").string()).as("an object has no text").isNull();
		assertThat(body.get("payload").get("questions").get(1).present()).isFalse();
		assertThat(body.get("payload").get("questions").get(-1).present()).isFalse();
	}

	@Test
	void readsEscapesAndUnicodeIncludingSurrogatePairs() {
		Json json = Json.parse("""
				{"s":"quote \\" backslash \\\\ slash \\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00 é 😀"}""");

		assertThat(json.string("s")).isEqualTo("quote \" backslash \\ slash / \b\f\n\r\t é 😀 é 😀");
	}

	@Test
	void readsUtf8BytesAndRefusesBytesThatAreNotUtf8() {
		byte[] utf8 = "{\"name\":\"Zoë\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(Json.parse(utf8).string("name")).isEqualTo("Zoë");

		byte[] latin1 = "{\"name\":\"Zoë\"}".getBytes(StandardCharsets.ISO_8859_1);
		assertThatExceptionOfType(Json.Malformed.class).isThrownBy(() -> Json.parse(latin1))
			.withMessageContaining("not UTF-8");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-0", "12", "-12.5", "1e9", "1E+9", "2.5e-3", "123456789012345678901234567890.5" })
	void readsEveryNumberFormAsItsLiteralText(String number) {
		Json json = Json.parse("[" + number + "]").get(0);

		assertThat(json.kind()).isEqualTo(Json.Kind.NUMBER);
		assertThat(json.string()).isEqualTo(number);
		assertThat(json.number()).isEqualByComparingTo(new BigDecimal(number));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "''|0|the text ends where a value should be", "'{\"a\":1,}'|7|expected a member name",
					"'[1,]'|3|unexpected character ']'", "'{\"a\" 1}'|5|expected ':'", "'[1 2]'|3|expected ',' or ']'",
					"'{\"a\":1 \"b\":2}'|7|expected ',' or '}'", "'01'|1|content after the JSON value",
					"'[-]'|2|a number needs digits", "'[1.]'|3|after its decimal point", "'[1e]'|3|in its exponent",
					"'tru'|0|expected true", "'nul'|0|expected null", "'\"abc'|4|a string is not closed",
					"'\"a\\x\"'|3|unknown escape", "'\"\\u12g4\"'|3|four hex digits",
					"'{} {}'|3|content after the JSON value", "'[NaN]'|1|unexpected character 'N'",
					"'{a:1}'|1|expected a member name" })
	void refusesWhatIsNotExactlyOneJsonValueSayingWhereAndWhy(String text, int offset, String problem) {
		assertThatExceptionOfType(Json.Malformed.class).isThrownBy(() -> Json.parse(text))
			.withMessageContaining(problem)
			.withMessageEndingWith("at offset " + offset)
			.satisfies((ex) -> assertThat(ex.offset()).isEqualTo(offset));
	}

	@Test
	void refusesAnUnescapedControlCharacterInAString() {
		assertThatExceptionOfType(Json.Malformed.class).isThrownBy(() -> Json.parse("\"a\nb\""))
			.withMessageContaining("control character");
	}

	@Test
	void readsNestingUpToTheLimitAndRefusesDeeper() {
		String deepest = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
		String deeper = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);

		assertThat(Json.parse(deepest).isArray()).isTrue();
		assertThatExceptionOfType(Json.Malformed.class).isThrownBy(() -> Json.parse(deeper))
			.withMessageContaining("nesting deeper than " + Json.MAX_DEPTH);
		char[] open = new char[100_000];
		Arrays.fill(open, '[');
		assertThatExceptionOfType(Json.Malformed.class).isThrownBy(() -> Json.parse(new String(open)))
			.as("a deep body is refused, not a stack overflow");
	}

	@Test
	void ofARepeatedMemberTheLastValueCounts() {
		assertThat(Json.parse("{\"a\":1,\"b\":2,\"a\":3}").members().keySet()).containsExactly("a", "b");
		assertThat(Json.parse("{\"a\":1,\"b\":2,\"a\":3}").string("a")).isEqualTo("3");
	}

	@Test
	void readsNumbersBooleansAndInstantsAndSaysWhenANodeIsNotOne() {
		Json json = Json.parse("""
				{"n":42,"quoted":"19.99","yes":true,"no":"false","at":"2026-11-24T11:00:00.250+01:00",
				 "zulu":"2026-11-24T10:00:00Z","word":"soon","seconds":1795687205}""");

		assertThat(json.number("n")).isEqualByComparingTo("42");
		assertThat(json.number("quoted")).isEqualByComparingTo("19.99");
		assertThat(json.bool("yes")).isTrue();
		assertThat(json.bool("no")).isFalse();
		assertThat(json.instant("at")).isEqualTo(Instant.parse("2026-11-24T10:00:00.250Z"));
		assertThat(json.instant("zulu")).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
		assertThatExceptionOfType(Json.Malformed.class).isThrownBy(() -> json.number("word"))
			.withMessage("expected a number, found a string");
		assertThatExceptionOfType(Json.Malformed.class).isThrownBy(() -> json.number("yes"))
			.withMessage("expected a number, found a boolean");
		assertThatExceptionOfType(Json.Malformed.class).isThrownBy(() -> json.bool("n"))
			.withMessage("expected true or false, found a number");
		assertThatExceptionOfType(Json.Malformed.class).isThrownBy(() -> json.instant("word"))
			.withMessageStartingWith("expected an ISO-8601 instant");
		assertThatExceptionOfType(Json.Malformed.class).as("seconds or milliseconds: only the sender knows")
			.isThrownBy(() -> json.instant("seconds"));
	}

	@Test
	void printsAsCompactJson() {
		String text = "{\"a\":[1,true,null,\"x\\\"y\\n\"],\"b\":{}}";

		assertThat(Json.parse(text)).hasToString(text);
		assertThat(Json.parse(Json.parse(text).toString()).value()).isEqualTo(Json.parse(text).value());
	}

	@Test
	@SuppressWarnings("unchecked")
	void theTreeCannotBeChanged() {
		Json json = Json.parse("{\"a\":[1]}");

		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> json.members().put("b", json));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> json.get("a").items().add(json));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> ((Map<String, Object>) json.value()).put("b", "c"));
	}

}
