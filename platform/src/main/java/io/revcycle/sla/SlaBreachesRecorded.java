package io.revcycle.sla;

import java.util.List;
import java.util.UUID;

/**
 * Steps of SLA escalation ladders ran for a tenant: published once per tenant and per
 * transaction of the SLA clock (a batch of hundreds of breaches is one event), inside
 * that transaction. Each step is in exactly one such event.
 *
 * @param tenantId the tenant
 * @param breaches the steps that ran, never empty
 */
public record SlaBreachesRecorded(UUID tenantId, List<SlaBreached> breaches) {
}
