package io.revcycle.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.Action;
import io.revcycle.plugin.api.ActionResult;
import io.revcycle.plugin.api.PollResult;
import io.revcycle.plugin.host.CallPolicy;
import io.revcycle.plugin.testkit.TestClock;
import io.revcycle.plugin.testkit.TestHost;

/**
 * The plugin jar Maven packaged, as an operator installs it: self-contained (Jackson
 * relocated inside, no plugin API classes), loaded by the real host, and working against
 * the local fake of HubSpot.
 */
class HubSpotPluginJarIT {

	static final Instant NOW = Instant.parse("2026-11-24T10:15:30Z");

	private final FakeHubSpot hubspot = new FakeHubSpot(() -> NOW);

	private TestHost host;

	@BeforeEach
	void load() throws IOException {
		this.host = TestHost.load(packagedJar(), TestClock.at(NOW), CallPolicy.defaults());
	}

	@AfterEach
	void close() {
		this.host.close();
		this.hubspot.close();
	}

	@Test
	void theJarBundlesJacksonRelocatedAndLeavesThePluginApiToTheHost() throws IOException {
		try (JarFile jar = new JarFile(packagedJar().toFile())) {
			List<String> names = jar.stream().map((e) -> e.getName()).toList();
			assertThat(names).anyMatch((n) -> n.startsWith("io/revcycle/connector/hubspot/shaded/jackson/databind/"))
				.noneMatch((n) -> n.startsWith("com/fasterxml/"))
				.noneMatch((n) -> n.startsWith("io/revcycle/plugin/api/"))
				.contains("META-INF/services/io.revcycle.plugin.api.ConnectorFactory");
			assertThat(jar.getManifest().getMainAttributes().getValue("Plugin-Id")).isEqualTo("hubspot");
		}
		assertThat(this.host.refusals()).isEmpty();
		assertThat(this.host.connector().descriptor().id()).isEqualTo("hubspot");
	}

	@Test
	void thePackagedConnectorChecksUpsertsAndPolls() {
		TestHost.Instance instance = this.host.instance(
				Map.of("accessToken", FakeHubSpot.TOKEN, "apiBase", this.hubspot.baseUrl(), "pollObjects", "contacts"));

		assertThat(instance.check().ok()).isTrue();
		ActionResult upsert = instance
			.perform(new Action("upsert_contact", "jar-1", Map.of("email", "ada@acme.example", "firstname", "Ada")));
		assertThat(upsert.status()).as(upsert.message()).isEqualTo(ActionResult.Status.DONE);
		// the poll stays behind HubSpot's search index by a few seconds
		this.host.clock().advance(Duration.ofMinutes(1));
		PollResult poll = instance.poll(null);
		assertThat(poll.events()).singleElement()
			.satisfies((e) -> assertThat(e.person().email()).isEqualTo("ada@acme.example"));
	}

	private static Path packagedJar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((f) -> f.getFileName().toString().matches("connector-hubspot-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("Run 'verify': the packaged jar is not in target/"));
		}
	}

}
