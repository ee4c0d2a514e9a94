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
 * @param consecutiveFailures how many deliveries failed in a row (0 after a success)
 * @param failingSince when the failures in a row began, or null
 * @param circuitOpenUntil until when its messages wait after failures in a row, or null
 * @param pausedAt when it was paused for failing every delivery for days, or null
 * @param pausedReason why it was paused, or null
 */
record WebhookEndpoint(UUID id, String url, List<String> eventTypes, String description, boolean active,
		Instant createdAt, Instant updatedAt, Instant previousSecretExpiresAt, int consecutiveFailures,
		Instant failingSince, Instant circuitOpenUntil, Instant pausedAt, String pausedReason) {
}
