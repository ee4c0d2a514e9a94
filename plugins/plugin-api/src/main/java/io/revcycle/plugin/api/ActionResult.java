package io.revcycle.plugin.api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of an action.
 *
 * @param status done, retry or failed
 * @param externalId the remote system's id of what the action created or changed, or null
 * @param message what happened, for the delivery log; never a secret
 * @param retryAfter for {@link Status#RETRY}: the earliest time to try again, or null for
 * the host's backoff
 * @param output further results (remote ids by key), or empty
 */
public record ActionResult(Status status, String externalId, String message, Duration retryAfter,
		Map<String, Object> output) {

	/** How an action ended. */
	public enum Status {

		/** Done: it is not performed again. */
		DONE,
		/** Not done, for a reason that may pass (rate limited, remote down): retried. */
		RETRY,
		/** Not done and never will be (the remote refused the input): dead-lettered. */
		FAILED

	}

	public ActionResult {
		Objects.requireNonNull(status, "status");
		output = (output != null) ? Map.copyOf(output) : Map.of();
	}

	/** Done, with the remote id of what it created or changed. */
	public static ActionResult done(String externalId) {
		return new ActionResult(Status.DONE, externalId, null, null, Map.of());
	}

	/** Try again later. */
	public static ActionResult retry(String message, Duration retryAfter) {
		return new ActionResult(Status.RETRY, null, message, retryAfter, Map.of());
	}

	/** Failed for good. */
	public static ActionResult failed(String message) {
		return new ActionResult(Status.FAILED, null, message, null, Map.of());
	}

}
