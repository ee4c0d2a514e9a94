package io.revcycle.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The platform's clock in tests: the system clock, shifted by an offset a test sets. Time
 * moves; nobody sleeps.
 */
public final class MovableClock extends Clock {

	private volatile Duration offset = Duration.ZERO;

	private volatile Instant frozen;

	/** Stops the clock at {@code at} until it is set, frozen again or reset. */
	public void freeze(Instant at) {
		this.frozen = at;
	}

	/** Makes it {@code at} now, and let it run from there. */
	public void set(Instant at) {
		this.frozen = null;
		this.offset = Duration.between(Instant.now(), at);
	}

	/** Moves the clock forward (or back) by a duration, and lets it run from there. */
	public void moveBy(Duration duration) {
		this.frozen = null;
		this.offset = this.offset.plus(duration);
	}

	public void reset() {
		this.frozen = null;
		this.offset = Duration.ZERO;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		Instant stopped = this.frozen;
		return (stopped != null) ? stopped : Instant.now().plus(this.offset);
	}

}
