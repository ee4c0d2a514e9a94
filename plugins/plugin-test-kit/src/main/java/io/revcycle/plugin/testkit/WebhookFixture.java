package io.revcycle.plugin.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.revcycle.plugin.api.WebhookRequest;

/**
 * Webhooks as the remote system sends them to an instance configured with
 * {@link ConnectorContract#validConfig()}. The suite replaces each request's
 * {@link WebhookRequest#receivedAt()} with the host's clock.
 */
public interface WebhookFixture {

	/**
	 * A webhook the remote system signed at this instant with the secret of the valid
	 * configuration, whose payload maps to at least one event. The same instant gives the
	 * same request (a redelivery).
	 * @param at when it was signed
	 * @return the request, with its headers and raw body
	 */
	WebhookRequest signed(Instant at);

	/**
	 * Whether the signature covers the body and a timestamp, so a changed body or an old
	 * signature must be rejected.
	 */
	default boolean verifiesBody() {
		return true;
	}

	/**
	 * How old a signature the connector still accepts: the suite sends one a second
	 * younger (which must be accepted) and one a second older (which must be rejected),
	 * so this must be the connector's own tolerance.
	 */
	default Duration tolerance() {
		return Duration.ofMinutes(5);
	}

	/**
	 * Requests that must be rejected: no signature, a signature made with another secret,
	 * a malformed signature header. A connector that takes webhooks gives at least one;
	 * the suite fails an empty list.
	 * @param at when they claim to be signed
	 * @return the requests
	 */
	default List<WebhookRequest> forged(Instant at) {
		return List.of();
	}

	/**
	 * Webhooks of different actions on one remote resource, in the order the remote
	 * system sends them (a booking created, then canceled; a contact created, then
	 * changed), each signed at this instant and each mapping to at least one event. The
	 * suite requires at least two, and fails when two of their events share an external
	 * id: the host would store the first and drop the later action as a duplicate.
	 * @param at when they were signed
	 * @return the requests
	 */
	default List<WebhookRequest> lifecycle(Instant at) {
		return List.of();
	}

}
