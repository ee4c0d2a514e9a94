package io.revcycle.outbox;

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
	 */
	record Result(boolean delivered, String error) {

		public static Result ok() {
			return new Result(true, null);
		}

		public static Result failed(String error) {
			return new Result(false, error);
		}

	}

}
