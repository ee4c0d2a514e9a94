package io.revcycle.ingest;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A call of the event API stored new activities (published once per call, inside its
 * transaction).
 *
 * @param tenantId the tenant
 * @param typesByPerson the activity types stored, per person
 * @param at when they were stored
 */
public record ActivitiesRecorded(UUID tenantId, Map<UUID, Set<String>> typesByPerson, Instant at) {
}
