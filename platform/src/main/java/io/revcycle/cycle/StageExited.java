package io.revcycle.cycle;

import java.time.Instant;
import java.util.UUID;

/**
 * A person left a stage.
 *
 * @param tenantId the tenant
 * @param personId the person
 * @param stage the stage left
 * @param to the stage entered instead
 * @param at when
 * @param cause what caused it
 * @param actor who: a user id, or {@code system}
 */
public record StageExited(UUID tenantId, UUID personId, String stage, String to, Instant at, String cause,
		String actor) {
}
