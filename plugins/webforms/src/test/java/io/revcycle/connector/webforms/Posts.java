package io.revcycle.connector.webforms;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import io.revcycle.plugin.api.WebhookRequest;

/** Builds form posts as browsers and the snippet send them. */
final class Posts {

	static final URI HOOK = URI.create("https://app.revcycle.test/hooks/acme/0b7e3f52-0000-4000-8000-000000000002");

	private final Map<String, List<String>> headers = new LinkedHashMap<>();

	private String method = "POST";

	private URI uri = HOOK;

	private String body = "";

	private Instant at = Instant.parse("2026-11-23T10:00:00Z");

	/** A plain HTML form post: url-encoded, a browser's Accept. */
	static Posts form(String... nameValues) {
		Posts post = new Posts();
		post.headers.put("Content-Type", List.of("application/x-www-form-urlencoded"));
		post.headers.put("Accept", List.of("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
		post.body = encode(nameValues);
		return post;
	}

	/** A post of the snippet: url-encoded, accepting JSON, from a page's origin. */
	static Posts snippet(String origin, String... nameValues) {
		Posts post = form(nameValues);
		post.headers.put("Accept", List.of("application/json"));
		post.headers.put("Origin", List.of(origin));
		return post;
	}

	static Posts json(String json) {
		Posts post = new Posts();
		post.headers.put("Content-Type", List.of("application/json"));
		post.headers.put("Accept", List.of("application/json"));
		post.body = json;
		return post;
	}

	static Posts get(String path) {
		Posts get = new Posts();
		get.method = "GET";
		get.uri = URI.create(HOOK + path);
		return get;
	}

	Posts header(String name, String value) {
		this.headers.put(name, List.of(value));
		return this;
	}

	Posts uri(URI uri) {
		this.uri = uri;
		return this;
	}

	Posts at(Instant at) {
		this.at = at;
		return this;
	}

	WebhookRequest request() {
		return new WebhookRequest(this.method, this.uri, this.headers, this.body.getBytes(StandardCharsets.UTF_8),
				"203.0.113.9", this.at);
	}

	static String encode(String... nameValues) {
		StringJoiner joiner = new StringJoiner("&");
		for (int i = 0; i < nameValues.length; i += 2) {
			joiner.add(URLEncoder.encode(nameValues[i], StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(nameValues[i + 1], StandardCharsets.UTF_8));
		}
		return joiner.toString();
	}

}
