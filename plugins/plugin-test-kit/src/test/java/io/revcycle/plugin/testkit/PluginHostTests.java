package io.revcycle.plugin.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarFile;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import io.revcycle.plugin.api.Action;
import io.revcycle.plugin.api.ActionResult;
import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigProblem;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.PluginApi;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;
import io.revcycle.plugin.host.AllowList;
import io.revcycle.plugin.host.CallPolicy;
import io.revcycle.plugin.host.ConnectorFailure;
import io.revcycle.plugin.host.ConnectorFailure.Kind;
import io.revcycle.plugin.host.ConnectorRuntime;
import io.revcycle.plugin.host.ConnectorRuntime.Health;
import io.revcycle.plugin.host.LoadedConnector;
import io.revcycle.plugin.host.PluginHost;
import io.revcycle.plugin.testkit.plugins.ChattyConnectorFactory;
import io.revcycle.plugin.testkit.plugins.Descriptors;
import io.revcycle.plugin.testkit.plugins.HangingConnectorFactory;
import io.revcycle.plugin.testkit.plugins.LeakyConnectorFactory;
import io.revcycle.plugin.testkit.plugins.MinimalConnectorFactory;
import io.revcycle.plugin.testkit.plugins.MisnamedConnectorFactory;
import io.revcycle.plugin.testkit.plugins.QuietConnectorFactory;
import io.revcycle.plugin.testkit.plugins.SimpleConnectorFactory;
import io.revcycle.plugin.testkit.plugins.ThrowingConnectorFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The host's loading and calling rules, with real plugin jars. */
class PluginHostTests {

	private static final Map<String, String> CONFIG = Map.of("apiKey", "sk_test_5ecret");

	@TempDir
	Path plugins;

	@TempDir
	Path elsewhere;

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private final ListAppender<ILoggingEvent> hostLog = appender(PluginHost.class.getName());

