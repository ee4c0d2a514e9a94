package io.revcycle.gateway;

import java.util.function.Predicate;

/**
 * The request firewall's rules for header names and values, checked without a regular
 * expression. The firewall checks a header each time a filter reads it, and the bearer
 * token alone is over a kilobyte, read several times per request: its default patterns
 * ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*} for names, the same with tab allowed for
 * values) were the largest single cost of the gateway's own code per request. These
 * predicates accept exactly the same strings (code point by code point: defined in
 * Unicode and not a control character, tab allowed in values), with a quick path for
 * printable ASCII. An absent header (null) passes, as with the defaults.
 */
final class HeaderCharacters {

	/** Header names: assigned code points, no control characters. */
	static final Predicate<String> NAMES = (name) -> allowed(name, false);

	/** Header values: the same, and tab. */
	static final Predicate<String> VALUES = (value) -> allowed(value, true);

	private HeaderCharacters() {
	}

	static boolean allowed(String text, boolean tab) {
		if (text == null) {
			// the firewall asks about headers that are absent too
			return true;
		}
		int length = text.length();
		int i = 0;
		while (i < length) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0x7F) {
				i++;
				continue;
			}
			if (c == '\t' && tab) {
				i++;
				continue;
			}
			int codePoint = text.codePointAt(i);
			if (!Character.isDefined(codePoint) || Character.getType(codePoint) == Character.CONTROL) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

}
