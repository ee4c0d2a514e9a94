package io.revcycle.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small JSON-over-HTTP client for system tests: real HTTP against a running platform or
 * gateway.
 */
public final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String baseUrl;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	public ApiClient(String baseUrl) {
		this.baseUrl = baseUrl.replaceAll("/+$", "");
	}

	/** The headers of a bearer token. */
	public static String[] bearer(String token) {
		return new String[] { "Authorization", "Bearer " + token };
	}

	/** The header of an API key. */
	public static String[] apiKey(String key) {
		return new String[] { "X-Api-Key", key };
	}

	public Response get(String path, String... headers) {
		return send("GET", path, null, null, headers);
	}

	public Response delete(String path, String... headers) {
		return send("DELETE", path, null, null, headers);
	}

	/** POSTs a value serialized as JSON (a String is sent as it is). */
	public Response post(String path, Object body, String... headers) {
		String raw = (body instanceof String text) ? text : JSON.writeValueAsString(body);
		return send("POST", path, raw, "application/json", headers);
	}

	/** PUTs a value serialized as JSON (a String is sent as it is). */
	public Response put(String path, Object body, String... headers) {
		String raw = (body instanceof String text) ? text : JSON.writeValueAsString(body);
		return send("PUT", path, raw, "application/json", headers);
	}

	/** PATCHes a value serialized as JSON (a String is sent as it is). */
	public Response patch(String path, Object body, String... headers) {
		String raw = (body instanceof String text) ? text : JSON.writeValueAsString(body);
		return send("PATCH", path, raw, "application/json", headers);
	}

	/**
	 * Sends a request.
	 * @param method the method
	 * @param path the path, appended to the base URL
	 * @param body the raw body, or null
	 * @param contentType the content type of the body, or null
	 * @param headers header names and values, alternating
	 * @return the response
	 */
	public Response send(String method, String path, String body, String contentType, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(60))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * A response.
	 *
	 * @param status the status code
	 * @param headers the headers
	 * @param body the body as text
	 */
	public record Response(int status, HttpHeaders headers, String body) {

		/** The body as JSON. */
		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		/** The Content-Type header, or an empty string. */
		public String contentType() {
			return this.headers.firstValue("Content-Type").orElse("");
		}

		/** A header's first value, or null. */
		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}
