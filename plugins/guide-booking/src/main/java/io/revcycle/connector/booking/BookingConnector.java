package io.revcycle.connector.booking;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.EventTypes;
import io.revcycle.plugin.api.Hmac;
import io.revcycle.plugin.api.Json;
import io.revcycle.plugin.api.SignatureCheck;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

/**
 * One configured instance. The booking system signs each webhook in
 * {@code Booking-Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}
 * and allows 3 minutes between signing and receipt. Its JSON body: {@code {"event":
 * "invitee.created" | "invitee.canceled", "created_at": "<ISO-8601>", "payload": {"uri":
 * <the invitee's booking>, "email", "name", "first_name", "last_name", "scheduled_event":
 * {"name", "start_time"}, "cancellation": {"reason"}}}}. Nothing is checked remotely:
 * {@code check()} keeps its default.
 */
final class BookingConnector implements Connector {

	static final String SIGNATURE_HEADER = "Booking-Webhook-Signature";

	static final Duration TOLERANCE = Duration.ofMinutes(3);

	private final ConnectorContext context;

	BookingConnector(ConnectorContext context) {
		this.context = context;
	}

	@Override
	public WebhookResult handleWebhook(WebhookRequest request) {
		SignatureCheck check = Hmac.sha256(this.context.config().require(BookingConnectorFactory.SIGNING_KEY))
			.timestamped(TOLERANCE)
			.check(request, SIGNATURE_HEADER, this.context.clock());
		if (!check.verified()) {
			return WebhookResult.reject(check.reason());
		}
		try {
			return WebhookResult.accept(events(Json.parse(request.body()), request.receivedAt()));
		}
		catch (Json.Malformed ex) {
			return WebhookResult.reject("Signed, but not a booking event: " + ex.getMessage());
		}
	}

	private List<Event> events(Json body, Instant receivedAt) {
		String action = String.valueOf(body.string("event"));
		String type = switch (action) {
			case "invitee.created" -> EventTypes.DEMO_REQUESTED;
			case "invitee.canceled" -> EventTypes.NOTE;
			default -> null;
		};
		Json invitee = body.get("payload");
		Event.Person person = (invitee.string("first_name") != null)
				? Event.Person.email(invitee.string("email"))
					.name(invitee.string("first_name"), invitee.string("last_name"))
				: Event.Person.email(invitee.string("email")).name(invitee.string("name"));
		if (type == null || invitee.string("uri") == null || !person.identified()) {
			// acknowledged, so the booking system stops retrying: nothing the engine
			// could use
			return List.of();
		}
		Json meeting = invitee.get("scheduled_event");
		return List.of(Event.of(type)
			// one invitee is booked, then maybe canceled: one id per action, the same on
			// a redelivery
			.externalId(invitee.string("uri") + "#" + action.substring("invitee.".length()))
			.at(Optional.ofNullable(body.instant("created_at")).orElse(receivedAt))
			.person(person)
			.property("meeting", meeting.string("name"))
			.property("scheduled_at", meeting.string("start_time"))
			.property("note", EventTypes.NOTE.equals(type) ? "Booking canceled" : null)
			.property("reason", invitee.get("cancellation").string("reason"))
			.build());
	}

}
