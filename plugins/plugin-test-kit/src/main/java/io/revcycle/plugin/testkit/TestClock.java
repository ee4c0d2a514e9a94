package io.revcycle.plugin.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that stands still until a test moves it: for signature tolerances and for the
 * circuit breaker's open period. Safe for use from several threads.
 */
public final class TestClock extends Clock {

	private volatile Instant now;

	private TestClock(Instant now) {
		this.now = Objects.requireNonNull(now, "now");
	}

	/** A clock that reads this instant until moved. */
	public static TestClock at(Instant now) {
		return new TestClock(now);
	}

	/** Sets the time. */
	public void set(Instant now) {
		this.now = Objects.requireNonNull(now, "now");
	}

	/** Moves the time on (or back, for a negative duration). */
	public void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	@Override
	public Instant instant() {
		return this.now;
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
	public String toString() {
		return "TestClock[" + this.now + "]";
	}

}
