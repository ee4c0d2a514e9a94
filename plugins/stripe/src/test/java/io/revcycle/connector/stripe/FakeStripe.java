package io.revcycle.connector.stripe;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for the Stripe API's {@code GET /v1/balance}: it knows one key and
 * answers as Stripe documents it, the balance object for that key and Stripe's 401 error
 * for any other (or none). It records each request's method, path and Authorization.
 */
final class FakeStripe implements AutoCloseable {

	static final String GOOD_KEY = "sk_test_51SWx0aLkdIwHu7ixQmT4vZ8pL2cR6nY0bJ3kD5wE7hF9gA1sX";

	/** Stripe's balance object (test mode). */
	static final String BALANCE = """
			{
			  "object": "balance",
			  "available": [
			    {
			      "amount": 666670,
			      "currency": "eur",
			      "source_types": {
			        "card": 666670
			      }
			    }
			  ],
			  "connect_reserved": [
			    {
			      "amount": 0,
			      "currency": "eur"
			    }
			  ],
			  "livemode": false,
			  "pending": [
			    {
			      "amount": 61414,
			      "currency": "eur",
			      "source_types": {
			        "card": 61414
			      }
			    }
			  ]
			}
			""";

	final List<String> requests = new CopyOnWriteArrayList<>();

	private volatile String balance = BALANCE;

	private final HttpServer server;

	FakeStripe() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::answer);
		this.server.start();
	}

	/** Answers the balance with this body from now on. */
	void answerBalanceWith(String body) {
		this.balance = body;
	}

	/** The base URL to configure as {@code apiBase}. */
	String base() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	private void answer(HttpExchange exchange) throws IOException {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		this.requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + authorization);
		if (!exchange.getRequestURI().getPath().equals("/v1/balance")) {
			send(exchange, 404, error("Unrecognized request URL (" + exchange.getRequestMethod() + ": "
					+ exchange.getRequestURI().getPath() + ").", "invalid_request_error"));
		}
		else if (authorization == null) {
			send(exchange, 401,
					error("You did not provide an API key. You need to provide your API key in the "
							+ "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
							"invalid_request_error"));
		}
		else if (!authorization.equals("Bearer " + GOOD_KEY)) {
			String key = authorization.substring(authorization.indexOf(' ') + 1);
			String shown = key.substring(0, Math.min(8, key.length())) + "*".repeat(Math.max(0, key.length() - 12))
					+ key.substring(Math.max(0, key.length() - 4));
			send(exchange, 401, error("Invalid API Key provided: " + shown, "invalid_request_error"));
		}
		else {
			send(exchange, 200, this.balance);
		}
	}

	private static String error(String message, String type) {
		return "{\n  \"error\": {\n    \"message\": \"" + message.replace("\"", "\\\"") + "\",\n    \"type\": \"" + type
				+ "\"\n  }\n}\n";
	}

	private static void send(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.getResponseHeaders().add("Request-Id", "req_fake0000000001");
		if (status == 401) {
			exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"Stripe\"");
		}
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
