package io.revcycle.routing;

import java.time.Instant;
import java.util.UUID;

/**
 * A person got a new owner, or none (published inside the transaction of the change).
 *
 * @param tenantId the tenant
 * @param personId the person
 * @param ownerId the new owner, or null for none
 * @param previousOwnerId the owner before, or null
 * @param reason why: a routing rule, an SLA reassignment, a user's choice
 * @param at when
 */
public record OwnerAssigned(UUID tenantId, UUID personId, UUID ownerId, UUID previousOwnerId, String reason,
		Instant at) {
}
