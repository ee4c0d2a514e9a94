package io.revcycle.people;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * People were created or updated by an import (published once per stored chunk, inside
 * its transaction): scoring rescores them and moves them through the cycle there.
 *
 * @param tenantId the tenant
 * @param personIds the people of the chunk
 * @param at when
 */
public record PeopleImported(UUID tenantId, List<UUID> personIds, Instant at) {
}
