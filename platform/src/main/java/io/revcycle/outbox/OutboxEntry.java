package io.revcycle.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * A message in the outbox, as the API shows it.
 *
 * @param id its id
 * @param kind which deliverer handles it
 * @param destination where it goes (for webhooks, the endpoint id)
 * @param eventId the business event's id
 * @param eventType the event type
 * @param status {@code PENDING}, {@code DELIVERED} or {@code DEAD}
 * @param attempts the attempts made so far
 * @param nextAttemptAt when it is next attempted, while pending
 * @param lastError what failed last, in words for a tenant admin, or null
 * @param createdAt when it was written
 * @param deliveredAt when it was delivered, or null
 */
record OutboxEntry(UUID id, String kind, UUID destination, UUID eventId, String eventType, String status, int attempts,
		Instant nextAttemptAt, String lastError, Instant createdAt, Instant deliveredAt) {
}
