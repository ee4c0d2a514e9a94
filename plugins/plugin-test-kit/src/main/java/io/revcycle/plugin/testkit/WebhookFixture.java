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

	/** How old a signature the connector still accepts. */
	default Duration tolerance() {
		return Duration.ofMinutes(5);
	}

	/**
	 * Requests that must be rejected: no signature, a signature made with another secret,
	 * a malformed signature header.
	 * @param at when they claim to be signed
	 * @return the requests
	 */
	default List<WebhookRequest> forged(Instant at) {
		return List.of();
	}

}
