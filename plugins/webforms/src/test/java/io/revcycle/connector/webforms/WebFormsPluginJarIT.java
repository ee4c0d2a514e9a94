package io.revcycle.connector.webforms;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;
import io.revcycle.plugin.host.CallPolicy;
import io.revcycle.plugin.testkit.TestClock;
import io.revcycle.plugin.testkit.TestHost;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar Maven packaged, loaded by the real host: it serves the snippet from its own
 * resources and reads JSON posts with its own relocated Jackson.
 */
class WebFormsPluginJarIT {

	@Test
	void thePackagedJarWorksInTheHost() throws Exception {
		Path jar = Path.of(System.getProperty("plugin.jar", "target/connector-webforms-0.1.0-SNAPSHOT.jar"));
		try (JarFile file = new JarFile(jar.toFile())) {
			assertThat(file.getManifest().getMainAttributes().getValue("Plugin-Id")).isEqualTo("webforms");
			assertThat(file.getEntry("io/revcycle/connector/webforms/snippet.js")).isNotNull();
			assertThat(file.stream().map((e) -> e.getName()))
				.noneMatch((name) -> name.startsWith("com/fasterxml/") || name.startsWith("io/revcycle/plugin/api/"));
		}
		Instant now = Instant.now();
		try (TestHost host = TestHost.load(jar, TestClock.at(now), CallPolicy.defaults())) {
			TestHost.Instance instance = host.instance(Map.of());
			WebhookResult snippet = instance.handleWebhook(new WebhookRequest("GET",
					java.net.URI.create("https://app.revcycle.test/hooks/acme/i-1/snippet.js"), Map.of(), null, null,
					now));
			assertThat(new String(snippet.reply().body(), StandardCharsets.UTF_8)).contains("data-revcycle-form");

			WebhookResult posted = instance.handleWebhook(
					new WebhookRequest("POST", java.net.URI.create("https://app.revcycle.test/hooks/acme/i-1"),
							Map.of("Content-Type", List.of("application/json")),
							"{\"form\":\"trial\",\"email\":\"ann@acme.com\",\"company\":\"Acme\"}"
								.getBytes(StandardCharsets.UTF_8),
							null, now));
			assertThat(posted.outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
			assertThat(posted.events().get(0).account().name()).isEqualTo("Acme");
		}
	}

}
