package io.revcycle.connector.example;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.EventTypes;
import io.revcycle.plugin.api.Http;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

/**
 * One configured instance: checks its API key, and verifies and maps Example's webhooks.
 * A webhook is signed in the header {@code X-Example-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "t.body">}; its JSON body is {@code {"id": "evt_..", "type":
 * "contact.created", "created": 1700000000, "data": {"email": ..}}}.
 */
final class ExampleConnector implements Connector {

	static final String SIGNATURE_HEADER = "X-Example-Signature";

	static final Duration TOLERANCE = Duration.ofMinutes(5);

	private static final ObjectMapper JSON = new ObjectMapper();

	private final ConnectorContext context;

	ExampleConnector(ConnectorContext context) {
		this.context = context;
	}

	@Override
	public CheckResult check() throws IOException {
		URI account = URI.create(this.context.config().require(ExampleConnectorFactory.BASE_URL) + "/v1/account");
		Http.Response response = this.context.http()
			.send(Http.Request.get(account)
				.withHeader("Authorization",
						"Bearer " + this.context.config().require(ExampleConnectorFactory.API_KEY)));
		return switch (response.status()) {
			case 200 -> CheckResult.ok("The API key is valid");
			case 401, 403 -> CheckResult.failed("Example refused the API key (" + response.status() + ")");
			default -> CheckResult.failed("Example answered " + response.status());
		};
	}

	@Override
	public WebhookResult handleWebhook(WebhookRequest request) {
		String refusal = verify(request);
		if (refusal != null) {
			return WebhookResult.reject(refusal);
		}
		JsonNode payload;
		try {
			payload = JSON.readTree(request.body());
		}
		catch (IOException ex) {
			return WebhookResult.reject("the body is not JSON");
		}
		String type = switch (payload.path("type").asText()) {
			case "contact.created" -> EventTypes.CONTACT_CREATED;
			case "form.submitted" -> EventTypes.FORM_SUBMITTED;
			default -> null;
		};
		if (type == null || payload.path("id").asText().isBlank()) {
			// acknowledged, so Example stops retrying, but nothing to store
			return WebhookResult.accept(List.of());
		}
		JsonNode data = payload.path("data");
		Event.Person person = new Event.Person(data.path("email").asText(null), data.path("first_name").asText(null),
				data.path("last_name").asText(null), null, null, null, data.path("contact_id").asText(null));
		// Example's event id: a redelivery gives the same id, and the host stores it once
		Event event = Event.of(type, Instant.ofEpochSecond(payload.path("created").asLong()),
				payload.path("id").asText(), person);
		this.context.logger().log(Level.DEBUG, "Webhook {0} gave a {1} event", event.externalId(), type);
		return WebhookResult.accept(List.of(event));
	}

	/** Why the request is not Example's, or null when it is. */
	private String verify(WebhookRequest request) {
		String timestamp = null;
		String signature = null;
		for (String part : request.header(SIGNATURE_HEADER).orElse("").split(",")) {
			if (part.startsWith("t=")) {
				timestamp = part.substring(2);
			}
			else if (part.startsWith("v1=")) {
				signature = part.substring(3);
			}
		}
		if (timestamp == null || signature == null || !timestamp.matches("\\d{1,12}")) {
			return "missing or malformed " + SIGNATURE_HEADER + " header";
		}
		Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
		if (Duration.between(signedAt, this.context.clock().instant()).abs().compareTo(TOLERANCE) > 0) {
			return "the signature is older than " + TOLERANCE.toMinutes() + " minutes";
		}
		byte[] expected = HexFormat.of()
			.formatHex(hmacSha256(this.context.config().require(ExampleConnectorFactory.SIGNING_SECRET),
					timestamp + "." + request.bodyText()))
			.getBytes(StandardCharsets.US_ASCII);
		// constant time, so the answer's timing tells nothing of the expected signature
		return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII)) ? null
				: "the signature does not match";
	}

	private static byte[] hmacSha256(String secret, String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", ex);
		}
	}

}
