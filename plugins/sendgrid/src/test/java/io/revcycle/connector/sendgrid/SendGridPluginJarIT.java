package io.revcycle.connector.sendgrid;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.ActionResult;
import io.revcycle.plugin.api.Action;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;
import io.revcycle.plugin.host.CallPolicy;
import io.revcycle.plugin.testkit.Signatures;
import io.revcycle.plugin.testkit.TestClock;
import io.revcycle.plugin.testkit.TestHost;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar Maven packaged, loaded by the real host: self-contained (its own relocated
 * Jackson, no plugin API inside), verifying webhooks and sending through the fake.
 */
class SendGridPluginJarIT {

	@Test
	void thePackagedJarWorksInTheHost() throws Exception {
		Path jar = Path.of(System.getProperty("plugin.jar", "target/connector-sendgrid-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).isRegularFile();
		try (JarFile file = new JarFile(jar.toFile())) {
			assertThat(file.getManifest().getMainAttributes().getValue("Plugin-Id")).isEqualTo("sendgrid");
			assertThat(file.getEntry("io/revcycle/connector/sendgrid/shaded/jackson/databind/ObjectMapper.class"))
				.isNotNull();
			assertThat(file.stream().map((e) -> e.getName()))
				.noneMatch((name) -> name.startsWith("com/fasterxml/") || name.startsWith("io/revcycle/plugin/api/"));
		}

		KeyPair keys = Signatures.sendGridKeyPair();
		Instant now = Instant.now();
		try (FakeSendGrid sendGrid = new FakeSendGrid();
				TestHost host = TestHost.load(jar, TestClock.at(now), CallPolicy.defaults())) {
			TestHost.Instance instance = host.instance(Map.of("apiKey", FakeSendGrid.API_KEY, "verificationKey",
					Signatures.sendGridPublicKey(keys.getPublic()), "apiBase", sendGrid.base(), "fromEmail",
					"news@acme.com"));
			String body = SendGridWebhookTests.fixture("events.json");
			WebhookResult result = instance.handleWebhook(
					new WebhookRequest("POST", java.net.URI.create("https://app.revcycle.test/hooks/acme/i-1"),
							Map.of(Signatures.SENDGRID_SIGNATURE_HEADER,
									List.of(Signatures.sendGrid(keys.getPrivate(), now, body)),
									Signatures.SENDGRID_TIMESTAMP_HEADER, List.of(Long.toString(now.getEpochSecond()))),
							body.getBytes(StandardCharsets.UTF_8), null, now));
			assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
			assertThat(result.events()).hasSize(8);

			ActionResult sent = instance.perform(new Action("send_email", "it-1",
					Map.of("to", "ann@example.com", "subject", "Hi", "text", "Hello")));
			assertThat(sent.status()).isEqualTo(ActionResult.Status.DONE);
			assertThat(sendGrid.accepted()).isEqualTo(1);
			assertThat(instance.health().healthy()).isTrue();
		}
		assertThat(Files.exists(jar)).isTrue();
	}

}
