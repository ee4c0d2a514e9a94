package io.revcycle.connector.hubspot;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.revcycle.plugin.api.ConfigProblem;
import io.revcycle.plugin.api.ConnectorConfig;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.CursorStore;
import io.revcycle.plugin.api.Http;

/**
 * A small hand-written host for calling the connector directly: the configuration
 * validated against the factory's spec with its defaults applied, a plain JDK HTTP client
 * that refuses calls while a webhook is handled, the test's clock, and a logger that
 * keeps its lines for assertions.
 */
final class LocalContext implements ConnectorContext {

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final ConnectorConfig config;

	private final Clock clock;

	private final List<String> logLines = new CopyOnWriteArrayList<>();

	private final Map<String, String> cursors = new ConcurrentHashMap<>();

	private final List<String> calls = new CopyOnWriteArrayList<>();

	private volatile boolean handlingWebhook;

	LocalContext(Map<String, String> values, Clock clock) {
		HubSpotConnectorFactory factory = new HubSpotConnectorFactory();
		List<ConfigProblem> problems = factory.configSpec().validate(values);
		if (!problems.isEmpty()) {
			throw new IllegalArgumentException("Invalid test configuration: " + problems);
		}
		this.config = factory.configSpec().withDefaults(values);
		List<ConfigProblem> more = factory.validate(this.config);
		if (!more.isEmpty()) {
			throw new IllegalArgumentException("Invalid test configuration: " + more);
		}
		this.clock = clock;
	}

	/** A connector of this context, created by the factory as the host would. */
	HubSpotConnector connector() {
		return (HubSpotConnector) new HubSpotConnectorFactory().create(this);
	}

	/** Every log line written so far. */
	List<String> logLines() {
		return this.logLines;
	}

	/** Every address the connector called. */
	List<String> calls() {
		return this.calls;
	}

	/** Marks the time a webhook is handled, when the host refuses network I/O. */
	void handlingWebhook(boolean handling) {
		this.handlingWebhook = handling;
	}

	@Override
	public String instanceId() {
		return UUID.nameUUIDFromBytes("hubspot-test".getBytes()).toString();
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
			if (this.handlingWebhook) {
				throw new SecurityException("No network I/O while a webhook is handled");
			}
			this.calls.add(request.method() + " " + request.uri());
			HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
				.timeout((request.timeout() != null) ? request.timeout() : Duration.ofSeconds(10))
				.method(request.method(), (request.body() != null)
						? HttpRequest.BodyPublishers.ofByteArray(request.body()) : HttpRequest.BodyPublishers.noBody());
			request.headers().forEach((name, values) -> values.forEach((value) -> builder.header(name, value)));
			try {
				HttpResponse<byte[]> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
				return new Http.Response(response.statusCode(), response.headers().map(), response.body());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("interrupted");
			}
			catch (IOException ex) {
				throw ex;
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
				return "hubspot-test";
			}

			@Override
			public boolean isLoggable(Level level) {
				return true;
			}

			@Override
			public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
				LocalContext.this.logLines.add(level + " " + message);
			}

			@Override
			public void log(Level level, ResourceBundle bundle, String format, Object... params) {
				LocalContext.this.logLines.add(level + " " + format);
			}

		};
	}

	@Override
	public CursorStore cursors() {
		return new CursorStore() {

			@Override
			public Optional<String> get(String name) {
				return Optional.ofNullable(LocalContext.this.cursors.get(name));
			}

			@Override
			public void put(String name, String value) {
				LocalContext.this.cursors.put(name, value);
			}

		};
	}

}