	@AfterEach
	void close() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
		((Logger) LoggerFactory.getLogger(PluginHost.class)).detachAppender(this.hostLog);
	}

	@Test
	void loadsAnAllowedJarAndReadsItsDescriptor() throws IOException {
		Path jar = jar("quiet", QuietConnectorFactory.class).build();
		PluginHost host = start(AllowList.of(List.of(AllowList.sha256(jar))));

		assertThat(host.refusals()).isEmpty();
		LoadedConnector quiet = host.connector("quiet").orElseThrow();
		assertThat(quiet.version()).isEqualTo("1.0.0");
		assertThat(quiet.jar()).isEqualTo(jar);
		assertThat(quiet.sha256()).isEqualTo(AllowList.sha256(jar));
		assertThat(quiet.descriptor().id()).isEqualTo("quiet");
		assertThat(quiet.validate(Map.of())).extracting("field").containsExactly("apiKey");
		assertThat(quiet.resolve(CONFIG).values()).containsEntry("baseUrl", "https://api.test.example");
		assertThat(quiet.factory().getClass().getClassLoader())
			.as("the factory comes from the jar, not from the test class path")
			.isNotSameAs(QuietConnectorFactory.class.getClassLoader());
	}

	@Test
	void aDescriptorWithoutVersionOrRangeGetsThoseOfTheJar() throws IOException {
		Path jar = PluginJar.builder(this.plugins.resolve("minimal.jar"))
			.pluginId("minimal")
			.pluginVersion("3.2.1")
			.requires(PluginApi.REQUIRES_1_1)
			.addClass(MinimalConnectorFactory.class)
			.factory(MinimalConnectorFactory.class.getName())
			.build();
		PluginHost host = start(AllowList.of(List.of(AllowList.sha256(jar))));

		LoadedConnector minimal = host.connector("minimal").orElseThrow();
		assertThat(minimal.factory().descriptor().version()).isNull();
		assertThat(minimal.descriptor().version()).isEqualTo("3.2.1");
		assertThat(minimal.descriptor().requires()).isEqualTo(PluginApi.REQUIRES_1_1);
		assertThat(warnings()).isEmpty();
	}

	@Test
	void aDescriptorVersionOtherThanTheJarsLoadsWithAWarning() throws IOException {
		Path jar = jar("quiet", QuietConnectorFactory.class).pluginVersion("2.0.0").build();
		PluginHost host = start(AllowList.of(List.of(AllowList.sha256(jar))));

		LoadedConnector quiet = host.connector("quiet").orElseThrow();
		assertThat(quiet.version()).isEqualTo("2.0.0");
		assertThat(quiet.descriptor().version()).as("a 1.0 connector's own, as before").isEqualTo("1.0.0");
		assertThat(warnings()).singleElement()
			.asString()
			.contains("Plugin 'quiet' 2.0.0 (quiet.jar) describes itself as version 1.0.0, which is not its "
					+ "Plugin-Version; leave the version out of the descriptor");
	}

	@Test
	void refusesAJarNotOnTheAllowListWithOneWarningThatSaysWhatToDo() throws IOException {
		Path jar = jar("quiet", QuietConnectorFactory.class).build();
		String sha256 = AllowList.sha256(jar);
		PluginHost host = start(AllowList.of(List.of("0".repeat(64))));

		assertThat(host.connectors()).isEmpty();
		assertThat(host.refusals()).singleElement().satisfies((refusal) -> {
			assertThat(refusal.file()).isEqualTo(jar);
			assertThat(refusal.pluginId()).isNull();
			assertThat(refusal.reason()).contains("quiet.jar", sha256, "add it to the allow-list");
		});
		assertThat(warnings()).singleElement().asString().contains("quiet.jar", sha256, "add it to the allow-list");
	}

	@Test
	void refusesAJarChangedAfterItWasListed() throws IOException {
		Path jar = jar("quiet", QuietConnectorFactory.class).build();
		AllowList listed = AllowList.of(List.of(AllowList.sha256(jar)));
		jar("quiet", QuietConnectorFactory.class).pluginVersion("1.0.1").build();

		PluginHost host = start(listed);

		assertThat(host.connectors()).isEmpty();
		assertThat(host.refusals()).singleElement()
			.satisfies((refusal) -> assertThat(refusal.reason()).contains(AllowList.sha256(jar), "allow-list"));
	}

	@Test
	void refusesAPluginThatRequiresANewerPluginApi() throws IOException {
		Path jar = jar("quiet", QuietConnectorFactory.class).requires(">=2.0.0").build();
		PluginHost host = start(AllowList.of(List.of(AllowList.sha256(jar))));

		assertThat(host.connectors()).isEmpty();
		assertThat(host.refusals()).singleElement().satisfies((refusal) -> {
			assertThat(refusal.pluginId()).isEqualTo("quiet");
			assertThat(refusal.reason()).contains("'quiet'", ">=2.0.0", "plugin API " + PluginApi.VERSION);
		});
		assertThat(warnings()).singleElement().asString().contains("'quiet'", ">=2.0.0", PluginApi.VERSION);
	}

	@Test
	void refusesAPluginWhoseApiRangeIsMissingOrNotBoundedByTheNextMajorVersion() throws IOException {
		Path missing = jar("missing", QuietConnectorFactory.class).requires(null).build();
		Path star = jar("star", QuietConnectorFactory.class).requires("*").build();
		Path bare = jar("bare", QuietConnectorFactory.class).requires("1.0.0").build();
		Path open = jar("open", QuietConnectorFactory.class).requires(">=1.0.0").build();
		Path wide = jar("wide", QuietConnectorFactory.class).requires(">=0.9.0 & <3.0.0").build();
		try (JarFile file = new JarFile(missing.toFile())) {
			assertThat(file.getManifest().getMainAttributes().getValue("Plugin-Requires")).isNull();
		}
		PluginHost host = start(AllowList.of(List.of(AllowList.sha256(missing), AllowList.sha256(star),
				AllowList.sha256(bare), AllowList.sha256(open), AllowList.sha256(wide))));

		assertThat(host.connectors()).isEmpty();
		String advice = "declare the plugin API range it was built for, e.g. >=1.0.0 & <2.0.0";
		assertThat(reasons(host)).containsOnlyKeys("missing", "star", "bare", "open", "wide")
			.hasEntrySatisfying("missing",
					(reason) -> assertThat(reason).contains("'missing'", "no plugin API range", "missing or '*'",
							advice))
			.hasEntrySatisfying("star",
					(reason) -> assertThat(reason).contains("'star'", "no plugin API range", "missing or '*'", advice))
			.hasEntrySatisfying("bare",
					(reason) -> assertThat(reason).contains("'1.0.0' (which PF4J reads as '>=1.0.0')",
							"also accepts plugin API 2.0.0", advice))
			.hasEntrySatisfying("open",
					(reason) -> assertThat(reason).contains("'>=1.0.0'", "also accepts plugin API 2.0.0", advice))
			.hasEntrySatisfying("wide",
					(reason) -> assertThat(reason).contains("'>=0.9.0 & <3.0.0'", "also accepts plugin API 2.0.0"));
		assertThat(warnings()).hasSize(5).allSatisfy((line) -> assertThat(line).contains(advice));
	}

	@Test
	void loadsAPluginWhoseApiRangeIsThisMajorVersion() throws IOException {
		for (String requires : List.of(PluginApi.REQUIRES, ">=1.0.0 & <2.0.0", "^1.0.0")) {
			Path folder = this.elsewhere.resolve("range-" + requires.hashCode());
			Path jar = PluginJar.builder(folder.resolve("quiet.jar"))
				.pluginId("quiet")
				.requires(requires)
				.addClass(QuietConnectorFactory.class, SimpleConnectorFactory.class, Descriptors.class)
				.factory(QuietConnectorFactory.class.getName())
				.build();
			PluginHost host = PluginHost.start(folder, AllowList.of(List.of(AllowList.sha256(jar))));
			this.closeables.add(host);
			assertThat(host.refusals()).as(requires).isEmpty();
			assertThat(host.connector("quiet")).as(requires).isPresent();
		}
	}

	@Test
	void refusesARequiresThatIsNoVersionExpression() throws IOException {
		Path jar = jar("quiet", QuietConnectorFactory.class).requires("latest").build();
		PluginHost host = start(AllowList.of(List.of(AllowList.sha256(jar))));

		assertThat(host.refusals()).singleElement()
			.satisfies(
					(refusal) -> assertThat(refusal.reason()).contains("'latest'", "not a valid version expression"));
	}

	@Test
	void refusesAFileThatIsNoPluginJar() throws IOException {
		Path garbage = java.nio.file.Files.writeString(this.plugins.resolve("notes.jar"), "not a zip");
		PluginHost host = start(AllowList.of(List.of(AllowList.sha256(garbage))));

		assertThat(host.refusals()).singleElement()
			.satisfies(
					(refusal) -> assertThat(refusal.reason()).contains("notes.jar is not a plugin jar", "Plugin-Id"));
	}

	@Test
	void closingStopsAndUnloadsOnePluginOrSeveralWithoutAFailure() throws IOException {
		// PF4J's own stopPlugins() removes from the list it iterates: with one plugin or
		// three it failed, and with two it stopped only the first
		Path quiet = jar("quiet", QuietConnectorFactory.class).build();
		start(AllowList.of(List.of(AllowList.sha256(quiet)))).close();
		Path chatty = jar("chatty", ChattyConnectorFactory.class).build();
		Path minimal = jar("minimal", MinimalConnectorFactory.class).build();
		PluginHost three = start(
				AllowList.of(List.of(AllowList.sha256(quiet), AllowList.sha256(chatty), AllowList.sha256(minimal))));
		assertThat(three.connectors()).hasSize(3);
		three.close();

		assertThat(warnings()).as("closing went through without a failure").isEmpty();
		assertThat(three.connectors()).isEmpty();
	}

	@Test
	void loadsOnlyTheFirstOfTwoJarsWithTheSamePluginId() throws IOException {
		Path first = jar("quiet", QuietConnectorFactory.class).build();
		Path second = PluginJar.builder(this.plugins.resolve("zz-quiet.jar"))
			.pluginId("quiet")
			.pluginVersion("2.0.0")
			.requires(PluginApi.REQUIRES)
			.addClass(QuietConnectorFactory.class, SimpleConnectorFactory.class, Descriptors.class)
			.factory(QuietConnectorFactory.class.getName())
			.build();
		PluginHost host = start(AllowList.of(List.of(AllowList.sha256(first), AllowList.sha256(second))));

		assertThat(host.connectors()).extracting(LoadedConnector::jar).containsExactly(first);
		assertThat(host.refusals()).singleElement()
			.satisfies((refusal) -> assertThat(refusal.reason()).contains("quiet.jar already provides plugin 'quiet'"));
	}

	@Test
	void aJarThatBundlesThePluginApiStillGetsTheHostsCopy() throws IOException {
		Path jar = jar("quiet", QuietConnectorFactory.class)
			.addClass(ConnectorFactory.class, Connector.class, ConnectorContext.class, ConnectorDescriptor.class,
					ConfigSpec.class, ConfigField.class, CheckResult.class, WebhookResult.class, WebhookRequest.class,
					PluginApi.class)
			.build();
		try (JarFile file = new JarFile(jar.toFile())) {
			assertThat(file.getEntry("io/revcycle/plugin/api/ConnectorFactory.class")).isNotNull();
			assertThat(file.getEntry("io/revcycle/plugin/api/ConnectorDescriptor$Category.class")).isNotNull();
		}
		PluginHost host = start(AllowList.of(List.of(AllowList.sha256(jar))));

		LoadedConnector quiet = host.connector("quiet").orElseThrow();
		ClassLoader pluginLoader = quiet.factory().getClass().getClassLoader();
		assertThat(loadClass(pluginLoader, ConnectorFactory.class.getName())).isSameAs(ConnectorFactory.class);
		assertThat(loadClass(pluginLoader, ConnectorDescriptor.class.getName())).isSameAs(ConnectorDescriptor.class);
		assertThat(quiet.descriptor().category()).isSameAs(ConnectorDescriptor.Category.OTHER);
		assertThat(runtime(quiet, CallPolicy.defaults()).check().value().message())
			.isEqualTo("loaded by ApiFirstClassLoader");
	}

	@Test
	void findsFactoriesOnlyInThePluginsOwnJar() throws IOException {
		// the test class path names QuietConnectorFactory in its own service file
		Path jar = PluginJar.builder(this.plugins.resolve("bare.jar"))
			.pluginId("quiet")
			.requires(PluginApi.REQUIRES)
			.addClass(QuietConnectorFactory.class, SimpleConnectorFactory.class, Descriptors.class)
			.build();
		PluginHost host = start(AllowList.of(List.of(AllowList.sha256(jar))));

		assertThat(host.connectors()).isEmpty();
		assertThat(host.refusals()).singleElement()
			.satisfies((refusal) -> assertThat(refusal.reason()).contains("declares no connector",
					PluginJar.SERVICE_FILE));
	}

	@Test
	void aFactoryThatThrowsRefusesOnlyItsOwnPlugin() throws IOException {
		Path throwing = jar("throwing", ThrowingConnectorFactory.class).build();
		Path quiet = jar("quiet", QuietConnectorFactory.class).build();
		PluginHost host = start(AllowList.of(List.of(AllowList.sha256(throwing), AllowList.sha256(quiet))));

		assertThat(host.connectors()).extracting(LoadedConnector::id).containsExactly("quiet");
		assertThat(host.refusals()).singleElement().satisfies((refusal) -> {
			assertThat(refusal.pluginId()).isEqualTo("throwing");
			assertThat(refusal.reason()).contains("constructor", "no configuration file found");
		});
	}

	@Test
	void refusesAFactoryWhoseIdIsNotThePluginId() throws IOException {
		Path jar = jar("misnamed", MisnamedConnectorFactory.class).build();
		PluginHost host = start(AllowList.of(List.of(AllowList.sha256(jar))));

		assertThat(host.connectors()).isEmpty();
		assertThat(host.refusals()).singleElement()
			.satisfies((refusal) -> assertThat(refusal.reason()).contains("'someone-else'", "Plugin-Id 'misnamed'"));
	}

	@Test
	void refusesAJarThatNamesTwoFactories() throws IOException {
		Path jar = jar("quiet", QuietConnectorFactory.class).addClass(HangingConnectorFactory.class)
			.factory(QuietConnectorFactory.class.getName() + "\n" + HangingConnectorFactory.class.getName())
			.build();
		PluginHost host = start(AllowList.of(List.of(AllowList.sha256(jar))));

		assertThat(host.refusals()).singleElement()
			.satisfies((refusal) -> assertThat(refusal.reason()).contains("2 factories", "exactly one connector"));
	}

	@Test
	void aHangingPluginTimesOutOpensItsCircuitAndAffectsNoOtherPlugin() throws Exception {
		Path hangingJar = jar("hanging", HangingConnectorFactory.class).build();
		Path quietJar = jar("quiet", QuietConnectorFactory.class).build();
		PluginHost host = start(AllowList.of(List.of(AllowList.sha256(hangingJar), AllowList.sha256(quietJar))));
		ConnectorRuntime hanging = runtime(host.connector("hanging").orElseThrow(),
				new CallPolicy(Duration.ofMillis(500), 2, Duration.ofSeconds(30), 2));
		ConnectorRuntime quiet = runtime(host.connector("quiet").orElseThrow(), CallPolicy.defaults());

		CompletableFuture<Kind> firstHang = CompletableFuture.supplyAsync(() -> kindOf(hanging, webhook()));
		long start = System.nanoTime();
		assertThat(quiet.check().value().ok()).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the other plugin answers meanwhile")
			.isLessThan(Duration.ofMillis(400));
		assertThat(firstHang.get()).isEqualTo(Kind.TIMEOUT);
		assertThat(hanging.health().state()).isEqualTo(Health.UNHEALTHY);
		assertThat(hanging.health().lastError()).contains("did not answer within 500 ms");

		assertThat(kindOf(hanging, webhook())).isEqualTo(Kind.TIMEOUT);
		assertThat(hanging.health().state()).isEqualTo(Health.OPEN);
		start = System.nanoTime();
		assertThat(kindOf(hanging, webhook())).isEqualTo(Kind.CIRCUIT_OPEN);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));

		assertThat(quiet.check().value().ok()).isTrue();
		assertThat(quiet.health().healthy()).isTrue();
	}

	@Test
	void refusesNetworkIoWhileAWebhookIsHandled() throws IOException {
		AtomicInteger requests = new AtomicInteger();
		HttpServer server = server(requests);
		Path jar = jar("chatty", ChattyConnectorFactory.class).build();
		TestHost host = testHost(jar);
		TestHost.Instance chatty = host.instance(Map.of("apiKey", "sk_test_5ecret", "baseUrl",
				"http://127.0.0.1:" + server.getAddress().getPort() + "/"));

		assertThatExceptionOfType(ConnectorFailure.class).isThrownBy(() -> chatty.handleWebhook(webhook()))
			.satisfies((failure) -> assertThat(failure.kind()).isEqualTo(Kind.ERROR))
			.withMessageContaining("network I/O is not allowed while a webhook is handled");
		assertThat(requests).as("the request never left the host").hasValue(0);

		assertThat(chatty.check().message()).isEqualTo("status 204");
		assertThat(requests).hasValue(1);
	}

	@Test
	void refusesACallToAHostTheConnectorDidNotDeclare() throws IOException {
		Path jar = jar("chatty", ChattyConnectorFactory.class).build();
		TestHost host = testHost(jar);
		TestHost.Instance chatty = host
			.instance(Map.of("apiKey", "sk_test_5ecret", "baseUrl", "https://undeclared.example.net/"));

		assertThatExceptionOfType(ConnectorFailure.class).isThrownBy(chatty::check)
			.withMessageContaining("may not call host 'undeclared.example.net'")
			.withMessageContaining("api.test.example");
	}

	@Test
	void masksSecretsInTheConnectorsLogLines() throws IOException {
		ListAppender<ILoggingEvent> connectorLog = appender("revcycle.connector.quiet");
		try {
			TestHost host = testHost(jar("quiet", QuietConnectorFactory.class).build());
			host.instance(CONFIG).check();

			assertThat(host.logLines()).singleElement()
				.asString()
				.startsWith("INFO [tenant=test instance=")
				.endsWith("checking with key ****");
			assertThat(connectorLog.list).singleElement()
				.satisfies((event) -> assertThat(event.getFormattedMessage()).endsWith("checking with key ****")
					.doesNotContain("sk_test_5ecret"));
		}
		finally {
			((Logger) LoggerFactory.getLogger("revcycle.connector.quiet")).detachAppender(connectorLog);
		}
	}

	@Test
	void masksSecretsInEveryTextTheConnectorReturns() throws IOException {
		ListAppender<ILoggingEvent> runtimeLog = appender(ConnectorRuntime.class.getName());
		try {
			TestHost host = testHost(jar("leaky", LeakyConnectorFactory.class).build());
			TestHost.Instance leaky = host.instance(CONFIG);

			CheckResult check = leaky.check();
			assertThat(check.ok()).isFalse();
			assertThat(check.message()).isEqualTo("key **** was refused");
			WebhookResult webhook = leaky.handleWebhook(webhook());
			assertThat(webhook.outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
			assertThat(webhook.reason()).isEqualTo("no signature made with ****");
			ActionResult action = leaky.perform(new Action("notify", "k-1", Map.of()));
			assertThat(action.status()).isEqualTo(ActionResult.Status.FAILED);
			assertThat(action.message()).isEqualTo("sent with ****");
			assertThat(action.output()).containsExactlyInAnyOrderEntriesOf(
					Map.of("key", "****", "headers", List.of("Authorization: Bearer ****"), "attempts", 1));
			assertThat(host.connector().validate(Map.of("apiKey", "revoked-7f3a")))
				.containsExactly(new ConfigProblem("apiKey", "key **** is revoked"));

			assertThat(runtimeLog.list).extracting(ILoggingEvent::getFormattedMessage)
				.hasSize(3)
				.allSatisfy((line) -> assertThat(line).contains("Connector 'leaky'", "value of a secret configuration")
					.doesNotContain("sk_test_5ecret"));
		}
		finally {
			((Logger) LoggerFactory.getLogger(ConnectorRuntime.class)).detachAppender(runtimeLog);
		}
	}

	@Test
	void closeUnloadsEveryPlugin() throws IOException {
		Path jar = jar("quiet", QuietConnectorFactory.class).build();
		PluginHost host = start(AllowList.of(List.of(AllowList.sha256(jar))));
		assertThat(host.connectors()).hasSize(1);
		host.close();
		assertThat(host.connectors()).isEmpty();
		assertThat(host.connector("quiet")).isEmpty();
	}

	private PluginJar.Builder jar(String id, Class<?> factory) {
		return PluginJar.builder(this.plugins.resolve(id + ".jar"))
			.pluginId(id)
			.requires(PluginApi.REQUIRES)
			.addClass(factory, SimpleConnectorFactory.class, Descriptors.class)
			.factory(factory.getName());
	}

	private PluginHost start(AllowList allowList) {
		PluginHost host = PluginHost.start(this.plugins, allowList);
		this.closeables.add(host);
		return host;
	}

	private TestHost testHost(Path jar) {
		TestHost host = TestHost.load(jar);
		this.closeables.add(host);
		return host;
	}

	private ConnectorRuntime runtime(LoadedConnector connector, CallPolicy policy) {
		ConnectorRuntime runtime = new ConnectorRuntime(connector, "instance-" + connector.id(), "acme",
				connector.resolve(CONFIG), Map.of(), TestClock.at(Instant.now()), policy, Set.of());
		this.closeables.add(runtime);
		return runtime;
	}

	private static Map<String, String> reasons(PluginHost host) {
		Map<String, String> reasons = new TreeMap<>();
		host.refusals().forEach((refusal) -> reasons.put(refusal.pluginId(), refusal.reason()));
		return reasons;
	}

	private List<String> warnings() {
		return this.hostLog.list.stream()
			.filter((event) -> event.getLevel() == Level.WARN)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	private static ListAppender<ILoggingEvent> appender(String loggerName) {
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		((Logger) LoggerFactory.getLogger(loggerName)).addAppender(appender);
		return appender;
	}

	private static Class<?> loadClass(ClassLoader loader, String name) {
		try {
			return loader.loadClass(name);
		}
		catch (ClassNotFoundException ex) {
			throw new AssertionError(ex);
		}
	}

	private static Kind kindOf(ConnectorRuntime runtime, WebhookRequest request) {
		try {
			runtime.handleWebhook(request);
		}
		catch (ConnectorFailure failure) {
			return failure.kind();
		}
		throw new AssertionError("the call did not fail");
	}

	private static WebhookRequest webhook() {
		return new WebhookRequest("POST", URI.create("https://revcycle.example/hooks/acme/i-1"), Map.of(),
				"{}".getBytes(StandardCharsets.UTF_8), null, Instant.now());
	}

	private HttpServer server(AtomicInteger requests) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", (exchange) -> {
			requests.incrementAndGet();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		server.start();
		this.closeables.add(() -> server.stop(0));
		return server;
	}

}
