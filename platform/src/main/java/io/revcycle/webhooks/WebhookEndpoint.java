package io.revcycle.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's webhook endpoint, without its signing secrets.
 *
 * @param id its id
 * @param url where deliveries are POSTed
 * @param eventTypes the event types it subscribes to
 * @param description the tenant's note, or null
 * @param active whether it receives deliveries; a disabled endpoint receives nothing
 * @param createdAt when it was created
 * @param updatedAt when it was last changed (its creation until then)
 * @param previousSecretExpiresAt until when deliveries are signed with the secret before
 * the last rotation too, or null when they are signed with the current one only
 */
record WebhookEndpoint(UUID id, String url, List<String> eventTypes, String description, boolean active,
		Instant createdAt, Instant updatedAt, Instant previousSecretExpiresAt) {
}
