package io.revcycle.outbox;

import java.time.Duration;

/**
 * Delivers one kind of outbox message. Called outside any transaction, inside the
 * message's tenant; must not throw for a failed delivery but say so in the result.
 */
public interface Deliverer {

	/** The kind of message this deliverer handles. */
	String kind();

	/**
	 * Attempts one delivery.
	 * @return whether it was delivered, and if not, why
	 */
	Result deliver(OutboxMessage message);

	/**
	 * The outcome of an attempt.
	 *
	 * @param delivered whether the destination accepted it
	 * @param error why not, or null
	 * @param permanent whether a failure will never pass (the destination refused the
	 * message itself): dead-lettered at once
	 * @param retryAfter the earliest next attempt the destination asked for, or null for
	 * the outbox's backoff
	 * @param attempted false when nothing was sent (the destination is held back, for
	 * example by a circuit breaker): the message waits {@code retryAfter} and the attempt
	 * does not count towards dead-lettering
	 */
	record Result(boolean delivered, String error, boolean permanent, Duration retryAfter, boolean attempted) {

		public static Result ok() {
			return new Result(true, null, false, null, true);
		}

		/** A failure that may pass: retried with backoff. */
		public static Result failed(String error) {
			return new Result(false, error, false, null, true);
		}

		/** A failure that may pass, retried no earlier than the destination asked. */
		public static Result retryAfter(String error, Duration after) {
			return new Result(false, error, false, after, true);
		}

		/** A failure that will not pass: dead-lettered at once. */
		public static Result refused(String error) {
			return new Result(false, error, true, null, true);
		}

		/**
		 * Nothing was sent: the message waits this long, and the attempt does not count.
		 */
		public static Result notAttempted(String why, Duration wait) {
			return new Result(false, why, false, wait, false);
		}

	}

}
