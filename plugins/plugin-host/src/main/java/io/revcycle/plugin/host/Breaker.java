package io.revcycle.plugin.host;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The circuit breaker and health of one connector instance. Closed, it lets every call
 * through; after {@code failuresToOpen} consecutive failures it opens and refuses calls
 * until {@code openFor} has passed on the clock; then it lets one trial call through
 * (half open): a success closes it, a failure opens it again.
 */
final class Breaker {

	enum State {

		CLOSED, OPEN, HALF_OPEN

	}

	/** What {@link #permit()} decided. */
	enum Permit {

		/** The breaker is closed: call. */
		CALL,
		/** The breaker is half open and this is its one trial call. */
		TRIAL,
		/** The breaker is open, or half open with its trial under way: do not call. */
		REFUSED

	}

	private final Clock clock;

	private final int failuresToOpen;

	private final Duration openFor;

	private State state = State.CLOSED;

	private Instant openUntil;

	private boolean trialUnderway;

	private int consecutiveFailures;

	private String lastError;

	private Instant since;

	Breaker(Clock clock, int failuresToOpen, Duration openFor) {
		this.clock = clock;
		this.failuresToOpen = failuresToOpen;
		this.openFor = openFor;
		this.since = clock.instant();
	}

	/** Asks to make a call now. A {@link Permit#TRIAL} must be followed by an outcome. */
	synchronized Permit permit() {
		if (this.state == State.OPEN) {
			if (this.clock.instant().isBefore(this.openUntil)) {
				return Permit.REFUSED;
			}
			this.state = State.HALF_OPEN;
			this.trialUnderway = false;
		}
		if (this.state == State.HALF_OPEN) {
			if (this.trialUnderway) {
				return Permit.REFUSED;
			}
			this.trialUnderway = true;
			return Permit.TRIAL;
		}
		return Permit.CALL;
	}

	/** The permitted call was not made, or ended in a way that says nothing of health. */
	synchronized void neutral(Permit permit) {
		if (permit == Permit.TRIAL) {
			this.trialUnderway = false;
		}
	}

	synchronized void succeeded(Permit permit) {
		if (this.state == State.OPEN) {
			// a late success of a call made before the circuit opened does not close it
			return;
		}
		boolean wasHealthy = this.consecutiveFailures == 0 && this.state == State.CLOSED;
		this.consecutiveFailures = 0;
		this.state = State.CLOSED;
		this.trialUnderway = false;
		if (!wasHealthy) {
			this.since = this.clock.instant();
		}
	}

	synchronized void failed(Permit permit, String error) {
		Instant now = this.clock.instant();
		this.consecutiveFailures++;
		this.lastError = error;
		boolean wasHealthy = this.consecutiveFailures == 1 && this.state == State.CLOSED;
		if (this.state == State.HALF_OPEN || permit == Permit.TRIAL) {
			open(now);
		}
		else if (this.state == State.CLOSED && this.consecutiveFailures >= this.failuresToOpen) {
			open(now);
		}
		else if (wasHealthy) {
			this.since = now;
		}
	}

	private void open(Instant now) {
		this.state = State.OPEN;
		this.trialUnderway = false;
		this.openUntil = now.plus(this.openFor);
		this.since = now;
	}

	synchronized ConnectorRuntime.Health health() {
		String shown = switch (this.state) {
			case OPEN, HALF_OPEN -> ConnectorRuntime.Health.OPEN;
			case CLOSED ->
				(this.consecutiveFailures == 0) ? ConnectorRuntime.Health.HEALTHY : ConnectorRuntime.Health.UNHEALTHY;
		};
		return new ConnectorRuntime.Health(ConnectorRuntime.Health.HEALTHY.equals(shown), shown, this.lastError,
				this.since, this.consecutiveFailures);
	}

	synchronized State state() {
		return this.state;
	}

	synchronized Instant openUntil() {
		return this.openUntil;
	}

}
