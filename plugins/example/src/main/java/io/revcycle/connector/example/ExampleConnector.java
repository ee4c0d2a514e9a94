package io.revcycle.connector.example;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.EventTypes;
import io.revcycle.plugin.api.Hmac;
import io.revcycle.plugin.api.Http;
import io.revcycle.plugin.api.Json;
import io.revcycle.plugin.api.SignatureCheck;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

import static io.revcycle.connector.example.ExampleConnectorFactory.API_KEY;
import static io.revcycle.connector.example.ExampleConnectorFactory.BASE_URL;
import static io.revcycle.connector.example.ExampleConnectorFactory.SIGNING_SECRET;

/**
 * One configured instance: checks its API key, and verifies and maps Example's webhooks.
 * A webhook is signed in the header {@code X-Example-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "t.body">}; its JSON body is {@code {"id": "evt_..", "type":
 * "contact.created", "created": 1700000000, "data": {"email": ..}}}.
 */
final class ExampleConnector implements Connector {

	/** Example's event types, and what each becomes. */
	private static final Map<String, String> TYPES = Map.of("contact.created", EventTypes.CONTACT_CREATED,
			"form.submitted", EventTypes.FORM_SUBMITTED);

	private final ConnectorContext context;

	ExampleConnector(ConnectorContext context) {
		this.context = context;
	}

	@Override
	public CheckResult check() throws IOException {
		URI account = URI.create(this.context.config().require(BASE_URL) + "/v1/account");
		Http.Response response = this.context.http()
			.send(Http.Request.get(account)
				.withHeader("Authorization", "Bearer " + this.context.config().require(API_KEY)));
		return switch (response.status()) {
			case 200 -> CheckResult.ok("The API key is valid");
			case 401, 403 -> CheckResult.failed("Example refused the API key (" + response.status() + ")");
			default -> CheckResult.failed("Example answered " + response.status());
		};
	}

	@Override
	public WebhookResult handleWebhook(WebhookRequest request) {
		// over the raw body, at most 5 minutes from the clock, in constant time
		SignatureCheck check = Hmac.sha256(this.context.config().require(SIGNING_SECRET))
			.timestamped(Duration.ofMinutes(5))
			.check(request, "X-Example-Signature", this.context.clock());
		if (!check.verified()) {
			return WebhookResult.reject(check.reason());
		}
		try {
			return WebhookResult.accept(events(Json.parse(request.body()), request.receivedAt()));
		}
		catch (Json.Malformed ex) {
			return WebhookResult.reject("Signed, but not an Example event: " + ex.getMessage());
		}
	}

	private List<Event> events(Json payload, Instant receivedAt) {
		String type = TYPES.get(String.valueOf(payload.string("type")));
		Json data = payload.get("data");
		Event.Person person = Event.Person.email(data.string("email"))
			.name(data.string("first_name"), data.string("last_name"))
			.externalId(data.string("contact_id"));
		if (type == null || payload.string("id") == null || !person.identified()) {
			// acknowledged, so Example stops retrying, but nothing the engine could use
			return List.of();
		}
		BigDecimal created = payload.number("created");
		this.context.logger().log(Level.DEBUG, "Webhook {0} gives a {1} event", payload.string("id"), type);
		return List.of(Event.of(type)
			// Example's event id: a redelivery has the same, and the host stores it once
			.externalId(payload.string("id"))
			// when it happened at Example; without a time, when it reached us
			.at((created != null) ? Instant.ofEpochSecond(created.longValue()) : receivedAt)
			.person(person)
			.property("form", data.string("form"))
			.build());
	}

}
