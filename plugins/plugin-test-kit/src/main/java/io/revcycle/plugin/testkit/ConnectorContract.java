package io.revcycle.plugin.testkit;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.revcycle.plugin.api.Action;
import io.revcycle.plugin.api.ActionResult;
import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigProblem;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.PluginApi;
import io.revcycle.plugin.api.PollResult;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;
import io.revcycle.plugin.host.CallPolicy;
import io.revcycle.plugin.host.ConnectorFailure;
import io.revcycle.plugin.host.LoadedConnector;
import io.revcycle.plugin.host.PluginRequires;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract every connector passes. A connector's test extends this class, says how to
 * build its jar and configure it, and gives fixtures for what it offers (webhooks,
 * polling, actions); each {@code @Test} here is one clause of the contract, run against
 * the jar loaded by the real host. Clauses about a capability the connector does not
 * offer are skipped, each with the reason (in the test report, and in the summary the
 * suite prints after the class: which clauses passed, failed and were skipped, and why).
 * <pre>{@code
 * class AcmeConnectorContractTests extends ConnectorContract {
 *
 * 	protected Path pluginJar(Path tempDir) throws Exception {
 * 		return PluginJar.fromClasses(Path.of("target/classes"), tempDir);
 * 	}
 *
 * 	protected Map<String, String> validConfig() {
 * 		return Map.of("apiKey", "test-key", "webhookSecret", "whsec_test");
 * 	}
 *
 * 	protected Map<String, Map<String, String>> invalidConfigs() {
 * 		return Map.of("apiKey", Map.of("webhookSecret", "whsec_test"));
 * 	}
 * }
 * }</pre> Give secret fields distinctive test values (not {@code "x"}): the suite looks
 * for them in everything the connector returns and logs.
 */
@ExtendWith(ContractReport.class)
public abstract class ConnectorContract {

	private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*");

	private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*");

	private static final Pattern SEMANTIC_VERSION = Pattern
		.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

