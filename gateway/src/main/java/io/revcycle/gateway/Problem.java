package io.revcycle.gateway;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * An RFC 9457 problem the gateway answers itself, in the shape the platform answers:
 * {@code type}, {@code title}, {@code status}, {@code detail} and, when the request had a
 * readable path, {@code instance}.
 *
 * @param status the status, always 4xx or 5xx
 * @param detail what went wrong and what to change; never names server software or
 * internal types
 * @param headers response headers that belong to the problem ({@code Allow},
 * {@code Retry-After}, ...), never null
 */
record Problem(HttpStatus status, String detail, HttpHeaders headers) {

	static Problem of(HttpStatus status, String detail) {
		return new Problem(status, detail, new HttpHeaders());
	}

	/** This problem with one more response header. */
	Problem withHeader(String name, String value) {
		HttpHeaders copy = new HttpHeaders();
		copy.addAll(this.headers);
		copy.set(name, value);
		return new Problem(this.status, this.detail, copy);
	}

	/**
	 * The body.
	 * @param instance the request path, or null to leave {@code instance} out (a path
	 * that could not be read)
	 */
	String json(String instance) {
		StringBuilder json = new StringBuilder("{\"type\":\"about:blank\",\"title\":\"")
			.append(escape(this.status.getReasonPhrase()))
			.append("\",\"status\":")
			.append(this.status.value())
			.append(",\"detail\":\"")
			.append(escape(this.detail))
			.append('"');
		if (instance != null) {
			json.append(",\"instance\":\"").append(escape(instance)).append('"');
		}
		return json.append('}').toString();
	}

	/** The body as UTF-8. */
	byte[] bytes(String instance) {
		return json(instance).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Writes this problem as the whole response: status, its headers, content type and
	 * body.
	 */
	Mono<Void> writeTo(ServerHttpResponse response, String instance) {
		response.setStatusCode(this.status);
		HttpHeaders headers = response.getHeaders();
		this.headers.forEach(headers::put);
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		byte[] body = bytes(instance);
		headers.setContentLength(body.length);
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

	private static String escape(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20 || c == 0x2028 || c == 0x2029) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

}
