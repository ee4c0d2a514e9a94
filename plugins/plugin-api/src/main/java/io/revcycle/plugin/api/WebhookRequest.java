package io.revcycle.plugin.api;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A webhook as the host received it, with the raw body for signature verification.
 *
 * @param method the HTTP method
 * @param uri the public URI the sender called, with its query: what senders such as
 * HubSpot sign
 * @param headers the headers as received
 * @param body the raw body, byte for byte; empty when there was none
 * @param remoteAddress the sender's address as the host saw it (for rate limits), or null
 * @param receivedAt when the host received it, from the host's clock
 */
public record WebhookRequest(String method, URI uri, Map<String, List<String>> headers, byte[] body,
		String remoteAddress, Instant receivedAt) {

	public WebhookRequest {
		Map<String, List<String>> copy = new LinkedHashMap<>();
		if (headers != null) {
			headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
		}
		headers = java.util.Collections.unmodifiableMap(copy);
		body = (body != null) ? body : new byte[0];
	}

	/** The first value of a header, ignoring the case of its name. */
	public Optional<String> header(String name) {
		return Http.first(this.headers, name);
	}

	/** The body as UTF-8 text. */
	public String bodyText() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

	/**
	 * The body as form fields ({@code application/x-www-form-urlencoded}), in order; a
	 * repeated field keeps every value.
	 */
	public Map<String, List<String>> formFields() {
		return decode(bodyText());
	}

	/** The query parameters, in order; a repeated parameter keeps every value. */
	public Map<String, List<String>> queryParameters() {
		return decode(this.uri.getRawQuery());
	}

	private static Map<String, List<String>> decode(String encoded) {
		Map<String, List<String>> fields = new LinkedHashMap<>();
		if (encoded == null || encoded.isEmpty()) {
			return fields;
		}
		for (String pair : encoded.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String key = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			fields.computeIfAbsent(key, (k) -> new ArrayList<>()).add(value);
		}
		return fields;
	}

}
