package io.revcycle.ingest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A call of the event API stored new activities (published once per call, inside its
 * transaction).
 *
 * @param tenantId the tenant
 * @param activities the activities stored, in request order
 * @param at when they were stored
 */
public record ActivitiesRecorded(UUID tenantId, List<Activity> activities, Instant at) {

	/**
	 * An activity stored.
	 *
	 * @param personId the person it concerns
	 * @param type its type
	 * @param occurredAt when it happened
	 * @param actorId the tenant user who did it, or null when the event named nobody or
	 * someone who is not a user of the tenant
	 */
	public record Activity(UUID personId, String type, Instant occurredAt, UUID actorId) {
	}

}
