package io.revcycle.cycle;

import java.time.Instant;
import java.util.UUID;

/**
 * A person entered a stage.
 *
 * @param tenantId the tenant
 * @param personId the person
 * @param stage the stage entered
 * @param from the stage left, null for a new person
 * @param at when
 * @param cause what caused it ({@code score}, {@code event:<type>},
 * {@code action:<name>}, {@code identified})
 * @param actor who: a user id, or {@code system}
 */
public record StageEntered(UUID tenantId, UUID personId, String stage, String from, Instant at, String cause,
		String actor) {
}
