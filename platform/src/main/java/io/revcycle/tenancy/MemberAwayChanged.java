package io.revcycle.tenancy;

import java.time.Instant;
import java.util.UUID;

/**
 * A user of a tenant was marked away, or back. Published in the transaction of the
 * change, only when the flag changes.
 *
 * @param tenantId the tenant
 * @param userId the user
 * @param away whether the user is away now
 * @param at when
 */
public record MemberAwayChanged(UUID tenantId, UUID userId, boolean away, Instant at) {
}
