package io.revcycle;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform's production clock bean, as libraries use it: milliseconds (stripe-java's
 * tolerance check) as well as instants.
 */
class MicrosecondClockTests {

	private final Clock clock = new RevcycleApplication().clock();

	@Test
	void answersMillisecondsOnEveryJdk() {
		long before = System.currentTimeMillis();
		long millis = this.clock.millis();
		assertThat(millis).isBetween(before, System.currentTimeMillis());
	}

	@Test
	void keepsMicrosecondsAsPostgresqlDoes() {
		Instant now = this.clock.instant();
		assertThat(now.getNano() % 1_000).isZero();
		assertThat(this.clock.getZone()).isEqualTo(ZoneOffset.UTC);
		assertThat(this.clock.withZone(ZoneId.of("Europe/Berlin")).instant().getNano() % 1_000).isZero();
	}

}
