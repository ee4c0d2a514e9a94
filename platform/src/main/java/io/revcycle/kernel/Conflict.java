package io.revcycle.kernel;

/**
 * A request that conflicts with the current state (a taken name, a step the lifecycle
 * does not allow from here): answered 409 with the message as the detail, which must say
 * what to do instead.
 */
public class Conflict extends RuntimeException {

	public Conflict(String message) {
		super(message);
	}

}
