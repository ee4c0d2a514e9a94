package io.revcycle.plugin.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * HMAC-SHA256 over content the caller puts together (HubSpot's v3 style): RFC 4231's test
 * vectors, and a refusal with a reason for each way a signature can be wrong.
 */
class HmacTests {

	/** RFC 4231, test case 2. */
	private static final String KEY = "Jefe";

	private static final String DATA = "what do ya want for nothing?";

	private static final String EXPECTED = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

	@Test
	void signsAsRfc4231Says() {
		assertThat(HexFormat.of().formatHex(Hmac.sha256(KEY).sign(DATA))).isEqualTo(EXPECTED);
		// RFC 4231, test case 1: a key of 20 bytes 0x0b
		byte[] key = new byte[20];
		java.util.Arrays.fill(key, (byte) 0x0b);
		assertThat(HexFormat.of().formatHex(Hmac.sha256(key).sign("Hi There")))
			.isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	}

	@Test
	void verifiesHexInEitherCaseAndBase64() {
		Hmac hmac = Hmac.sha256(KEY);
		String base64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(EXPECTED));

		assertThat(hmac.verifyHex(DATA, EXPECTED).verified()).isTrue();
		assertThat(hmac.verifyHex(DATA, " " + EXPECTED.toUpperCase() + " ").verified()).isTrue();
		assertThat(hmac.verifyBase64(DATA, base64).verified()).isTrue();
		assertThat(hmac.verifyBase64(DATA.getBytes(StandardCharsets.UTF_8), base64).verified()).isTrue();
		assertThat(hmac.verifyBase64(DATA, base64.replace("=", "")).verified()).as("padding is optional").isTrue();
	}

	@Test
	void refusesEachWayASignatureCanBeWrongWithAReason() {
		Hmac hmac = Hmac.sha256(KEY);

		assertRefused(hmac.verifyHex(DATA, null), SignatureCheck.Problem.MISSING, "no signature was sent");
		assertRefused(hmac.verifyHex(DATA, "  "), SignatureCheck.Problem.MISSING, "no signature was sent");
		assertRefused(hmac.verifyHex(DATA, "zz"), SignatureCheck.Problem.MALFORMED, "not hex");
		assertRefused(hmac.verifyHex(DATA, "abc"), SignatureCheck.Problem.MALFORMED, "not hex");
		assertRefused(hmac.verifyBase64(DATA, "***"), SignatureCheck.Problem.MALFORMED, "not base64");
		assertRefused(hmac.verifyHex(DATA + "!", EXPECTED), SignatureCheck.Problem.MISMATCH, "does not match");
		assertRefused(Hmac.sha256("Jeff").verifyHex(DATA, EXPECTED), SignatureCheck.Problem.MISMATCH,
				"signed with another secret");
		assertRefused(hmac.verifyHex(DATA, EXPECTED.substring(0, 62)), SignatureCheck.Problem.MISMATCH,
				"does not match");
	}

	@Test
	void neitherTheSecretNorTheExpectedSignatureShowsInAReasonOrToString() {
		Hmac hmac = Hmac.sha256("whsec_doNotShowMe2026");
		String expected = HexFormat.of().formatHex(hmac.sign(DATA));

		SignatureCheck check = hmac.verifyHex(DATA, "00".repeat(32));

		assertThat(check.reason()).doesNotContain("whsec_doNotShowMe2026").doesNotContain(expected);
		assertThat(hmac.toString()).doesNotContain("whsec_doNotShowMe2026");
		assertThat(hmac.timestamped(Duration.ofMinutes(5)).toString()).doesNotContain("whsec_doNotShowMe2026");
	}

	@Test
	void anEmptySecretIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> Hmac.sha256(""));
		assertThatIllegalArgumentException().isThrownBy(() -> Hmac.sha256((String) null));
		assertThatIllegalArgumentException().isThrownBy(() -> Hmac.sha256(new byte[0]));
	}

	@Test
	void aKeyGivenAsBytesIsCopied() {
		byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
		Hmac hmac = Hmac.sha256(key);
		key[0] = 'X';

		assertThat(hmac.verifyHex(DATA, EXPECTED).verified()).isTrue();
	}

	static void assertRefused(SignatureCheck check, SignatureCheck.Problem problem, String reason) {
		assertThat(check.verified()).as("refused: %s", check).isFalse();
		assertThat(check.problem()).isEqualTo(problem);
		assertThat(check.reason()).contains(reason);
	}

}
