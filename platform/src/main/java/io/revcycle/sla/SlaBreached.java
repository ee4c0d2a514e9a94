package io.revcycle.sla;

import java.time.Instant;
import java.util.UUID;

/**
 * A step of an SLA's escalation ladder ran. Published inside {@link SlaBreachesRecorded},
 * with the other steps of the same tenant that ran in the same transaction.
 *
 * @param tenantId the tenant
 * @param breachId the breach record
 * @param personId the person
 * @param stage the stage whose SLA was breached
 * @param step the step of the ladder, from 0
 * @param action what the step did
 * @param dueAt when the SLA was due
 * @param at when the step ran
 */
public record SlaBreached(UUID tenantId, UUID breachId, UUID personId, String stage, int step, String action,
		Instant dueAt, Instant at) {
}
