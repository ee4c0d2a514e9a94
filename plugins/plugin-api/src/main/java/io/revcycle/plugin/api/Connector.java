package io.revcycle.plugin.api;

import java.io.IOException;

/**
 * One configured connector instance of one tenant. Every call runs with a timeout and
 * behind a circuit breaker: a call that throws or hangs marks the instance unhealthy and
 * affects no other instance or tenant. Methods a connector does not support keep their
 * default: {@link #check()} answers that there is nothing to check, the others throw
 * {@link UnsupportedOperationException}; the descriptor must agree (it declares the
 * events it produces and the actions it accepts).
 * <p>
 * Since 1.1.0 every method has a default, so a {@code Connector} is no longer written as
 * a lambda (in 1.0.0 {@code check()} was its one abstract method); a connector compiled
 * against 1.0.0 with a lambda still links and runs.
 */
public interface Connector extends AutoCloseable {

	/**
	 * Whether the remote system can be reached with this configuration (credentials
	 * valid, account reachable). Called before an instance is saved and on demand. A
	 * connector with nothing to reach (webhooks verified by a secret only the sender can
	 * prove) keeps the default, which answers ok with the message
	 * {@code Nothing to check: this connector reaches no remote system}. Abstract in
	 * 1.0.0, a default since 1.1.0.
	 * @return the outcome; its message must never contain a secret
	 * @throws IOException when the remote system could not be reached at all
	 */
	default CheckResult check() throws IOException {
		return CheckResult.ok("Nothing to check: this connector reaches no remote system");
	}

	/**
	 * Handles a webhook the remote system sent to {@code POST
	 * /hooks/{tenantSlug}/{connectorInstanceId}}. The connector verifies the request's
	 * signature over the raw body and its age, then maps the payload to normalized
	 * events. It must not do network I/O: the host's HTTP client refuses calls made while
	 * a webhook is handled. The host stores the returned events (each de-duplicated by
	 * its {@link Event#externalId()}) before it answers the sender with a 2xx, so the
	 * remote system retries whatever was not stored.
	 * @param request the request as received, with its raw body
	 * @return the events, or a refusal (nothing is stored)
	 */
	default WebhookResult handleWebhook(WebhookRequest request) {
		throw new UnsupportedOperationException("This connector takes no webhooks");
	}

	/**
	 * Reads what changed in the remote system since {@code cursor}. The host calls it on
	 * a schedule, stores the events and only then commits
	 * {@link PollResult#nextCursor()}, so a poll that fails half way is simply repeated
	 * from the same cursor: return the same events for the same cursor, with stable
	 * {@link Event#externalId()}s.
	 * @param cursor the committed cursor, or null for the first poll
	 * @return the events and the cursor to continue from
	 * @throws IOException when the remote system could not be read (the cursor stays)
	 */
	default PollResult poll(String cursor) throws IOException {
		throw new UnsupportedOperationException("This connector does not poll");
	}

	/**
	 * Performs an outbound action the descriptor declares (send an email, upsert a
	 * contact). The host delivers actions through its outbox: an action is retried after
	 * {@link ActionResult#retry(String, java.time.Duration)} or an exception, so
	 * performing the same {@link Action#idempotencyKey()} twice must have the effect of
	 * once (pass the key to the remote system, or derive the remote id from it).
	 * @param action the action
	 * @return the outcome
	 * @throws IOException when the remote system could not be reached (retried)
	 */
	default ActionResult perform(Action action) throws IOException {
		throw new UnsupportedOperationException("This connector performs no actions");
	}

	/** Releases what the connector holds; called once, never concurrently with a call. */
	@Override
	default void close() {
	}

}
