package io.revcycle.connector.sendgrid;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.revcycle.plugin.api.ConnectorConfig;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.CursorStore;
import io.revcycle.plugin.api.Http;

/**
 * A hand-written context for calling the connector directly: a movable clock, an HTTP
 * client that really calls (the local fake), and a cursor store whose staged values are
 * committed by the test, as the host does after a successful call.
 */
final class TestContext implements ConnectorContext {

	private final ConnectorConfig config;

	final MovableClock clock;

	final Cursors cursors = new Cursors();

	private final HttpClient client = HttpClient.newHttpClient();

	boolean insideWebhook;

	TestContext(Map<String, String> config, Instant now) {
		this.config = new SendGridConnectorFactory().configSpec().withDefaults(config);
		this.clock = new MovableClock(now);
	}

	@Override
	public String instanceId() {
		return "6f1c2a7e-0000-4000-8000-000000000001";
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
			if (this.insideWebhook) {
				throw new SecurityException("no network while a webhook is handled");
			}
			HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
				.timeout((request.timeout() != null) ? request.timeout() : Duration.ofSeconds(5))
				.method(request.method(), (request.body() != null)
						? HttpRequest.BodyPublishers.ofByteArray(request.body()) : HttpRequest.BodyPublishers.noBody());
			request.headers().forEach((name, values) -> values.forEach((v) -> builder.header(name, v)));
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
		return System.getLogger("sendgrid-test");
	}

	@Override
	public CursorStore cursors() {
		return this.cursors;
	}

	/** Cursors with staged values, committed or dropped by the test. */
	static final class Cursors implements CursorStore {

		final Map<String, String> committed = new LinkedHashMap<>();

		final Map<String, String> staged = new LinkedHashMap<>();

		@Override
		public Optional<String> get(String name) {
			return Optional.ofNullable(this.staged.getOrDefault(name, this.committed.get(name)));
		}

		@Override
		public void put(String name, String value) {
			this.staged.put(name, value);
		}

		void commit() {
			this.committed.putAll(this.staged);
			this.staged.clear();
		}

		void drop() {
			this.staged.clear();
		}

	}

	/** A clock the test moves. */
	static final class MovableClock extends Clock {

		private Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
