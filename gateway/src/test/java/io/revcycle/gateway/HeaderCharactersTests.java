package io.revcycle.gateway;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The firewall's header rules without regular expressions accept exactly what its default
 * patterns accept.
 */
class HeaderCharactersTests {

	/** The request firewall's defaults, as Spring Security writes them. */
	private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

	@Test
	void randomStringsAreJudgedAsTheFirewallsPatternsJudgeThem() {
		Random random = new Random(20261205L);
		int refusedNames = 0;
		int refusedValues = 0;
		for (int n = 0; n < 200_000; n++) {
			String text = randomText(random);
			boolean name = NAMES.matcher(text).matches();
			boolean value = VALUES.matcher(text).matches();
			assertThat(HeaderCharacters.NAMES.test(text)).as("name %s", codePoints(text)).isEqualTo(name);
			assertThat(HeaderCharacters.VALUES.test(text)).as("value %s", codePoints(text)).isEqualTo(value);
			refusedNames += name ? 0 : 1;
			refusedValues += value ? 0 : 1;
		}
		// both outcomes were met often, so the comparison means something
		assertThat(refusedNames).isBetween(20_000, 180_000);
		assertThat(refusedValues).isBetween(20_000, 180_000);
	}

	@Test
	void theEdgesOfEachRule() {
		assertThat(HeaderCharacters.VALUES.test("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln")).isTrue();
		assertThat(HeaderCharacters.VALUES.test("a\tb")).isTrue();
		assertThat(HeaderCharacters.NAMES.test("a\tb")).isFalse();
		assertThat(HeaderCharacters.VALUES.test("a\r\nX-Injected: 1")).isFalse();
		assertThat(HeaderCharacters.VALUES.test("nul\u0000")).isFalse();
		assertThat(HeaderCharacters.VALUES.test("del\u007F")).isFalse();
		assertThat(HeaderCharacters.VALUES.test("c1\u0085")).isFalse();
		assertThat(HeaderCharacters.VALUES.test("caf\u00E9 \uD83D\uDE00")).isTrue();
		assertThat(HeaderCharacters.VALUES.test("unassigned\u0378")).isFalse();
		assertThat(HeaderCharacters.VALUES.test("")).isTrue();
		// the firewall asks about absent headers too
		assertThat(HeaderCharacters.VALUES.test(null)).isTrue();
		assertThat(HeaderCharacters.NAMES.test(null)).isTrue();
	}

	private static String randomText(Random random) {
		StringBuilder text = new StringBuilder();
		int length = random.nextInt(12);
		for (int i = 0; i < length; i++) {
			int kind = random.nextInt(100);
			if (kind < 85) {
				text.append((char) (0x20 + random.nextInt(0x5F)));
			}
			else if (kind < 88) {
				text.append((char) random.nextInt(0x20));
			}
			else if (kind < 90) {
				text.append((char) (0x7F + random.nextInt(0x21)));
			}
			else if (kind < 95) {
				text.appendCodePoint(random.nextInt(0x800));
			}
			else if (kind < 98) {
				text.appendCodePoint(random.nextInt(Character.MAX_CODE_POINT + 1));
			}
			else {
				// a lone surrogate
				text.append((char) (0xD800 + random.nextInt(0x800)));
			}
		}
		return text.toString();
	}

	private static String codePoints(String text) {
		return text.codePoints().mapToObj(Integer::toHexString).toList().toString();
	}

}
