package io.revcycle.tenancy;

import java.time.Instant;
import java.util.UUID;

/**
 * A user left a tenant: a tenant admin deactivated the membership. Published in the
 * transaction that deactivates it, so a listener's changes (routing, reassigned work)
 * commit or roll back with it. The user keeps its id; the row stays for history.
 *
 * @param tenantId the tenant
 * @param userId the user
 * @param at when
 */
public record MemberDeactivated(UUID tenantId, UUID userId, Instant at) {
}
