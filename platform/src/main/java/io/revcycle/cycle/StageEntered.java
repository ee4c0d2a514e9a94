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
 * @param batched whether the move was also published in a {@link StageMoves} (as the
 * cycle publishes every move): a listener that takes the moves of a {@code StageMoves}
 * whole skips these, and still handles a move published on its own
 */
public record StageEntered(UUID tenantId, UUID personId, String stage, String from, Instant at, String cause,
		String actor, boolean batched) {

	/**
	 * A move published on its own, in no {@link StageMoves}.
	 * @param tenantId the tenant
	 * @param personId the person
	 * @param stage the stage entered
	 * @param from the stage left
	 * @param at when
	 * @param cause what caused it
	 * @param actor who
	 */
	public StageEntered(UUID tenantId, UUID personId, String stage, String from, Instant at, String cause,
			String actor) {
		this(tenantId, personId, stage, from, at, cause, actor, false);
	}

}