	private static final Pattern HOST = Pattern
		.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[1-9][0-9]{0,4})?");

	private static final String NO_WEBHOOKS = "webhooks() gives no WebhookFixture: the connector takes no webhooks "
			+ "(the clause 'webhooks: a connector that takes webhooks gives a webhook fixture' holds it to that)";

	private static final String NO_BODY_SIGNATURE = "WebhookFixture.verifiesBody() is false: the webhooks carry no "
			+ "signature over the body (a form post), so a changed body cannot be told";

	private static final String NO_TIMESTAMP = "WebhookFixture.verifiesBody() is false: the webhooks carry no signed "
			+ "timestamp, so their age cannot be told";

	private static final String NO_POLLING = "polling() gives no PollFixture: the connector does not poll";

	private static final String NO_ACTIONS = "actions() gives no ActionFixture: the connector performs no actions "
			+ "(the clause on descriptor.actions() holds it to that)";

	private static final String NO_BAD_CREDENTIALS = "badCredentialsConfig() gives none: the connector has no "
			+ "credentials its check() could find refused (give one when check() calls the remote system)";

	@TempDir
	Path contractFolder;

	private Path jar;

	private TestHost host;

	/**
	 * Builds the connector's plugin jar, usually
	 * {@code PluginJar.fromClasses(Path.of("target/classes"), tempDir)}.
	 * @param tempDir a fresh folder to build it in
	 * @return the jar
	 * @throws Exception when it cannot be built
	 */
	protected abstract Path pluginJar(Path tempDir) throws Exception;

	/**
	 * A configuration that passes validation and works with the fixtures: its secrets
	 * sign the webhook fixture, its base URL points at the fake remote system.
	 */
	protected abstract Map<String, String> validConfig();

	/**
	 * Configurations that must be rejected, each by the field it gets wrong: field name
	 * to a configuration whose validation must report a problem naming that field.
	 */
	protected abstract Map<String, Map<String, String>> invalidConfigs();

	/**
	 * A valid configuration with credentials the (fake) remote system refuses:
	 * {@code check()} must answer {@code ok=false} without throwing, and say so without
	 * the secret.
	 */
	protected Optional<Map<String, String>> badCredentialsConfig() {
		return Optional.empty();
	}

	/** The webhooks the connector takes, if it takes any. */
	protected Optional<WebhookFixture> webhooks() {
		return Optional.empty();
	}

	/** The fake the connector polls, if it polls. */
	protected Optional<PollFixture> polling() {
		return Optional.empty();
	}

	/** The actions the connector performs, if it performs any. */
	protected Optional<ActionFixture> actions() {
		return Optional.empty();
	}

	/** Where the host's clock starts; it stands still during a test. */
	protected Clock clock() {
		return Clock.systemUTC();
	}

	/** The host's call policy for the connector's instances. */
	protected CallPolicy callPolicy() {
		return CallPolicy.defaults();
	}

	/** The host the connector is loaded in, for a subclass's own tests. */
	protected final TestHost host() {
		return this.host;
	}

	@BeforeEach
	public final void loadThePluginJarInTheHost() throws Exception {
		this.jar = pluginJar(this.contractFolder.resolve("build"));
		assertThat(this.jar).as("pluginJar(tempDir) must return the jar it built").isRegularFile();
		this.host = TestHost.load(this.jar, clock(), callPolicy());
	}

	@AfterEach
	public final void closeTheHost() {
		if (this.host != null) {
			this.host.close();
		}
	}

	// descriptor and configuration

	@Test
	@DisplayName("descriptor: the id is lowercase letters, digits and dashes, and is the jar's Plugin-Id")
	public final void descriptorIdIsThePluginId() throws IOException {
		String pluginId = manifest("Plugin-Id");
		assertThat(pluginId).as("The jar's manifest needs a Plugin-Id").isNotBlank();
		ConnectorDescriptor descriptor = connector().descriptor();
		assertThat(descriptor.id())
			.as("The descriptor's id '%s' must match [a-z][a-z0-9-]*: it is the plugin id and the source of every event",
					descriptor.id())
			.matches(ID);
		assertThat(descriptor.id()).as("The descriptor's id must equal the jar's Plugin-Id").isEqualTo(pluginId);
	}

	@Test
	@DisplayName("descriptor: the version is a semantic version")
	public final void descriptorVersionIsSemantic() {
		String version = connector().descriptor().version();
		assertThat(version)
			.as("The version must be a semantic version such as 1.2.0, not '%s' (the descriptor's, or else the jar's "
					+ "Plugin-Version)", version)
			.isNotNull()
			.matches(SEMANTIC_VERSION);
	}

	@Test
	@DisplayName("descriptor: the version is the jar's Plugin-Version (left out, it is taken from there)")
	public final void descriptorVersionIsThePluginVersion() throws IOException {
		String pluginVersion = manifest("Plugin-Version");
		String declared = connector().factory().descriptor().version();
		if (declared != null) {
			assertThat(declared)
				.as("The descriptor's version '%s' differs from the jar's Plugin-Version '%s' (the build's version): "
						+ "leave version(..) out of the descriptor, and the host takes the jar's", declared,
						pluginVersion)
				.isEqualTo(pluginVersion);
		}
		assertThat(connector().descriptor().version()).as("The loaded descriptor's version").isEqualTo(pluginVersion);
	}

	@Test
	@DisplayName("descriptor: requires is a range of this plugin API's major version the host accepts, as Plugin-Requires says")
	public final void descriptorRequiresThisPluginApi() throws IOException {
		String requires = connector().descriptor().requires();
		assertThat(requires).as("descriptor.requires() must be set; use PluginApi.REQUIRES").isNotBlank();
		PluginRequires.problem(requires)
			.ifPresent(
					(problem) -> fail("The host would refuse descriptor.requires() '" + requires + "': it " + problem));
		assertThat(manifest("Plugin-Requires")).as("The jar's Plugin-Requires must equal descriptor.requires()")
			.isEqualTo(requires);
	}

	@Test
	@DisplayName("descriptor: declares the event types it produces, each named like the engine's types")
	public final void descriptorDeclaresTheEventsItProduces() {
		Set<String> produces = connector().descriptor().produces();
		if (webhooks().isPresent() || polling().isPresent()) {
			assertThat(produces)
				.as("A connector that takes webhooks or polls must list its event types in descriptor.produces()")
				.isNotEmpty();
		}
		for (String type : produces) {
			assertThat(type)
				.as("Event type '%s' in descriptor.produces() must match [a-z][a-z0-9_]* (see EventTypes)", type)
				.matches(TYPE);
		}
	}

	@Test
	@DisplayName("descriptor: declares actions exactly when the test offers an action fixture")
	public final void descriptorDeclaresItsActions() {
		Set<String> declared = connector().descriptor().actions();
		if (actions().isPresent()) {
			assertThat(declared).as("actions() gives a fixture, so descriptor.actions() must list the action types")
				.isNotEmpty();
		}
		else {
			assertThat(declared)
				.as("descriptor.actions() declares %s: override actions() with an ActionFixture to test them", declared)
				.isEmpty();
		}
		for (String type : declared) {
			assertThat(type).as("Action type '%s' must match [a-z][a-z0-9_]*", type).matches(TYPE);
		}
	}

	@Test
	@DisplayName("descriptor: declares the hosts it calls, as host names or *.domain")
	public final void descriptorDeclaresTheHostsItCalls() {
		Set<String> hosts = connector().descriptor().hosts();
		if (polling().isPresent() || actions().isPresent()) {
			assertThat(hosts)
				.as("A connector that polls or performs actions calls its remote system: list its host names in descriptor.hosts()")
				.isNotEmpty();
		}
		for (String host : hosts) {
			assertThat(host)
				.as("Host '%s' in descriptor.hosts() must be a lowercase host name or *.domain, optionally with a :port, "
						+ "without scheme or path", host)
				.matches(HOST);
		}
	}

	@Test
	@DisplayName("config: every field is described")
	public final void everyConfigFieldIsDescribed() {
		ConfigSpec spec = connector().spec();
		for (ConfigField field : spec.fields()) {
			assertThat(field.description())
				.as("Config field '%s' needs withDescription(..): what it is and where the tenant finds its value",
						field.name())
				.isNotBlank();
		}
	}

	@Test
	@DisplayName("config: the valid configuration passes validation")
	public final void validConfigurationPasses() {
		assertThat(connector().validate(validConfig())).as("validConfig() must pass validation").isEmpty();
	}

	@Test
	@DisplayName("config: each invalid configuration is rejected, naming its field")
	public final void invalidConfigurationsAreRejectedNamingTheField() {
		Map<String, Map<String, String>> invalid = invalidConfigs();
		assumeFalse(invalid.isEmpty(), "invalidConfigs() gives none: the configuration has nothing that can be wrong "
				+ "(give, for each required or checked field, a configuration that gets it wrong)");
		LoadedConnector connector = connector();
		for (Map.Entry<String, Map<String, String>> entry : invalid.entrySet()) {
			String field = entry.getKey();
			assertThat(connector.spec().field(field))
				.as("invalidConfigs() names '%s', which is not a field of the config spec", field)
				.isPresent();
			List<ConfigProblem> problems = connector.validate(entry.getValue());
			assertThat(problems)
				.as("The invalid configuration for '%s' must be rejected with a problem naming '%s'", field, field)
				.anyMatch((problem) -> field.equals(problem.field()));
		}
	}

	@Test
	@DisplayName("check: bad credentials give ok=false and a message without the secret, not an exception")
	public final void checkWithBadCredentialsFailsCleanly() {
		Map<String, String> bad = present(badCredentialsConfig(), NO_BAD_CREDENTIALS);
		TestHost.Instance instance = this.host.instance(bad);
		CheckResult result = call(instance::check,
				"check() with bad credentials must return CheckResult.failed(..) rather than throw");
		assertThat(result.ok()).as("check() with bad credentials must answer ok=false").isFalse();
		assertThat(result.message()).as("check()'s message must say what failed").isNotBlank();
		secrets(bad).forEach((secret, field) -> assertThat(result.message())
			.as("check()'s message contains the value of secret field '%s'", field)
			.doesNotContain(secret));
	}

	// webhooks

	@Test
	@DisplayName("webhooks: a freshly signed webhook is accepted with identified events of declared types")
	public final void signedWebhookIsAccepted() {
		WebhookFixture fixture = present(webhooks(), NO_WEBHOOKS);
		Instant now = now();
		WebhookResult result = handle(this.host.instance(validConfig()), received(fixture.signed(now), now),
				"a freshly signed webhook");
		assertThat(result.outcome()).as("A freshly signed webhook must be ACCEPTED (reason given: %s)", result.reason())
			.isEqualTo(WebhookResult.Outcome.ACCEPTED);
		assertUsable(result.events(), "The accepted webhook");
	}

	@Test
	@DisplayName("webhooks: a redelivered webhook yields the same external ids, so the host stores it once")
	public final void redeliveredWebhookYieldsTheSameExternalIds() {
		WebhookFixture fixture = present(webhooks(), NO_WEBHOOKS);
		Instant now = now();
		TestHost.Instance instance = this.host.instance(validConfig());
		WebhookResult first = handle(instance, received(fixture.signed(now), now), "a freshly signed webhook");
		WebhookResult again = handle(instance, received(fixture.signed(now), now), "the same webhook again");
		assertThat(again.outcome())
			.as("The same webhook delivered again must be ACCEPTED (reason given: %s)", again.reason())
			.isEqualTo(WebhookResult.Outcome.ACCEPTED);
		assertThat(externalIds(again.events()))
			.as("A redelivered webhook must give its events the same externalIds (the sender's event ids)")
			.containsExactlyInAnyOrderElementsOf(externalIds(first.events()));
	}

	@Test
	@DisplayName("webhooks: a body changed after signing is rejected")
	public final void tamperedWebhookIsRejected() {
		WebhookFixture fixture = present(webhooks(), NO_WEBHOOKS);
		assumeTrue(fixture.verifiesBody(), NO_BODY_SIGNATURE);
		Instant now = now();
		WebhookRequest signed = received(fixture.signed(now), now);
		Tampered tampered = tamper(signed.body());
		WebhookResult result = handle(this.host.instance(validConfig()), new WebhookRequest(signed.method(),
				signed.uri(), signed.headers(), tampered.body(), signed.remoteAddress(), signed.receivedAt()),
				"a tampered webhook");
		assertThat(result.outcome())
			.as("A webhook whose body changed after signing (%s) must be REJECTED: verify the signature over the raw body",
					tampered.change())
			.isEqualTo(WebhookResult.Outcome.REJECTED);
	}

	@Test
	@DisplayName("webhooks: a signature a second older than the tolerance is rejected")
	public final void staleWebhookIsRejected() {
		WebhookFixture fixture = present(webhooks(), NO_WEBHOOKS);
		assumeTrue(fixture.verifiesBody(), NO_TIMESTAMP);
		Instant now = now();
		Duration age = fixture.tolerance().plusSeconds(1);
		WebhookResult result = handle(this.host.instance(validConfig()), received(fixture.signed(now.minus(age)), now),
				"a stale webhook");
		assertThat(result.outcome())
			.as("A webhook signed %s ago must be REJECTED, since WebhookFixture.tolerance() says %s: compare its "
					+ "timestamp with context.clock(), and declare the connector's tolerance in the fixture",
					describe(age), describe(fixture.tolerance()))
			.isEqualTo(WebhookResult.Outcome.REJECTED);
	}

	@Test
	@DisplayName("webhooks: a signature a second younger than the tolerance is accepted")
	public final void webhookJustInsideTheToleranceIsAccepted() {
		WebhookFixture fixture = present(webhooks(), NO_WEBHOOKS);
		assumeTrue(fixture.verifiesBody(), NO_TIMESTAMP);
		assumeTrue(fixture.tolerance().compareTo(Duration.ofSeconds(1)) >= 0,
				"WebhookFixture.tolerance() is under a second: no signature is a second younger than it");
		Instant now = now();
		Duration age = fixture.tolerance().minusSeconds(1);
		WebhookResult result = handle(this.host.instance(validConfig()), received(fixture.signed(now.minus(age)), now),
				"a webhook inside the tolerance");
		assertThat(result.outcome())
			.as("A webhook signed %s ago must be ACCEPTED, since WebhookFixture.tolerance() says %s (reason given: "
					+ "%s): declare the connector's own tolerance in the fixture", describe(age),
					describe(fixture.tolerance()), result.reason())
			.isEqualTo(WebhookResult.Outcome.ACCEPTED);
	}

	@Test
	@DisplayName("webhooks: every forged request is rejected")
	public final void forgedWebhooksAreRejected() {
		WebhookFixture fixture = present(webhooks(), NO_WEBHOOKS);
		Instant now = now();
		List<WebhookRequest> forged = fixture.forged(now);
		assertThat(forged)
			.as("WebhookFixture.forged(at) gives no requests: a connector that takes webhooks must show that it refuses "
					+ "forgeries; give at least a request without signature and one signed with another secret")
			.isNotEmpty();
		TestHost.Instance instance = this.host.instance(validConfig());
		for (int i = 0; i < forged.size(); i++) {
			WebhookRequest request = received(forged.get(i), now);
			WebhookResult result = handle(instance, request, "forged request #" + (i + 1));
			assertThat(result.outcome())
				.as("Forged request #%d (headers %s) must be REJECTED", i + 1, request.headers().keySet())
				.isEqualTo(WebhookResult.Outcome.REJECTED);
		}
	}

	@Test
	@DisplayName("webhooks: different remote actions on one resource give events with different external ids")
	public final void differentActionsGiveDifferentExternalIds() {
		WebhookFixture fixture = present(webhooks(), NO_WEBHOOKS);
		Instant now = now();
		List<WebhookRequest> lifecycle = fixture.lifecycle(now);
		assertThat(lifecycle).as("WebhookFixture.lifecycle(at) must give at least two signed webhooks of different "
				+ "actions on one remote resource (a booking created, then canceled; a contact created, then "
				+ "changed): the host stores one event per externalId, so an action that reuses another's id is lost")
			.hasSizeGreaterThanOrEqualTo(2);
		TestHost.Instance instance = this.host.instance(validConfig());
		Map<String, Integer> seen = new LinkedHashMap<>();
		for (int i = 0; i < lifecycle.size(); i++) {
			WebhookResult result = handle(instance, received(lifecycle.get(i), now), "lifecycle webhook #" + (i + 1));
			assertThat(result.outcome())
				.as("Lifecycle webhook #%d must be ACCEPTED (reason given: %s)", i + 1, result.reason())
				.isEqualTo(WebhookResult.Outcome.ACCEPTED);
			assertUsable(result.events(), "Lifecycle webhook #" + (i + 1));
			for (Event event : result.events()) {
				Integer earlier = seen.putIfAbsent(event.externalId(), i + 1);
				if (earlier != null) {
					fail("Lifecycle webhooks #" + earlier + " and #" + (i + 1) + " both gave an event with externalId '"
							+ event.externalId() + "': the host keeps only the first, so the later action is lost. "
							+ "Use the id of the remote event, or the resource's id with the action "
							+ "(<booking id>#created, <booking id>#canceled)");
				}
			}
		}
	}

	@Test
	@DisplayName("webhooks: a connector that takes webhooks gives a webhook fixture")
	public final void aConnectorThatTakesWebhooksGivesAFixture() {
		if (webhooks().isPresent()) {
			return;
		}
		Instant now = now();
		WebhookRequest probe = new WebhookRequest("POST", URI.create("https://revcycle.example/hooks/test/probe"),
				Map.of("Content-Type", List.of("application/json")), "{}".getBytes(StandardCharsets.UTF_8), "127.0.0.1",
				now);
		TestHost.Instance instance = this.host.instance(validConfig());
		try {
			WebhookResult result = instance.handleWebhook(probe);
			fail("handleWebhook answered an unsigned probe with " + result.outcome() + " (" + result.reason()
					+ "), so the connector takes webhooks: override webhooks() with a WebhookFixture, so the suite "
					+ "can check its signatures and events");
		}
		catch (ConnectorFailure failure) {
			assertThat(failure.kind())
				.as("handleWebhook failed on an unsigned probe (%s): the connector takes webhooks, so override "
						+ "webhooks() with a WebhookFixture; and refuse a bad request with WebhookResult.reject(..) "
						+ "instead of throwing", failure.getMessage())
				.isEqualTo(ConnectorFailure.Kind.UNSUPPORTED);
		}
	}

	@Test
	@DisplayName("webhooks: handled without network I/O (the host refuses it)")
	public final void webhooksAreHandledWithoutNetworkIo() {
		WebhookFixture fixture = present(webhooks(), NO_WEBHOOKS);
		Instant now = now();
		TestHost.Instance instance = this.host.instance(validConfig());
		List<WebhookRequest> requests = new ArrayList<>();
		requests.add(fixture.signed(now));
		requests.addAll(fixture.lifecycle(now));
		requests.addAll(fixture.forged(now));
		for (WebhookRequest request : requests) {
			// handle(..) fails with the host's reason when the connector called the
			// network
			handle(instance, received(request, now), "a webhook");
		}
		assertThat(instance.health().healthy()).as("Handling webhooks must not fail: %s", instance.health().lastError())
			.isTrue();
	}

	// polling

	@Test
	@DisplayName("polling: the first poll reads events and returns a cursor")
	public final void firstPollReadsEventsAndACursor() {
		present(polling(), NO_POLLING).reset();
		PollResult first = poll(this.host.instance(validConfig()), null);
		assertThat(first.events()).as("The first poll (cursor null) must read the prepared fake's events").isNotEmpty();
		assertUsable(first.events(), "The first poll");
		assertThat(first.nextCursor()).as("The first poll must return a nextCursor to continue from").isNotBlank();
	}

	@Test
	@DisplayName("polling: a poll from the returned cursor reads nothing already read")
	public final void pollFromTheCursorReadsNothingAlreadyRead() {
		present(polling(), NO_POLLING).reset();
		TestHost.Instance instance = this.host.instance(validConfig());
		PollResult first = poll(instance, null);
		PollResult next = poll(instance, first.nextCursor());
		assertThat(externalIds(next.events()))
			.as("poll(nextCursor) must not read again what poll(null) read: continue after the cursor")
			.doesNotContainAnyElementsOf(externalIds(first.events()));
	}

	@Test
	@DisplayName("polling: polling again from the same cursor reads the same events")
	public final void pollIsRepeatable() {
		present(polling(), NO_POLLING).reset();
		PollResult first = poll(this.host.instance(validConfig()), null);
		PollResult again = poll(this.host.instance(validConfig()), null);
		assertThat(externalIds(again.events()))
			.as("poll(null) repeated (as after a failure) must read the same events with the same externalIds")
			.containsExactlyInAnyOrderElementsOf(externalIds(first.events()));
	}

	// actions

	@Test
	@DisplayName("actions: the fixture's action type is declared")
	public final void actionTypeIsDeclared() {
		Action action = present(actions(), NO_ACTIONS).action("contract-declared");
		assertThat(connector().descriptor().actions())
			.as("The action type '%s' must be listed in descriptor.actions()", action.type())
			.contains(action.type());
	}

	@Test
	@DisplayName("actions: performing the same idempotency key twice has one effect")
	public final void performingTheSameKeyTwiceHasOneEffect() {
		ActionFixture fixture = present(actions(), NO_ACTIONS);
		Action action = fixture.action("contract-" + UUID.randomUUID());
		TestHost.Instance instance = this.host.instance(validConfig());
		int before = fixture.remoteEffects();
		ActionResult first = call(() -> instance.perform(action), "perform(action)");
		ActionResult again = call(() -> instance.perform(action), "perform(action) again");
		assertThat(first.status()).as("perform(action) must be DONE (message: %s)", first.message())
			.isEqualTo(ActionResult.Status.DONE);
		assertThat(again.status())
			.as("perform(action) again with the same key must be DONE (message: %s)", again.message())
			.isEqualTo(ActionResult.Status.DONE);
		assertThat(again.externalId()).as("Both performances must report the same externalId")
			.isEqualTo(first.externalId());
		assertThat(fixture.remoteEffects() - before)
			.as("Performing the same idempotency key twice must have one effect in the remote system")
			.isEqualTo(1);
	}

	// secrets

	@Test
	@DisplayName("secrets: no secret value appears in log lines, check messages or results")
	public final void secretsNeverLeak() {
		Map<String, String> secrets = new LinkedHashMap<>(secrets(validConfig()));
		badCredentialsConfig().ifPresent((bad) -> secrets.putAll(secrets(bad)));
		assumeFalse(secrets.isEmpty(), "the configurations have no secret values: nothing can leak");
		Map<String, String> seen = new LinkedHashMap<>();
		Instant now = now();

		TestHost.Instance valid = this.host.instance(validConfig());
		observe("check() with the valid configuration", seen, valid::check);
		badCredentialsConfig().ifPresent((bad) -> {
			TestHost.Instance instance = this.host.instance(bad);
			observe("check() with bad credentials", seen, instance::check);
		});
		webhooks().ifPresent((fixture) -> {
			WebhookRequest signed = received(fixture.signed(now), now);
			observe("handleWebhook(signed)", seen, () -> valid.handleWebhook(signed));
			if (fixture.verifiesBody()) {
				WebhookRequest tampered = new WebhookRequest(signed.method(), signed.uri(), signed.headers(),
						tamper(signed.body()).body(), signed.remoteAddress(), now);
				observe("handleWebhook(tampered)", seen, () -> valid.handleWebhook(tampered));
			}
			List<WebhookRequest> lifecycle = fixture.lifecycle(now);
			for (int i = 0; i < lifecycle.size(); i++) {
				WebhookRequest request = received(lifecycle.get(i), now);
				observe("handleWebhook(lifecycle #" + (i + 1) + ")", seen, () -> valid.handleWebhook(request));
			}
			List<WebhookRequest> forged = fixture.forged(now);
			for (int i = 0; i < forged.size(); i++) {
				WebhookRequest request = received(forged.get(i), now);
				observe("handleWebhook(forged #" + (i + 1) + ")", seen, () -> valid.handleWebhook(request));
			}
		});
		polling().ifPresent((fixture) -> {
			fixture.reset();
			observe("poll(null)", seen, () -> valid.poll(null));
		});
		actions().ifPresent((fixture) -> {
			Action action = fixture.action("contract-secrets-" + UUID.randomUUID());
			observe("perform(action)", seen, () -> valid.perform(action));
		});
		List<String> lines = this.host.logLines();
		for (int i = 0; i < lines.size(); i++) {
			seen.put("log line " + (i + 1), lines.get(i));
		}

		secrets.forEach((secret, field) -> seen.forEach((where, text) -> assertThat(text)
			.as("The value of secret field '%s' appears in %s: never log, return or put a secret in a message", field,
					where)
			.doesNotContain(secret)));
	}

	// helpers

	private LoadedConnector connector() {
		return this.host.connector();
	}

	private Instant now() {
		return this.host.clock().instant();
	}

	private String manifest(String name) throws IOException {
		try (JarFile file = new JarFile(this.jar.toFile())) {
			return (file.getManifest() != null) ? file.getManifest().getMainAttributes().getValue(name) : null;
		}
	}

	private static <T> T present(Optional<T> value, String why) {
		assumeTrue(value.isPresent(), why);
		return value.get();
	}

	/** Secret values of a configuration, with the name of their field. */
	private Map<String, String> secrets(Map<String, String> config) {
		Map<String, String> secrets = new LinkedHashMap<>();
		for (ConfigField field : connector().spec().fields()) {
			String value = config.get(field.name());
			if (field.secret() && value != null && !value.isBlank()) {
				secrets.put(value, field.name());
			}
		}
		return secrets;
	}

	private static WebhookRequest received(WebhookRequest request, Instant now) {
		return new WebhookRequest(request.method(), request.uri(), request.headers(), request.body(),
				request.remoteAddress(), now);
	}

	private static WebhookResult handle(TestHost.Instance instance, WebhookRequest request, String what) {
		return call(() -> instance.handleWebhook(request), "handleWebhook(" + what + ")");
	}

	private static PollResult poll(TestHost.Instance instance, String cursor) {
		return call(() -> instance.poll(cursor), "poll(" + ((cursor != null) ? "\"" + cursor + "\"" : "null") + ")");
	}

	private static <T> T call(Supplier<T> call, String what) {
		try {
			return call.get();
		}
		catch (ConnectorFailure failure) {
			throw new AssertionError(
					what + " failed in the host (" + failure.kind() + "): " + failure.getMessage() + hint(failure),
					failure);
		}
	}

	private static String hint(ConnectorFailure failure) {
		String message = String.valueOf(failure.getMessage());
		if (message.contains("while a webhook is handled")) {
			return "; handleWebhook must verify and map the request alone, without calling the network";
		}
		if (message.contains("may not call host")) {
			return "; declare the host in descriptor.hosts(), or point the configuration at the local fake";
		}
		return switch (failure.kind()) {
			case TIMEOUT -> "; the call took longer than the host's timeout";
			case UNSUPPORTED -> "; implement the method, or do not give the fixture for it";
			default -> "";
		};
	}

	private static void observe(String where, Map<String, String> seen, Supplier<?> call) {
		try {
			seen.put(where, String.valueOf(call.get()));
		}
		catch (ConnectorFailure failure) {
			seen.put(where + " (failure)", String.valueOf(failure.getMessage()));
		}
	}

	private void assertUsable(List<Event> events, String what) {
		assertThat(events).as("%s must give at least one event", what).isNotEmpty();
		assertThat(externalIds(events))
			.as("%s gave several events with the same externalId: the host stores one per externalId, so the others "
					+ "are lost; give each remote action its own id", what)
			.doesNotHaveDuplicates();
		Set<String> produces = connector().descriptor().produces();
		for (Event event : events) {
			assertThat(event.externalId())
				.as("%s gave an event without externalId: use the remote system's id of the event", what)
				.isNotBlank();
			assertThat(produces)
				.as("%s gave an event of type '%s', which descriptor.produces() does not list", what, event.type())
				.contains(event.type());
			assertThat(event.person().identified())
				.as("%s gave event %s without an email, anonymous id or external id of the person", what,
						event.externalId())
				.isTrue();
		}
	}

	private static String describe(Duration duration) {
		return (duration.toSecondsPart() == 0) ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
	}

	private static List<String> externalIds(List<Event> events) {
		return events.stream().map(Event::externalId).toList();
	}

	/** A body with one change that keeps JSON valid. */
	record Tampered(byte[] body, String change) {
	}

	/**
	 * Changes the body's last digit, or else the case of the last ASCII letter inside a
	 * JSON string (or anywhere, for a body that has no strings): the JSON stays valid,
	 * only the signature can tell.
	 */
	static Tampered tamper(byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		for (int i = text.length() - 1; i >= 0; i--) {
			char c = text.charAt(i);
			if (c >= '0' && c <= '9') {
				char changed = (char) ('0' + (c - '0' + 1) % 10);
				return tampered(text, i, changed, "digit '" + c + "' at " + i + " became '" + changed + "'");
			}
		}
		// prefer a letter of a string value, then of a key
		int value = -1;
		int key = -1;
		int inThisString = -1;
		boolean inString = false;
		boolean escaped = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!inString) {
				inString = c == '"';
				inThisString = -1;
			}
			else if (escaped) {
				escaped = false;
			}
			else if (c == '\\') {
				escaped = true;
			}
			else if (c == '"') {
				inString = false;
				if (inThisString >= 0) {
					if (text.substring(i + 1).stripLeading().startsWith(":")) {
						key = inThisString;
					}
					else {
						value = inThisString;
					}
				}
			}
			else if (isAsciiLetter(c)) {
				inThisString = i;
			}
		}
		int letter = (value >= 0) ? value : key;
		for (int i = text.length() - 1; letter < 0 && i >= 0; i--) {
			if (isAsciiLetter(text.charAt(i))) {
				letter = i;
			}
		}
		assumeTrue(letter >= 0, "the signed body has no digit or letter to change");
		char c = text.charAt(letter);
		char changed = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
		return tampered(text, letter, changed, "letter '" + c + "' at " + letter + " became '" + changed + "'");
	}

	private static Tampered tampered(String text, int index, char changed, String change) {
		String body = text.substring(0, index) + changed + text.substring(index + 1);
		return new Tampered(body.getBytes(StandardCharsets.UTF_8), change);
	}

	private static boolean isAsciiLetter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

}
