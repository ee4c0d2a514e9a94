package io.revcycle.plugin.testkit;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.revcycle.plugin.api.ConfigProblem;
import io.revcycle.plugin.api.ConnectorConfig;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.CursorStore;
import io.revcycle.plugin.api.Http;
import io.revcycle.plugin.api.RateLimits;
import io.revcycle.plugin.host.LocalRateLimits;

/**
 * A {@link ConnectorContext} for unit tests of a connector without the host: create the
 * connector with {@code factory.create(context)} and call it directly. <pre>{@code
 * TestContext context = TestContext.of(new AcmeConnectorFactory(), Map.of("apiKey", "ac_test_4f9a1c2e"))
 * 	.withClock(TestClock.at(Instant.parse("2026-11-24T10:00:00Z")));
 * Connector connector = new AcmeConnectorFactory().create(context);
 * }</pre> It gives:
 * <ul>
 * <li>the configuration checked and completed as the host does it
 * ({@link #of(ConnectorFactory, Map)}), or taken as it is
 * ({@link #of(ConnectorConfig)});</li>
 * <li>a {@link TestClock} a test can move;</li>
 * <li>an {@link Http} that sends real requests through {@link java.net.http} (to a local
 * fake of the remote system), to any host unless {@link #withAllowedHosts(String...)}
 * names the allowed ones, never follows redirects, refuses every call inside
 * {@link #handlingWebhook(Supplier)}, and records every request in
 * {@link #requests()};</li>
 * <li>a logger that keeps every line in {@link #logLines()}, unmasked, so a test can
 * assert that the connector itself never logs a secret;</li>
 * <li>an in-memory {@link Cursors cursor store} that stages what is put until the test
 * commits or drops it, as the host does after a call.</li>
 * </ul>
 * The tenant is {@value #TENANT}; the instance id is a random UUID, so two contexts are
 * two instances. What runs through the real host (class loading, timeouts, the breaker,
 * masking) is for {@link TestHost} and {@link ConnectorContract}.
 */
public final class TestContext implements ConnectorContext {

	/** The tenant of every test context. */
	public static final String TENANT = "test";

	/** The timeout of a request that sets none, as the host's default call policy. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final ConnectorConfig config;

	private final String instanceId;

	private final TestClock clock;

	private final Set<String> allowedHosts;

	private final List<Http.Request> requests = new CopyOnWriteArrayList<>();

	private final List<String> logLines = new CopyOnWriteArrayList<>();

	private final Cursors cursors = new Cursors();

	private final RateLimits rateLimits;

	private final Http http = this::send;

	private final System.Logger logger = new CapturingLogger();

	private volatile boolean webhookRunning;

	private TestContext(ConnectorConfig config, String instanceId, TestClock clock, Set<String> allowedHosts) {
		this.config = Objects.requireNonNull(config, "config");
		this.instanceId = instanceId;
		this.clock = Objects.requireNonNull(clock, "clock");
		this.rateLimits = new LocalRateLimits(clock);
		this.allowedHosts = allowedHosts;
	}

	/**
	 * A context with the configuration a tenant enters, checked and completed as the host
	 * does before it saves an instance: against the factory's {@code configSpec()}, then
	 * its {@code validate(..)}, with the spec's defaults applied
	 * ({@link io.revcycle.plugin.api.ConfigSpec#withDefaults(Map)}). The clock stands at
	 * the current time.
	 * @param factory the connector's factory
	 * @param values the configuration as a tenant enters it
	 * @return the context
	 * @throws IllegalArgumentException listing the problems when the host would refuse
	 * the configuration
	 */
	public static TestContext of(ConnectorFactory factory, Map<String, String> values) {
		List<ConfigProblem> problems = factory.configSpec().validate(values);
		ConnectorConfig config = factory.configSpec().withDefaults(values);
		if (problems.isEmpty()) {
			problems = factory.validate(config);
		}
		if (!problems.isEmpty()) {
			throw new IllegalArgumentException("The configuration is not valid: " + problems);
		}
		return of(config);
	}

	/**
	 * A context with this configuration as it is, unchecked: for a connector's handling
	 * of a configuration the host would refuse. The clock stands at the current time.
	 * @param config the configuration
	 * @return the context
	 */
	public static TestContext of(ConnectorConfig config) {
		return new TestContext(config, UUID.randomUUID().toString(), TestClock.at(Instant.now()), null);
	}

	/**
	 * This context with another clock, and nothing recorded yet.
	 * @param clock the clock
	 * @return a new context of the same instance
	 */
	public TestContext withClock(TestClock clock) {
		return new TestContext(this.config, this.instanceId, clock, this.allowedHosts);
	}

	/**
	 * This context with {@link #http()} limited to these hosts, as the host limits it to
	 * the descriptor's hosts, and nothing recorded yet. A call to any other host throws a
	 * {@link SecurityException} without being sent.
	 * @param hosts the allowed host names, compared without case
	 * @return a new context of the same instance
	 */
	public TestContext withAllowedHosts(String... hosts) {
		Set<String> allowed = Arrays.stream(hosts).map(TestContext::normalize).collect(Collectors.toUnmodifiableSet());
		return new TestContext(this.config, this.instanceId, this.clock, allowed);
	}

	@Override
	public String instanceId() {
		return this.instanceId;
	}

	@Override
	public String tenant() {
		return TENANT;
	}

	@Override
	public ConnectorConfig config() {
		return this.config;
	}

