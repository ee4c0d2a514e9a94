package io.revcycle.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.kernel.Money;

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
	 * @param id its id
	 * @param source the system that reported it
	 * @param externalId its id there
	 * @param personId the person it concerns
	 * @param type its type
	 * @param occurredAt when it happened
	 * @param actorId the tenant user who did it, or null when the event named nobody or
	 * someone who is not a user of the tenant
	 * @param campaign the key of the campaign it belongs to (the event's
	 * {@code campaign}, else {@code properties.utm_campaign}), or null
	 * @param identified whether the event named the person by email
	 * @param money the cash a payment collected or a refund gave back, or null
	 * @param references the payment references the event's properties gave
	 * ({@code charge_id}, {@code payment_intent_id}, {@code invoice_id}), for matching a
	 * refund to its payment; empty when none
	 */
	public record Activity(UUID id, String source, String externalId, UUID personId, String type, Instant occurredAt,
			UUID actorId, String campaign, boolean identified, Money money, Map<String, String> references) {

		/** The property names that reference a payment at the system that took it. */
		public static final List<String> REFERENCES = List.of("charge_id", "payment_intent_id", "invoice_id");

	}

}
