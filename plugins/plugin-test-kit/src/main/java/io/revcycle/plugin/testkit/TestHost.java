package io.revcycle.plugin.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.revcycle.plugin.api.Action;
import io.revcycle.plugin.api.ActionResult;
import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConfigProblem;
import io.revcycle.plugin.api.PollResult;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;
import io.revcycle.plugin.host.AllowList;
import io.revcycle.plugin.host.CallPolicy;
import io.revcycle.plugin.host.ConnectorRuntime;
import io.revcycle.plugin.host.ConnectorRuntime.Call;
import io.revcycle.plugin.host.ConnectorRuntime.Health;
import io.revcycle.plugin.host.LoadedConnector;
import io.revcycle.plugin.host.PluginHost;

/**
 * The real host, set up for tests: it loads one plugin jar through {@link PluginHost}
 * (copied into a temporary plugins folder, with an allow-list of its checksum) and runs
 * instances of it through {@link ConnectorRuntime}, as the platform does, with:
 * <ul>
 * <li>an in-memory cursor store per instance that commits what a call staged once the
 * call succeeded (as the platform does once it stored the call's events);</li>
 * <li>a {@link TestClock} a test can move;</li>
 * <li>{@code localhost}, {@code 127.0.0.1} and {@code ::1} allowed besides the hosts the
 * descriptor declares, for local fakes of the remote system;</li>
 * <li>every line the connector logs captured, masked as the host writes it.</li>
 * </ul>
 */
public final class TestHost implements AutoCloseable {

	/** The hosts allowed for local fakes, besides the declared ones. */
	public static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "::1");

	private final Path pluginsFolder;

	private final PluginHost host;

	private final TestClock clock;

	private final CallPolicy policy;

	private final List<String> logLines = new CopyOnWriteArrayList<>();

	private final List<Instance> instances = new CopyOnWriteArrayList<>();

	private TestHost(Path pluginsFolder, PluginHost host, TestClock clock, CallPolicy policy) {
		this.pluginsFolder = pluginsFolder;
		this.host = host;
		this.clock = clock;
		this.policy = policy;
	}

	/**
	 * Loads a plugin jar with a clock standing at the current time and the default call
	 * policy.
	 */
	public static TestHost load(Path pluginJar) {
		return load(pluginJar, TestClock.at(Instant.now()), CallPolicy.defaults());
	}

	/**
	 * Loads a plugin jar.
	 * @param pluginJar the jar
	 * @param clock the clock to start from: a {@link TestClock} is used as it is, any
	 * other clock gives a test clock standing at its current instant
	 * @param policy the call policy of every instance
	 * @return the host; a jar the host refused is in {@link #refusals()} and makes
	 * {@link #connector()} fail with the reason
	 */
	public static TestHost load(Path pluginJar, Clock clock, CallPolicy policy) {
		try {
			Path folder = Files.createTempDirectory("revcycle-test-plugins-");
			Path copy = folder.resolve(pluginJar.getFileName().toString());
			Files.copy(pluginJar, copy);
			AllowList allowList = AllowList.of(List.of(AllowList.sha256(copy)));
			TestClock testClock = (clock instanceof TestClock given) ? given : TestClock.at(clock.instant());
			return new TestHost(folder, PluginHost.start(folder, allowList), testClock, policy);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare a plugins folder for " + pluginJar, ex);
		}
	}

	/**
	 * The loaded connector.
	 * @throws AssertionError with the host's reason when the jar was refused
	 */
	public LoadedConnector connector() {
		List<LoadedConnector> loaded = this.host.connectors();
		if (loaded.size() != 1) {
			throw new AssertionError("The host did not load the plugin jar: "
					+ this.host.refusals().stream().map(PluginHost.Refusal::reason).collect(Collectors.joining("; ")));
		}
		return loaded.get(0);
	}

	/** What the host refused. */
	public List<PluginHost.Refusal> refusals() {
		return this.host.refusals();
	}

	/** The host itself. */
	public PluginHost host() {
		return this.host;
	}

	/** The clock of every instance. */
	public TestClock clock() {
		return this.clock;
	}

	/**
	 * Every line the connector's logger wrote, masked, in order:
	 * {@code LEVEL [tenant=.. instance=..] message}.
	 */
	public List<String> logLines() {
		return List.copyOf(this.logLines);
	}

	/**
	 * A new instance (tenant {@code test}) of the connector with this configuration.
	 * @param values the configuration as a tenant enters it
	 * @return the instance
	 * @throws IllegalArgumentException listing the problems when the host would refuse to
	 * save this configuration
	 */
	public Instance instance(Map<String, String> values) {
		LoadedConnector connector = connector();
		List<ConfigProblem> problems = connector.validate(values);
		if (!problems.isEmpty()) {
			throw new IllegalArgumentException("The configuration is not valid: " + problems);
		}
		ConnectorRuntime runtime = new ConnectorRuntime(connector, UUID.randomUUID().toString(), "test",
				connector.resolve(values), Map.of(), this.clock, this.policy, LOCAL_HOSTS, this.logLines::add);
		Instance instance = new Instance(runtime);
		this.instances.add(instance);
		return instance;
	}

	/** Closes every instance, unloads the plugin and deletes the temporary folder. */
	@Override
	public void close() {
		for (Instance instance : this.instances) {
			instance.close();
		}
		this.host.close();
		try (Stream<Path> files = Files.walk(this.pluginsFolder)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			// a temporary folder left behind harms no test
		}
	}

	/**
	 * One configured instance. Each call goes through the host's runtime (timeout,
	 * breaker, network rules) and throws its
	 * {@link io.revcycle.plugin.host.ConnectorFailure} when it fails; the cursors a
	 * successful call staged are committed.
	 */
	public static final class Instance implements AutoCloseable {

		private final ConnectorRuntime runtime;

		private final Map<String, String> committed = new ConcurrentHashMap<>();

		private Instance(ConnectorRuntime runtime) {
			this.runtime = runtime;
		}

		public CheckResult check() {
			return commit(this.runtime.check());
		}

		public WebhookResult handleWebhook(WebhookRequest request) {
			return commit(this.runtime.handleWebhook(request));
		}

		public PollResult poll(String cursor) {
			return commit(this.runtime.poll(cursor));
		}

		public ActionResult perform(Action action) {
			return commit(this.runtime.perform(action));
		}

		/** The committed cursors. */
		public Map<String, String> cursors() {
			return Map.copyOf(this.committed);
		}

		public Health health() {
			return this.runtime.health();
		}

		/** The runtime, for what the shortcuts above do not cover. */
		public ConnectorRuntime runtime() {
			return this.runtime;
		}

		@Override
		public void close() {
			this.runtime.close();
		}

		private synchronized <T> T commit(Call<T> call) {
			this.committed.putAll(call.cursors());
			this.runtime.committed(call.cursors());
			return call.value();
		}

	}

}
