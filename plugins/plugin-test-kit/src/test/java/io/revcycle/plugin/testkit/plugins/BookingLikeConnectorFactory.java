package io.revcycle.plugin.testkit.plugins;

import java.time.Duration;
import java.util.List;

import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.EventTypes;
import io.revcycle.plugin.api.Hmac;
import io.revcycle.plugin.api.Json;
import io.revcycle.plugin.api.SignatureCheck;
import io.revcycle.plugin.api.TimestampedSignature;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

/**
 * A booking system's signed webhooks, written with the 1.1 API only (builders,
 * {@link Hmac}, {@link Json}, the default check), whose tolerance and external ids a
 * configuration sets, so the contract suite can be shown what it catches: the tolerance
 * is {@code toleranceSeconds}, and {@code idScheme=resource} gives a booking's creation
 * and cancellation the same external id.
 */
public class BookingLikeConnectorFactory implements ConnectorFactory {

	public static final String HEADER = "X-Booking-Signature";

	@Override
	public ConnectorDescriptor descriptor() {
		return ConnectorDescriptor.of("booking-like", "Booking-like")
			.category(ConnectorDescriptor.Category.SCHEDULING)
			.description("A booking system's webhooks, for the test kit's tests")
			.produces(EventTypes.DEMO_REQUESTED, EventTypes.NOTE)
			.build();
	}

	@Override
	public ConfigSpec configSpec() {
		return ConfigSpec.of(
				ConfigField.string("signingKey").asRequired().asSecret().withDescription("The webhook signing key"),
				ConfigField.integer("toleranceSeconds")
					.withDefault("180")
					.withDescription("How old a signature may be"),
				ConfigField.oneOf("idScheme", "action", "resource")
					.withDefault("action")
					.withDescription("What an event's external id names"));
	}

	@Override
	public Connector create(ConnectorContext context) {
		Duration tolerance = Duration.ofSeconds(context.config().integer("toleranceSeconds", 180));
		boolean perAction = "action".equals(context.config().require("idScheme"));
		TimestampedSignature signature = Hmac.sha256(context.config().require("signingKey")).timestamped(tolerance);
		return new Connector() {

			@Override
			public WebhookResult handleWebhook(WebhookRequest request) {
				SignatureCheck check = signature.check(request, HEADER, context.clock());
				if (!check.verified()) {
					return WebhookResult.reject(check.reason());
				}
				Json body = Json.parse(request.body());
				String type = switch (String.valueOf(body.string("event"))) {
					case "invitee.created" -> EventTypes.DEMO_REQUESTED;
					case "invitee.canceled" -> EventTypes.NOTE;
					default -> null;
				};
				if (type == null) {
					return WebhookResult.accept(List.of());
				}
				Json invitee = body.get("payload");
				String id = invitee.string("uri") + (perAction ? "#" + body.string("event") : "");
				return WebhookResult.accept(List.of(Event.of(type)
					.externalId(id)
					.at(body.instant("created_at"))
					.person(Event.Person.email(invitee.string("email")).name(invitee.string("name")))
					.build()));
			}

		};
	}

}
