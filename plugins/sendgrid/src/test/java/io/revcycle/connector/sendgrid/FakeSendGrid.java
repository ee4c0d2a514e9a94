package io.revcycle.connector.sendgrid;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for SendGrid's v3 API on the JDK's HTTP server: records every request
 * and answers with queued responses, else as SendGrid documents (202 with
 * {@code X-Message-Id} for {@code POST /v3/mail/send}, the key's scopes for
 * {@code GET /v3/scopes}, 401 with SendGrid's error body for any other API key).
 */
final class FakeSendGrid implements AutoCloseable {

	static final String API_KEY = "SG.test-key_0123456789.abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOP";

	record Recorded(String method, String path, Map<String, List<String>> headers, String body) {

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((e) -> e.getKey().equalsIgnoreCase(name))
				.map((e) -> e.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

	}

	record Answer(int status, Map<String, String> headers, String body) {
	}

	private final HttpServer server;

	final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());

	private final Deque<Answer> queued = new ArrayDeque<>();

	private int sent;

	FakeSendGrid() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String base() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Answers the next request with this, whatever it is. */
	synchronized void enqueue(int status, Map<String, String> headers, String body) {
		this.queued.add(new Answer(status, headers, body));
	}

	/** How many emails SendGrid accepted. */
	synchronized int accepted() {
		return this.sent;
	}

	List<Recorded> mailSends() {
		return this.requests.stream().filter((r) -> r.path().equals("/v3/mail/send")).toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String path = exchange.getRequestURI().getPath();
		this.requests
			.add(new Recorded(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body));
		Answer answer;
		synchronized (this) {
			answer = this.queued.poll();
			if (answer == null) {
				answer = documented(exchange, path);
			}
			if (path.equals("/v3/mail/send") && answer.status() == 202) {
				this.sent++;
			}
		}
		answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
		byte[] bytes = (answer.body() != null) ? answer.body().getBytes(StandardCharsets.UTF_8) : new byte[0];
		if (bytes.length > 0) {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
		}
		exchange.sendResponseHeaders(answer.status(), (bytes.length > 0) ? bytes.length : -1);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private Answer documented(HttpExchange exchange, String path) {
		if (!("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
			return new Answer(401, Map.of(), "{\"errors\":[{\"field\":null,\"message\":\"authorization required\"}]}");
		}
		if (path.equals("/v3/scopes") && exchange.getRequestMethod().equals("GET")) {
			return new Answer(200, Map.of(), "{\"scopes\":[\"mail.send\",\"user.webhooks.event.settings.read\"]}");
		}
		if (path.equals("/v3/mail/send") && exchange.getRequestMethod().equals("POST")) {
			return new Answer(202, Map.of("X-Message-Id", "msg-" + (this.sent + 1) + "-qWxYz"), null);
		}
		return new Answer(404, Map.of(), "{\"errors\":[{\"field\":null,\"message\":\"not found\"}]}");
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
