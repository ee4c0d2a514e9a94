package io.revcycle.revenue;

import java.util.Set;
import java.util.UUID;

/**
 * Campaign touches of these people were stored or moved to them (a merge), inside the
 * transaction that did it: when a person was first touched by each campaign may have
 * changed.
 *
 * @param tenantId the tenant
 * @param personIds the people
 */
public record TouchesRecorded(UUID tenantId, Set<UUID> personIds) {
}
