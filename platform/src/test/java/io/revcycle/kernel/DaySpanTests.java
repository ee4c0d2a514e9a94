package io.revcycle.kernel;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A window cut into a rollup's days and signed head and tail ranges counts every instant
 * inside the window once and every instant outside it not at all, whichever way each
 * partial day is read.
 */
class DaySpanTests {

	private static final Instant NOW = Instant.parse("2026-12-04T13:22:00Z");

	@Test
	void everyInstantOfRandomWindowsCountsOnceInsideAndNeverOutside() {
		Random random = new Random(20261204);
		int subtracted = 0;
		for (int window = 0; window < 2000; window++) {
			Instant from = NOW.minusSeconds(random.nextInt(400 * 86400));
			Instant to = from.plusSeconds(1 + random.nextInt((random.nextBoolean() ? 2 : 500) * 86400));
			if (random.nextInt(4) == 0) {
				from = from.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
			}
			Instant now = random.nextBoolean() ? to : NOW;
			DaySpan span = DaySpan.of(from, to, now);
			if (span.headSign() < 0 || span.tailSign() < 0) {
				subtracted++;
			}
			// the edges of the window, of its days, and random instants around it
			for (Instant t : new Instant[] { from, to, from.minusNanos(1000), to.minusNanos(1000),
					from.truncatedTo(java.time.temporal.ChronoUnit.DAYS),
					to.truncatedTo(java.time.temporal.ChronoUnit.DAYS), to.plus(Duration.ofDays(1)),
					from.minus(Duration.ofDays(1)) }) {
				assertCounted(span, from, to, t);
			}
			for (int i = 0; i < 50; i++) {
				Instant t = from.minusSeconds(86400)
					.plusSeconds((long) (random.nextDouble() * (Duration.between(from, to).getSeconds() + 2 * 86400)));
				assertCounted(span, from, to, t);
			}
		}
		assertThat(subtracted).as("some partial days were read as rollup minus rows").isGreaterThan(100);
	}

	@Test
	void aWindowEndingNowReadsTodayFromTheRollupAndTakesBackNothingButTheFuture() {
		DaySpan span = DaySpan.of(NOW.minus(Duration.ofDays(365)), NOW, NOW);
		assertThat(span.endDay()).isEqualTo(LocalDate.of(2026, 12, 5));
		assertThat(span.tailSign()).isEqualTo(-1);
		assertThat(span.tailFrom().toInstant()).isEqualTo(NOW);
		// a year ago from 13:22, the 10 h 38 min to midnight are fewer than the 13 h 22
		// min before
		assertThat(span.firstDay()).isEqualTo(LocalDate.of(2025, 12, 5));
		assertThat(span.headSign()).isEqualTo(1);
		assertThat(span.headFrom().toInstant()).isEqualTo(NOW.minus(Duration.ofDays(365)));
	}

	@Test
	void aWindowEndingEarlyInAPastDayReadsItsRows() {
		Instant to = Instant.parse("2026-11-30T03:00:00Z");
		DaySpan span = DaySpan.of(Instant.parse("2026-11-01T00:00:00Z"), to, NOW);
		assertThat(span.firstDay()).isEqualTo(LocalDate.of(2026, 11, 1));
		assertThat(span.endDay()).isEqualTo(LocalDate.of(2026, 11, 30));
		assertThat(span.tailSign()).isEqualTo(1);
		assertThat(span.tailTo().toInstant()).isEqualTo(to);
	}

	@Test
	void todaySoFarIsTheDaysRollup() {
		Instant midnight = Instant.parse("2026-12-04T00:00:00Z");
		DaySpan span = DaySpan.of(midnight.plusSeconds(60), NOW, NOW);
		assertThat(span.firstDay()).isEqualTo(LocalDate.of(2026, 12, 4));
		assertThat(span.endDay()).isEqualTo(LocalDate.of(2026, 12, 5));
		assertCounted(span, midnight.plusSeconds(60), NOW, midnight);
		assertCounted(span, midnight.plusSeconds(60), NOW, NOW.minusNanos(1000));
	}

	private static void assertCounted(DaySpan span, Instant from, Instant to, Instant t) {
		int count = 0;
		LocalDate day = LocalDate.ofInstant(t, ZoneOffset.UTC);
		if (!day.isBefore(span.firstDay()) && day.isBefore(span.endDay())) {
			count++;
		}
		if (within(t, span.headFrom().toInstant(), span.headTo().toInstant())) {
			count += sign(span, t);
		}
		if (within(t, span.tailFrom().toInstant(), span.tailTo().toInstant())) {
			count += sign(span, t);
		}
		assertThat(count).as("%s in [%s, %s) by %s", t, from, to, span).isEqualTo(within(t, from, to) ? 1 : 0);
	}

	/** The sign the query's {@code case} gives the row. */
	private static int sign(DaySpan span, Instant t) {
		return t.isBefore(span.signParameter() instanceof java.sql.Timestamp cut ? cut.toInstant() : null)
				? span.headSign() : span.tailSign();
	}

	private static boolean within(Instant t, Instant from, Instant to) {
		return !t.isBefore(from) && t.isBefore(to);
	}

}
