package io.revcycle.cycle;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * People moved through the cycle: every move one call recorded, in order, published once
 * before the {@link StageExited} and {@link StageEntered} of each move, inside the
 * caller's transaction. A listener that keeps a row per move writes them all in one
 * statement.
 *
 * @param tenantId the tenant
 * @param moves the moves, in the order they were made (a person may move more than once)
 */
public record StageMoves(UUID tenantId, List<Moved> moves) {

	/**
	 * One move.
	 *
	 * @param personId the person
	 * @param ownerId the person's owner when it moved, or null
	 * @param from the stage left, or null for a person's first stage
	 * @param to the stage entered
	 * @param at when
	 * @param cause what caused it
	 * @param actor who
	 * @param reason why, when a user or a rule gave a reason
	 */
	public record Moved(UUID personId, UUID ownerId, String from, String to, Instant at, String cause, String actor,
			String reason) {
	}

}
