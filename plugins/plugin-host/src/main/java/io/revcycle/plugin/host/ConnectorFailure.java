package io.revcycle.plugin.host;

import java.util.Objects;

/**
 * A call of a connector that did not return an answer. The message names the connector,
 * the instance and the call, and never contains a secret of the instance's configuration.
 * The cause, when there is one, is a masked copy of what the plugin threw (class name,
 * message, stack trace), never the plugin's own exception object.
 */
public class ConnectorFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** Why the call failed. */
	public enum Kind {

		/** The call took longer than the policy's timeout; its thread was interrupted. */
		TIMEOUT,
		/** The connector threw, returned nothing, or could not be created. */
		ERROR,
		/** The circuit is open after consecutive failures: the call was not made. */
		CIRCUIT_OPEN,
		/**
		 * Every call slot of the instance is taken by calls that have not returned: the
		 * call was not made.
		 */
		BUSY,
		/**
		 * The connector does not offer this call (its default method threw
		 * {@link UnsupportedOperationException}, or the action is not declared). Not
		 * counted as a failure of the instance.
		 */
		UNSUPPORTED

	}

	private final Kind kind;

	public ConnectorFailure(Kind kind, String message, Throwable cause) {
		super(message, cause);
		this.kind = Objects.requireNonNull(kind, "kind");
	}

	public ConnectorFailure(Kind kind, String message) {
		this(kind, message, null);
	}

	/** Why the call failed. */
	public Kind kind() {
		return this.kind;
	}

	/** Whether this failure counts against the instance's health and circuit. */
	public boolean countsAsFailure() {
		return this.kind == Kind.TIMEOUT || this.kind == Kind.ERROR;
	}

}
