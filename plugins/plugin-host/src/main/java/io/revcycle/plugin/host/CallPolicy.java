package io.revcycle.plugin.host;

import java.time.Duration;
import java.util.Objects;

/**
 * How the host calls one connector instance.
 *
 * @param timeout how long a call may take; then its thread is interrupted and the call
 * fails (also the HTTP client's default timeout)
 * @param failuresToOpen consecutive failures that open the circuit
 * @param openFor how long an open circuit refuses calls before one trial call
 * @param maxConcurrentCalls calls of the instance in flight at once; more fail fast as
 * {@link ConnectorFailure.Kind#BUSY}
 */
public record CallPolicy(Duration timeout, int failuresToOpen, Duration openFor, int maxConcurrentCalls) {

	public CallPolicy {
		Objects.requireNonNull(timeout, "timeout");
		Objects.requireNonNull(openFor, "openFor");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive");
		}
		if (openFor.isNegative()) {
			throw new IllegalArgumentException("openFor must not be negative");
		}
		if (failuresToOpen < 1) {
			throw new IllegalArgumentException("failuresToOpen must be at least 1");
		}
		if (maxConcurrentCalls < 1) {
			throw new IllegalArgumentException("maxConcurrentCalls must be at least 1");
		}
	}

	/** 10 s timeout, open after 5 consecutive failures for 30 s, 4 calls at once. */
	public static CallPolicy defaults() {
		return new CallPolicy(Duration.ofSeconds(10), 5, Duration.ofSeconds(30), 4);
	}

}
