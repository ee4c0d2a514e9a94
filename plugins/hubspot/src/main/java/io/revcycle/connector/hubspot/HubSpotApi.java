package io.revcycle.connector.hubspot;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.revcycle.plugin.api.Http;

/**
 * The HubSpot REST API as the connector uses it: JSON over the host's HTTP client, the
 * access token as a bearer token, and HubSpot's error bodies read into a {@link Reply}.
 */
final class HubSpotApi {

	static final ObjectMapper JSON = new ObjectMapper();

	/**
	 * HubSpot's error messages can be long (a list of every invalid property): cut them.
	 */
	private static final int MESSAGE_LIMIT = 500;

	private final Http http;

	private final HubSpotSettings settings;

	HubSpotApi(Http http, HubSpotSettings settings) {
		this.http = http;
		this.settings = settings;
	}

	/** A GET of a path (with its query) under the API base. */
	Reply get(String pathAndQuery) throws IOException {
		return send(Http.Request.get(this.settings.api(pathAndQuery)));
	}

	/** A POST of a JSON body to a path under the API base. */
	Reply post(String path, Object body) throws IOException {
		String json;
		try {
			json = JSON.writeValueAsString(body);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Cannot write the request body as JSON", ex);
		}
		return send(Http.Request.post(this.settings.api(path), "application/json", json));
	}

	/**
	 * A POST that waits out HubSpot's short rate limits inside the call: after a 429 it
	 * is sent again, at most {@link HubSpotSettings#rateLimitRetries()} times, after the
	 * {@code Retry-After} HubSpot gives (else the configured wait), as long as that wait
	 * is no longer than {@link HubSpotSettings#rateLimitWait()}. The daily limit is not
	 * waited for.
	 * @return the last reply: a 429 when the limit lasted
	 * @throws java.io.InterruptedIOException when interrupted while waiting (the host's
	 * timeout)
	 */
	Reply postPatiently(String path, Object body) throws IOException {
		for (int attempt = 0;; attempt++) {
			Reply reply = post(path, body);
			if (reply.status() != 429 || reply.dailyLimit() || attempt >= this.settings.rateLimitRetries()) {
				return reply;
			}
			Duration wait = reply.retryAfter().orElse(this.settings.rateLimitWait());
			if (wait.compareTo(this.settings.rateLimitWait()) > 0) {
				return reply;
			}
			try {
				Thread.sleep(wait.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("Interrupted while waiting for HubSpot's rate limit");
			}
		}
	}

	private Reply send(Http.Request request) throws IOException {
		Http.Response response = this.http
			.send(request.withHeader("Authorization", "Bearer " + this.settings.accessToken())
				.withHeader("Accept", "application/json"));
		return Reply.of(response);
	}

	/** Reads a JSON document, or a missing node when the text is not JSON. */
	static JsonNode parse(byte[] body) {
		if (body == null || body.length == 0) {
			return MissingNode.getInstance();
		}
		try {
			JsonNode node = JSON.readTree(body);
			return (node != null) ? node : MissingNode.getInstance();
		}
		catch (IOException ex) {
			return MissingNode.getInstance();
		}
	}

	/**
	 * An answer of the HubSpot API.
	 *
	 * @param status the HTTP status
	 * @param body the JSON body, or a missing node
	 * @param retryAfter the {@code Retry-After} header, when it gives seconds
	 */
	record Reply(int status, JsonNode body, Optional<Duration> retryAfter) {

		static Reply of(Http.Response response) {
			Optional<Duration> retryAfter = response.header("Retry-After").flatMap(Reply::seconds);
			return new Reply(response.status(), parse(response.body()), retryAfter);
		}

		private static Optional<Duration> seconds(String value) {
			try {
				long seconds = Long.parseLong(value.trim());
				return (seconds >= 0) ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
			}
			catch (NumberFormatException ex) {
				// an HTTP date: HubSpot sends seconds, so treat it as absent
				return Optional.empty();
			}
		}

		boolean ok() {
			return this.status >= 200 && this.status < 300;
		}

		/** HubSpot's {@code category} of an error ({@code VALIDATION_ERROR}), or "". */
		String category() {
			return this.body.path("category").asText("");
		}

		/**
		 * The rate limit a 429 hit ({@code TEN_SECONDLY_ROLLING}, {@code DAILY}), or "".
		 */
		String policyName() {
			return this.body.path("policyName").asText("");
		}

		/**
		 * Whether a 429 is HubSpot's daily limit, which lasts until the account's
		 * midnight.
		 */
		boolean dailyLimit() {
			return this.status == 429 && "DAILY".equalsIgnoreCase(policyName());
		}

		/**
		 * When to try a rate-limited request again: HubSpot's {@code Retry-After}, else
		 * the window of the limit it hit (a second, ten seconds; an hour for the daily
		 * limit, whose reset time depends on the account's time zone).
		 */
		Duration suggestedWait() {
			if (this.retryAfter.isPresent()) {
				return this.retryAfter.get();
			}
			return switch (policyName().toUpperCase(java.util.Locale.ROOT)) {
				case "DAILY" -> Duration.ofHours(1);
				case "SECONDLY" -> Duration.ofSeconds(1);
				default -> Duration.ofSeconds(10);
			};
		}

		/**
		 * HubSpot's own words for an error: its {@code message} and the messages of its
		 * {@code errors}, or the status when the body says nothing.
		 */
		String message() {
			List<String> parts = new ArrayList<>();
			String message = this.body.path("message").asText("");
			if (!message.isBlank()) {
				parts.add(message);
			}
			for (JsonNode error : this.body.path("errors")) {
				String detail = error.path("message").asText("");
				if (!detail.isBlank() && !parts.contains(detail)) {
					parts.add(detail);
				}
			}
			String text = parts.isEmpty() ? "HTTP " + this.status : String.join("; ", parts);
			return (text.length() > MESSAGE_LIMIT) ? text.substring(0, MESSAGE_LIMIT) + "..." : text;
		}

		@Override
		public String toString() {
			return "HTTP " + this.status + ": " + message();
		}

	}

}
