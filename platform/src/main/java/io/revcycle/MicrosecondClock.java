package io.revcycle;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * The system clock in UTC, truncated to microseconds, the precision PostgreSQL keeps: an
 * instant the API answers on create is the instant it answers on read.
 *
 * <p>
 * Not {@code Clock.tick(systemUTC(), 1 µs)}: on JDK 17 that clock's {@code millis()}
 * divides by the tick in whole milliseconds, which is zero, and libraries that ask a
 * clock for milliseconds (stripe-java's webhook tolerance check) fail with an
 * {@link ArithmeticException}.
 */
public final class MicrosecondClock extends Clock {

	private final Clock base;

	public MicrosecondClock() {
		this(Clock.systemUTC());
	}

	private MicrosecondClock(Clock base) {
		this.base = base;
	}

	@Override
	public ZoneId getZone() {
		return this.base.getZone();
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return new MicrosecondClock(this.base.withZone(zone));
	}

	@Override
	public long millis() {
		return this.base.millis();
	}

	@Override
	public Instant instant() {
		return this.base.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
