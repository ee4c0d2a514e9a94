package io.revcycle.people;

import java.util.Map;
import java.util.UUID;

/**
 * Anonymous visitors turned out to be known people and are merged into them (published
 * inside the ingest transaction, before the visitors are removed): features that keep
 * rows per person move the visitors' rows to the person they became.
 *
 * @param tenantId the tenant
 * @param into for each visitor merged away, the person it became
 */
public record PeopleMerged(UUID tenantId, Map<UUID, UUID> into) {
}
