package io.revcycle.plugin.host;

import java.time.Instant;

/**
 * The health of one connector instance, as its calls went.
 *
 * @param healthy whether the last call succeeded and the circuit is closed
 * @param state {@value #HEALTHY}, {@value #UNHEALTHY} (the last call failed) or
 * {@value #OPEN} (calls fail fast until the breaker lets a trial call through)
 * @param lastError the message of the last failure (secrets masked), or null when none
 * happened yet; kept after the instance healed
 * @param since when the instance entered this state
 * @param consecutiveFailures the failures since the last success
 */
public record Health(boolean healthy, String state, String lastError, Instant since, int consecutiveFailures) {

	/** Every call of late succeeded. */
	public static final String HEALTHY = "HEALTHY";

	/** The last call failed; the circuit is still closed. */
	public static final String UNHEALTHY = "UNHEALTHY";

	/** The circuit is open: calls fail fast. */
	public static final String OPEN = "OPEN";

}
