package io.revcycle.plugin.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a connector made of a webhook: events to store, or a refusal.
 *
 * @param outcome accepted, rejected or throttled
 * @param events the events to store (accepted only)
 * @param reason why it was refused, for the sender and the log; never a secret
 * @param retryAfter when a throttled sender may try again, or null
 * @param reply the answer the sender gets once the events are stored, or null for the
 * host's JSON answer ({@code {"accepted": n, "duplicates": m}})
 */
public record WebhookResult(Outcome outcome, List<Event> events, String reason, Duration retryAfter, Reply reply) {

	/** What becomes of a webhook. */
	public enum Outcome {

		/** Verified: store the events, answer 2xx (or the reply). */
		ACCEPTED,
		/** Not verified or malformed (bad or stale signature): store nothing, 400. */
		REJECTED,
		/** Too many requests (a form's rate limit): store nothing, 429. */
		THROTTLED

	}

	public WebhookResult {
		Objects.requireNonNull(outcome, "outcome");
		events = (events != null) ? List.copyOf(events) : List.of();
	}

	/** Store these events and answer with the host's JSON. */
	public static WebhookResult accept(List<Event> events) {
		return new WebhookResult(Outcome.ACCEPTED, events, null, null, null);
	}

	/** Store these events, then give the sender this answer. */
	public static WebhookResult accept(List<Event> events, Reply reply) {
		return new WebhookResult(Outcome.ACCEPTED, events, null, null, reply);
	}

	/** Refuse the webhook (400) and store nothing. */
	public static WebhookResult reject(String reason) {
		return new WebhookResult(Outcome.REJECTED, List.of(), reason, null, null);
	}

	/** Refuse the webhook for now (429 with Retry-After) and store nothing. */
	public static WebhookResult throttle(String reason, Duration retryAfter) {
		return new WebhookResult(Outcome.THROTTLED, List.of(), reason, retryAfter, null);
	}

	/**
	 * An answer of the connector's choosing.
	 *
	 * @param status the status
	 * @param contentType the body's content type, or null
	 * @param body the body, or null
	 * @param headers more headers (such as {@code Location})
	 */
	public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

		public Reply {
			headers = (headers != null) ? Map.copyOf(headers) : Map.of();
		}

		/** A 303 to the given address (a form's thank-you page). */
		public static Reply redirect(URI location) {
			return new Reply(303, null, null, Map.of("Location", location.toString()));
		}

		/** A JSON answer. */
		public static Reply json(int status, String json) {
			return new Reply(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
		}

	}

}
