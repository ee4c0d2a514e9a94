package io.revcycle.connector.stripe;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.revcycle.plugin.api.ConnectorConfig;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.CursorStore;
import io.revcycle.plugin.api.Http;

/**
 * A small host for unit tests: the configuration as given (with the spec's defaults), a
 * movable clock, a real HTTP client that counts its calls and can be told to refuse them
 * (as the host does while a webhook is handled), and a logger that keeps its lines.
 */
final class TestContext implements ConnectorContext {

	static final Instant NOW = Instant.parse("2026-11-26T10:00:05Z");

	final MovableClock clock = new MovableClock(NOW);

	final List<String> logLines = new CopyOnWriteArrayList<>();

	final AtomicInteger httpCalls = new AtomicInteger();

	volatile boolean refuseHttp;

	private final ConnectorConfig config;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Map<String, String> cursors = new ConcurrentHashMap<>();

	TestContext(Map<String, String> config) {
		this.config = new StripeConnectorFactory().configSpec().withDefaults(config);
	}

	/** A connector of this context. */
	StripeConnector connector() {
		return (StripeConnector) new StripeConnectorFactory().create(this);
	}

	@Override
	public String instanceId() {
		return "5f0c2b7e-8d1a-4c3b-9e6f-0a1b2c3d4e5f";
	}

	@Override
	public String tenant() {
		return "acme";
	}

	@Override
	public ConnectorConfig config() {
		return this.config;
	}

	@Override
	public Http http() {
		return (request) -> {
			this.httpCalls.incrementAndGet();
			if (this.refuseHttp) {
				throw new SecurityException("no network I/O while a webhook is handled");
			}
			HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
				.timeout((request.timeout() != null) ? request.timeout() : Duration.ofSeconds(5))
				.method(request.method(), (request.body() != null)
						? HttpRequest.BodyPublishers.ofByteArray(request.body()) : HttpRequest.BodyPublishers.noBody());
			request.headers().forEach((name, values) -> values.forEach((value) -> builder.header(name, value)));
			try {
				HttpResponse<byte[]> response = this.client.send(builder.build(),
						HttpResponse.BodyHandlers.ofByteArray());
				return new Http.Response(response.statusCode(), response.headers().map(), response.body());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
		};
	}

	@Override
	public Clock clock() {
		return this.clock;
	}

	@Override
	public System.Logger logger() {
		return new System.Logger() {

			@Override
			public String getName() {
				return "stripe";
			}

			@Override
			public boolean isLoggable(Level level) {
				return true;
			}

			@Override
			public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
				TestContext.this.logLines.add(level + " " + msg + ((thrown != null) ? " " + thrown : ""));
			}

			@Override
			public void log(Level level, ResourceBundle bundle, String format, Object... params) {
				TestContext.this.logLines.add(level + " " + MessageFormat.format(format, params));
			}

		};
	}

	@Override
	public CursorStore cursors() {
		return new CursorStore() {

			@Override
			public Optional<String> get(String name) {
				return Optional.ofNullable(TestContext.this.cursors.get(name));
			}

			@Override
			public void put(String name, String value) {
				TestContext.this.cursors.put(name, value);
			}

		};
	}

}
