package io.revcycle.connector.booking;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;
import io.revcycle.plugin.testkit.ConnectorContract;
import io.revcycle.plugin.testkit.PluginJar;
import io.revcycle.plugin.testkit.Signatures;
import io.revcycle.plugin.testkit.TestHost;
import io.revcycle.plugin.testkit.WebhookFixture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The booking connector against the contract every connector passes, and what its
 * webhooks become.
 */
class BookingConnectorContractTests extends ConnectorContract {

	static final String KEY = "bk_live_7Qm2xLp9Vd4sRt8W";

	static final String INVITEE = "https://api.booking.example/scheduled_events/EV7/invitees/INV42";

	@Override
	protected Path pluginJar(Path tempDir) throws Exception {
		return PluginJar.fromClasses(Path.of("target/classes"), tempDir);
	}

	@Override
	protected Map<String, String> validConfig() {
		return Map.of("signingKey", KEY);
	}

	@Override
	protected Map<String, Map<String, String>> invalidConfigs() {
		return Map.of("signingKey", Map.of("signingKey", "short"));
	}

	@Override
	protected Optional<WebhookFixture> webhooks() {
		return Optional.of(new WebhookFixture() {

			@Override
			public WebhookRequest signed(Instant at) {
				return webhook(booking("invitee.created", at), at, KEY);
			}

			@Override
			public Duration tolerance() {
				return Duration.ofMinutes(3);
			}

			@Override
			public List<WebhookRequest> lifecycle(Instant at) {
				return List.of(webhook(booking("invitee.created", at), at, KEY),
						webhook(booking("invitee.canceled", at), at, KEY));
			}

			@Override
			public List<WebhookRequest> forged(Instant at) {
				String body = booking("invitee.created", at);
				// no signature, another key's, and this key's over another body
				return List.of(webhook(body, at, null), webhook(body, at, "bk_live_someoneElsesKey1"),
						webhook(body, "{}", at, KEY));
			}

		});
	}

	@Test
	void aBookingIsADemoRequestAndItsCancellationANoteOfTheSameInvitee() {
		TestHost.Instance instance = host().instance(validConfig());
		Instant at = Instant.parse("2026-11-24T10:00:00Z");
		host().clock().set(at.plusSeconds(20));

		Event booked = single(instance.handleWebhook(webhook(booking("invitee.created", at), at, KEY)));
		Event canceled = single(instance.handleWebhook(webhook(booking("invitee.canceled", at), at, KEY)));

		assertThat(booked.type()).isEqualTo("demo_requested");
		assertThat(booked.externalId()).isEqualTo(INVITEE + "#created");
		assertThat(booked.occurredAt()).isEqualTo(at);
		assertThat(booked.person()).extracting("email", "firstName", "lastName")
			.containsExactly("ada@example.com", "Ada", "Lovelace");
		assertThat(booked.properties()).containsEntry("meeting", "Product demo")
			.containsEntry("scheduled_at", "2026-11-30T15:00:00.000000Z")
			.doesNotContainKey("note");
		assertThat(canceled.type()).isEqualTo("note");
		assertThat(canceled.externalId()).isEqualTo(INVITEE + "#canceled");
		assertThat(canceled.properties()).containsEntry("note", "Booking canceled").containsEntry("reason", "Conflict");
	}

	@Test
	void aNameInOneFieldIsSplitAndAPayloadWithoutATimeHappenedWhenReceived() {
		TestHost.Instance instance = host().instance(validConfig());
		Instant at = host().clock().instant();
		String body = """
				{"event":"invitee.created","payload":{"uri":"%s","email":"grace@example.com",\
				"name":"Grace Brewster Hopper","first_name":null,"last_name":null}}""".formatted(INVITEE);
		WebhookRequest request = webhook(body, at, KEY);

		Event event = single(instance.handleWebhook(request));

		assertThat(event.person()).extracting("firstName", "lastName").containsExactly("Grace", "Brewster Hopper");
		assertThat(event.occurredAt()).isEqualTo(request.receivedAt());
	}

	@Test
	void otherEventsAndInviteesWithoutEmailAreAcknowledgedWithoutEvents() {
		TestHost.Instance instance = host().instance(validConfig());
		Instant at = host().clock().instant();
		String routing = "{\"event\":\"routing_form_submission.created\",\"payload\":{\"uri\":\"x\"}}";
		String anonymous = "{\"event\":\"invitee.created\",\"payload\":{\"uri\":\"" + INVITEE + "\",\"name\":\"Ada\"}}";

		for (String body : List.of(routing, anonymous)) {
			WebhookResult result = instance.handleWebhook(webhook(body, at, KEY));
			assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
			assertThat(result.events()).isEmpty();
		}
		WebhookResult garbage = instance.handleWebhook(webhook("{\"event\":", at, KEY));
		assertThat(garbage.outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
		assertThat(garbage.reason()).startsWith("Signed, but not a booking event");
	}

	private static Event single(WebhookResult result) {
		assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(WebhookResult.Outcome.ACCEPTED);
		assertThat(result.events()).hasSize(1);
		return result.events().get(0);
	}

	static String booking(String event, Instant at) {
		return """
				{"event":"%s","created_at":"%s","payload":{"uri":"%s","email":"ada@example.com",\
				"name":"Ada Lovelace","first_name":"Ada","last_name":"Lovelace",\
				"scheduled_event":{"name":"Product demo","start_time":"2026-11-30T15:00:00.000000Z"},\
				"cancellation":%s}}""".formatted(event, at, INVITEE,
				event.equals("invitee.canceled") ? "{\"reason\":\"Conflict\"}" : "null");
	}

	static WebhookRequest webhook(String body, Instant at, String key) {
		return webhook(body, body, at, key);
	}

	static WebhookRequest webhook(String body, String signedBody, Instant at, String key) {
		Map<String, List<String>> headers = (key != null)
				? Map.of("Content-Type", List.of("application/json"), "Booking-Webhook-Signature",
						List.of(Signatures.revcycle(key, at, signedBody)))
				: Map.of("Content-Type", List.of("application/json"));
		return new WebhookRequest("POST", URI.create("https://revcycle.example/hooks/acme/booking-1"), headers,
				body.getBytes(StandardCharsets.UTF_8), "198.51.100.7", Instant.now());
	}

}
