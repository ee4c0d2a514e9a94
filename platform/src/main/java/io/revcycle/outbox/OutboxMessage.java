package io.revcycle.outbox;

import java.util.UUID;

/**
 * A message in the outbox, as a deliverer receives it.
 *
 * @param tenantId the tenant
 * @param id the message id
 * @param kind which deliverer handles it
 * @param destination where it goes, as the deliverer understands it (for webhooks, the
 * endpoint id)
 * @param eventId the business event's id, the same for every destination: receivers
 * de-duplicate by it
 * @param eventType the event type
 * @param payload the JSON payload
 * @param attempt the number of this attempt, from 1
 */
public record OutboxMessage(UUID tenantId, UUID id, String kind, UUID destination, UUID eventId, String eventType,
		String payload, int attempt) {
}
