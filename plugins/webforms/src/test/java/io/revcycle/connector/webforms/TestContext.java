package io.revcycle.connector.webforms;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.revcycle.plugin.api.ConnectorConfig;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.CursorStore;
import io.revcycle.plugin.api.Http;

/** A hand-written context for calling the connector directly, with a movable clock. */
final class TestContext implements ConnectorContext {

	private final ConnectorConfig config;

	private final String instanceId;

	final MovableClock clock;

	TestContext(Map<String, String> config, Instant now) {
		this(config, now, "0b7e3f52-0000-4000-8000-000000000002");
	}

	TestContext(Map<String, String> config, Instant now, String instanceId) {
		this.config = new WebFormsConnectorFactory().configSpec().withDefaults(config);
		this.clock = new MovableClock(now);
		this.instanceId = instanceId;
	}

	@Override
	public String instanceId() {
		return this.instanceId;
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
			throw new SecurityException("web forms call nothing");
		};
	}

	@Override
	public Clock clock() {
		return this.clock;
	}

	@Override
	public System.Logger logger() {
		return System.getLogger("webforms-test");
	}

	@Override
	public CursorStore cursors() {
		Map<String, String> values = new HashMap<>();
		return new CursorStore() {
			@Override
			public Optional<String> get(String name) {
				return Optional.ofNullable(values.get(name));
			}

			@Override
			public void put(String name, String value) {
				values.put(name, value);
			}
		};
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