	@Override
	public Http http() {
		return this.http;
	}

	@Override
	public TestClock clock() {
		return this.clock;
	}

	@Override
	public System.Logger logger() {
		return this.logger;
	}

	@Override
	public Cursors cursors() {
		return this.cursors;
	}

	/**
	 * Rate limits kept in memory on this context's clock, as one replica of the host
	 * keeps them.
	 */
	@Override
	public RateLimits rateLimits() {
		return this.rateLimits;
	}

	/**
	 * Runs a call as the host runs a webhook: every call of {@link #http()} inside it
	 * throws a {@link SecurityException} (and is still recorded in {@link #requests()}).
	 * <pre>{@code
	 * WebhookResult result = context.handlingWebhook(() -> connector.handleWebhook(request));
	 * }</pre>
	 * @param <T> what the call returns
	 * @param call the call, usually {@code connector.handleWebhook(request)}
	 * @return what the call returned
	 */
	public <T> T handlingWebhook(Supplier<T> call) {
		this.webhookRunning = true;
		try {
			return call.get();
		}
		finally {
			this.webhookRunning = false;
		}
	}

	/**
	 * Every request the connector gave {@link #http()}, in order, refused ones included.
	 */
	public List<Http.Request> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * Every line the connector's logger wrote, in order: {@code LEVEL message}, the
	 * parameters formatted in, followed by {@code | exception} when one was logged.
	 * Unlike the host's, these lines are not masked.
	 */
	public List<String> logLines() {
		return List.copyOf(this.logLines);
	}

	private Http.Response send(Http.Request request) throws IOException {
		Objects.requireNonNull(request, "request");
		this.requests.add(request);
		URI uri = Objects.requireNonNull(request.uri(), "uri");
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
			throw new IllegalArgumentException("Only absolute http and https URIs can be called, not " + uri);
		}
		if (this.webhookRunning) {
			throw new SecurityException("The connector called " + uri.getHost()
					+ " while handling a webhook: network I/O is not allowed while a webhook is handled");
		}
		if (this.allowedHosts != null && !this.allowedHosts.contains(normalize(uri.getHost()))) {
			throw new SecurityException("The connector may not call host '" + uri.getHost()
					+ "': it is not among the allowed hosts " + this.allowedHosts);
		}
		String method = (request.method() != null) ? request.method().toUpperCase(Locale.ROOT) : "GET";
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
			.timeout((request.timeout() != null) ? request.timeout() : DEFAULT_TIMEOUT)
			.method(method, (request.body() != null) ? HttpRequest.BodyPublishers.ofByteArray(request.body())
					: HttpRequest.BodyPublishers.noBody());
		request.headers().forEach((name, values) -> values.forEach((value) -> builder.header(name, value)));
		try {
			HttpResponse<byte[]> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
			return new Http.Response(response.statusCode(), response.headers().map(), response.body());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("The call to " + uri.getHost() + " was interrupted");
		}
	}

	private static String format(String format, Object... params) {
		if (params == null || params.length == 0) {
			return format;
		}
		try {
			return new MessageFormat(format, Locale.ROOT).format(params);
		}
		catch (IllegalArgumentException ex) {
			return format + " " + Arrays.toString(params);
		}
	}

	private static String normalize(String host) {
		String name = (host != null) ? host.strip().toLowerCase(Locale.ROOT) : "";
		return (name.startsWith("[") && name.endsWith("]")) ? name.substring(1, name.length() - 1) : name;
	}

	/**
	 * The cursors of a test context. A value put is staged: {@link #get(String)} sees it
	 * at once, and the test decides what the host would do after the call:
	 * {@link #commit()} when the call succeeded, {@link #drop()} when it failed.
	 */
	public static final class Cursors implements CursorStore {

		private final Map<String, String> committed = new LinkedHashMap<>();

		private final Map<String, String> staged = new LinkedHashMap<>();

		private Cursors() {
		}

		@Override
		public synchronized Optional<String> get(String name) {
			Objects.requireNonNull(name, "name");
			return Optional.ofNullable(this.staged.getOrDefault(name, this.committed.get(name)));
		}

		@Override
		public synchronized void put(String name, String value) {
			this.staged.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
		}

		/** The values put since the last commit or drop. */
		public synchronized Map<String, String> staged() {
			return Map.copyOf(this.staged);
		}

		/** The committed values. */
		public synchronized Map<String, String> committed() {
			return Map.copyOf(this.committed);
		}

		/**
		 * Commits the staged values, as the host does once a call's events are stored.
		 */
		public synchronized void commit() {
			this.committed.putAll(this.staged);
			this.staged.clear();
		}

		/** Drops the staged values, as the host does when a call fails. */
		public synchronized void drop() {
			this.staged.clear();
		}

	}

	/** Keeps every line, formatted as the host formats it. */
	private final class CapturingLogger implements System.Logger {

		@Override
		public String getName() {
			return "revcycle.connector.test";
		}

		@Override
		public boolean isLoggable(Level level) {
			return level != Level.OFF;
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
			keep(level, message, thrown);
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String format, Object... params) {
			keep(level, format(format, params), null);
		}

		private void keep(Level level, String message, Throwable thrown) {
			if (isLoggable(level)) {
				TestContext.this.logLines
					.add(level.getName() + " " + message + ((thrown != null) ? " | " + thrown : ""));
			}
		}

	}

}
