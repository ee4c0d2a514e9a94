package io.revcycle.plugin.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.revcycle.plugin.api.HmacTests.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The {@code t=,v1=} header: HMAC-SHA256 of {@code "<t>.<body>"}, a tolerance either way
 * of the clock, several {@code v1} values while a secret rolls, and a reason for each
 * refusal.
 */
class TimestampedSignatureTests {

	private static final String SECRET = "whsec_bookingKey7Q2m";

	private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

	private static final String BODY = "{\"event\":\"invitee.created\",\"id\":\"evt_1\"}";

	private final TimestampedSignature signature = Hmac.sha256(SECRET).timestamped(Duration.ofMinutes(3));

	@Test
	void signsTheTimestampADotAndTheRawBody() throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String expected = HexFormat.of()
			.formatHex(mac.doFinal((NOW.getEpochSecond() + "." + BODY).getBytes(StandardCharsets.UTF_8)));

		assertThat(this.signature.sign(NOW, BODY)).isEqualTo("t=" + NOW.getEpochSecond() + ",v1=" + expected);
	}

	@Test
	void acceptsItsOwnSignatureWithTheTimeItWasSigned() {
		SignatureCheck check = check(this.signature.sign(NOW.minusSeconds(30), BODY), NOW);

		assertThat(check.verified()).isTrue();
		assertThat(check.reason()).isNull();
		assertThat(check.signedAt()).isEqualTo(NOW.minusSeconds(30));
	}

	@Test
	void acceptsUpToTheToleranceEitherWayOfTheClockAndNotASecondMore() {
		assertThat(check(this.signature.sign(NOW.minusSeconds(180), BODY), NOW).verified()).isTrue();
		assertThat(check(this.signature.sign(NOW.plusSeconds(180), BODY), NOW).verified()).isTrue();

		SignatureCheck old = check(this.signature.sign(NOW.minusSeconds(181), BODY), NOW);
		assertRefused(old, SignatureCheck.Problem.STALE, "181 s ago");
		assertThat(old.reason()).contains("more than the 180 s allowed");
		assertThat(old.signedAt()).isEqualTo(NOW.minusSeconds(181));
		assertRefused(check(this.signature.sign(NOW.plusSeconds(181), BODY), NOW), SignatureCheck.Problem.STALE,
				"181 s ahead of the clock");
	}

	@Test
	void aStaleSignatureIsRefusedEvenWhenItMatches() {
		String header = this.signature.sign(NOW.minus(Duration.ofDays(1)), BODY);

		assertRefused(check(header, NOW), SignatureCheck.Problem.STALE, "stale signature");
	}

	@Test
	void duringASecretRollAnyV1MayMatch() {
		String current = this.signature.sign(NOW, BODY);
		String old = Hmac.sha256("whsec_previousKey").timestamped(Duration.ofMinutes(3)).sign(NOW, BODY);
		String v1Current = current.substring(current.indexOf("v1="));
		String v1Old = old.substring(old.indexOf("v1="));

		assertThat(check("t=" + NOW.getEpochSecond() + "," + v1Old + "," + v1Current, NOW).verified()).isTrue();
		assertThat(
				check("t=" + NOW.getEpochSecond() + ", " + v1Current + " , " + v1Old + ",v0=ignored", NOW).verified())
			.as("spaces around items, and other schemes, are ignored")
			.isTrue();
		assertRefused(check("t=" + NOW.getEpochSecond() + "," + v1Old, NOW), SignatureCheck.Problem.MISMATCH,
				"X-Booking-Signature does not match the body");
	}

	@Test
	void aChangedBodyOrTimestampDoesNotMatch() {
		String header = this.signature.sign(NOW, BODY);

		assertRefused(
				this.signature.check("X-Booking-Signature", header, (BODY + " ").getBytes(StandardCharsets.UTF_8), NOW),
				SignatureCheck.Problem.MISMATCH, "the body was changed after signing");
		String moved = header.replace("t=" + NOW.getEpochSecond(), "t=" + (NOW.getEpochSecond() - 1));
		assertRefused(check(moved, NOW), SignatureCheck.Problem.MISMATCH, "does not match");
	}

	@Test
	void verifiesTheBodyByteForByte() {
		byte[] latin1 = "{\"name\":\"Zoë\"}".getBytes(StandardCharsets.ISO_8859_1);
		String header = this.signature.sign(NOW, latin1);

		assertThat(this.signature.check("X-Booking-Signature", header, latin1, NOW).verified()).isTrue();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "''|MISSING|missing X-Booking-Signature header",
			"'   '|MISSING|missing X-Booking-Signature header",
			"v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd|MALFORMED|has no timestamp",
			"'t,v1=abc'|MALFORMED|is not a number of seconds", "'t=,v1=abc'|MALFORMED|is not a number of seconds",
			"'t=1795687205x,v1=abc'|MALFORMED|is not a number of seconds",
			"'t=-1795687205,v1=abc'|MALFORMED|is not a number of seconds",
			"'t=1795687205123,v1=abc'|MALFORMED|is not a number of seconds",
			"'t=1795687205,t=1795687205,v1=abc'|MALFORMED|more than one timestamp",
			"t=1795687205|MALFORMED|has no v1 signature", "'t=1795687205,v1'|MALFORMED|has no v1 signature",
			"'t=1795687205,v1=abc'|MALFORMED|not 64 hex digits", "'t=1795687205,v1='|MALFORMED|not 64 hex digits",
			"garbage|MALFORMED|has no timestamp" })
	void refusesAMissingOrMalformedHeaderSayingWhatIsWrong(String header, SignatureCheck.Problem problem,
			String reason) {
		assertRefused(check(header, NOW), problem, reason);
	}

	@Test
	void checksARequestsHeaderAndBodyByTheGivenClock() {
		String header = this.signature.sign(NOW, BODY);
		WebhookRequest request = new WebhookRequest("POST", URI.create("https://revcycle.example/hooks/acme/1"),
				Map.of("x-booking-signature", List.of(header)), BODY.getBytes(StandardCharsets.UTF_8), null, NOW);

		assertThat(this.signature.check(request, "X-Booking-Signature", Clock.fixed(NOW, ZoneOffset.UTC)).verified())
			.isTrue();
		assertRefused(
				this.signature.check(request, "X-Booking-Signature",
						Clock.fixed(NOW.plus(Duration.ofHours(1)), ZoneOffset.UTC)),
				SignatureCheck.Problem.STALE, "3600 s ago");
		assertRefused(this.signature.check(request, "X-Other-Signature", Clock.fixed(NOW, ZoneOffset.UTC)),
				SignatureCheck.Problem.MISSING, "missing X-Other-Signature header");
	}

	@Test
	void aNegativeToleranceIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> Hmac.sha256(SECRET).timestamped(Duration.ofSeconds(-1)));
		assertThat(Hmac.sha256(SECRET).timestamped(Duration.ZERO).tolerance()).isZero();
	}

	private SignatureCheck check(String header, Instant now) {
		return this.signature.check("X-Booking-Signature", header, BODY.getBytes(StandardCharsets.UTF_8), now);
	}

}
