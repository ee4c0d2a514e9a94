package io.revcycle.plugin.api;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static io.revcycle.plugin.api.HmacTests.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The outcome of a signature check, and the freshness rule every scheme shares. */
class SignatureCheckTests {

	private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

	@Test
	void aSignatureIsFreshUpToTheToleranceEitherWay() {
		Duration five = Duration.ofMinutes(5);

		assertThat(SignatureCheck.fresh(NOW.minus(five), NOW, five).verified()).isTrue();
		assertThat(SignatureCheck.fresh(NOW.plus(five), NOW, five).verified()).isTrue();
		assertThat(SignatureCheck.fresh(NOW, NOW, Duration.ZERO).verified()).isTrue();
		assertRefused(SignatureCheck.fresh(NOW.minus(five).minusMillis(1), NOW, five), SignatureCheck.Problem.STALE,
				"300.001 s ago (a delayed or replayed delivery), more than the 300 s allowed");
		assertRefused(SignatureCheck.fresh(NOW.plus(five).plusSeconds(1), NOW, five), SignatureCheck.Problem.STALE,
				"301 s ahead of the clock");
		assertThat(SignatureCheck.fresh(NOW.minusSeconds(400), NOW, five).signedAt()).isEqualTo(NOW.minusSeconds(400));
	}

	@Test
	void aRefusalNeedsAReasonAndAVerifiedCheckHasNone() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SignatureCheck.refused(SignatureCheck.Problem.MISMATCH, " ", null));
		assertThat(new SignatureCheck(null, "ignored", NOW).reason()).isNull();
		assertThat(SignatureCheck.verified(null).verified()).isTrue();
		assertThat(SignatureCheck.refused(SignatureCheck.Problem.MISSING, "no header", null).verified()).isFalse();
	}

	@Test
	void aNegativeToleranceIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> SignatureCheck.fresh(NOW, NOW, Duration.ofSeconds(-1)));
	}

}
