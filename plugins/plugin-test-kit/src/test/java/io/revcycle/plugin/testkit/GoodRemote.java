package io.revcycle.plugin.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A fake of the remote system the "good" test plugin talks to, on a local port. */
final class GoodRemote implements AutoCloseable {

	static final String API_KEY = "good-key-7f3a9c";

	static final String WEBHOOK_SECRET = "whsec_goodSecret42";

	private static final String[] EVENTS = { "101 ada@example.com 1700000000", "102 bob@example.com 1700000100",
			"103 cy@example.com 1700000200" };

	private final HttpServer server;

	private final Map<String, String> notes = new ConcurrentHashMap<>();

	private final AtomicInteger noteIds = new AtomicInteger(900);

	private GoodRemote(HttpServer server) {
		this.server = server;
	}

	static GoodRemote start() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		GoodRemote remote = new GoodRemote(server);
		server.createContext("/me", (exchange) -> {
			if (remote.authorized(exchange)) {
				respond(exchange, 200, "acme");
			}
		});
		server.createContext("/events", (exchange) -> {
			if (remote.authorized(exchange)) {
				String query = exchange.getRequestURI().getQuery();
				long after = (query != null && query.startsWith("after=")) ? Long.parseLong(query.substring(6)) : 0;
				StringBuilder body = new StringBuilder();
				for (String event : EVENTS) {
					if (Long.parseLong(event.substring(0, event.indexOf(' '))) > after) {
						body.append(event).append('\n');
					}
				}
				respond(exchange, 200, body.toString());
			}
		});
		server.createContext("/notes", (exchange) -> {
			if (remote.authorized(exchange)) {
				String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
				String id = remote.notes.computeIfAbsent(key, (k) -> "note-" + remote.noteIds.incrementAndGet());
				respond(exchange, 200, id);
			}
		});
		server.start();
		return remote;
	}

	String base() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	int effects() {
		return this.notes.size();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private boolean authorized(HttpExchange exchange) throws IOException {
		exchange.getRequestBody().readAllBytes();
		if (("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
			return true;
		}
		respond(exchange, 401, "unauthorized");
		return false;
	}

	private static void respond(HttpExchange exchange, int status, String text) throws IOException {
		byte[] body = text.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, (body.length > 0) ? body.length : -1);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
