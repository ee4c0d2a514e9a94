package io.revcycle.plugin.api;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP client the host gives a connector. It calls only the hosts the descriptor
 * declares (and those the operator allows, such as a local fake in tests), applies a
 * timeout to every call, and refuses calls made while a webhook is handled.
 */
public interface Http {

	/**
	 * Sends a request and reads the whole response.
	 * @param request the request
	 * @return the response, whatever its status
	 * @throws IOException when the host cannot be reached or the call timed out
	 * @throws SecurityException when the host is not allowed, or the call is made while a
	 * webhook is handled
	 */
	Response send(Request request) throws IOException;

	/**
	 * An HTTP request.
	 *
	 * @param method the method
	 * @param uri the absolute URI
	 * @param headers the headers
	 * @param body the body, or null
	 * @param timeout the timeout, or null for the host's default
	 */
	record Request(String method, URI uri, Map<String, List<String>> headers, byte[] body, Duration timeout) {

		public Request {
			headers = copy(headers);
		}

		/** A GET. */
		public static Request get(URI uri) {
			return new Request("GET", uri, Map.of(), null, null);
		}

		/** A POST of a body of the given content type. */
		public static Request post(URI uri, String contentType, String body) {
			return new Request("POST", uri, Map.of("Content-Type", List.of(contentType)),
					body.getBytes(StandardCharsets.UTF_8), null);
		}

		/** This request with one more header. */
		public Request withHeader(String name, String value) {
			Map<String, List<String>> more = new LinkedHashMap<>(this.headers);
			List<String> values = new ArrayList<>(more.getOrDefault(name, List.of()));
			values.add(value);
			more.put(name, values);
			return new Request(this.method, this.uri, more, this.body, this.timeout);
		}

		/** This request with another timeout. */
		public Request withTimeout(Duration timeout) {
			return new Request(this.method, this.uri, this.headers, this.body, timeout);
		}

	}

	/**
	 * An HTTP response.
	 *
	 * @param status the status code
	 * @param headers the headers
	 * @param body the body, empty when there was none
	 */
	record Response(int status, Map<String, List<String>> headers, byte[] body) {

		public Response {
			headers = copy(headers);
			body = (body != null) ? body : new byte[0];
		}

		/** The first value of a header, ignoring case. */
		public Optional<String> header(String name) {
			return first(this.headers, name);
		}

		/** The body as UTF-8 text. */
		public String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		/** Whether the status is 2xx. */
		public boolean ok() {
			return this.status >= 200 && this.status < 300;
		}

	}

	/** The first value of a header, ignoring the case of its name. */
	static Optional<String> first(Map<String, List<String>> headers, String name) {
		String wanted = name.toLowerCase(Locale.ROOT);
		return headers.entrySet()
			.stream()
			.filter((e) -> e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(wanted))
			.flatMap((e) -> e.getValue().stream())
			.findFirst();
	}

	private static Map<String, List<String>> copy(Map<String, List<String>> headers) {
		Map<String, List<String>> copy = new LinkedHashMap<>();
		if (headers != null) {
			headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
		}
		return java.util.Collections.unmodifiableMap(copy);
	}

}
