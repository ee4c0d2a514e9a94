package io.revcycle.connector.webforms;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.WebhookResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the snippet as served in Node (when Node is installed; no browser needed), with a
 * stub page, and posts what it sent back to the connector.
 */
class SnippetInNodeTests {

	@Test
	void whatTheSnippetPostsBecomesOneEvent(@TempDir Path dir) throws Exception {
		assumeTrue(nodeAvailable(), "node is not installed");
		Connector connector = new WebFormsConnectorFactory().create(new TestContext(
				Map.of("allowedOrigins", "https://www.acme.com"), Instant.parse("2026-11-23T10:00:00Z")));
		WebhookResult served = connector.handleWebhook(Posts.get("/snippet.js").request());
		Path script = dir.resolve("snippet.js");
		Files.write(script, served.reply().body());
		Path harness = dir.resolve("harness.js");
		try (InputStream in = getClass().getResourceAsStream("/snippet-harness.js")) {
			Files.write(harness, in.readAllBytes());
		}

		Process node = new ProcessBuilder("node", harness.toString(), script.toString()).redirectErrorStream(true)
			.start();
		String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(node.exitValue()).as(output).isZero();
		JsonNode run = new ObjectMapper().readTree(output);

		JsonNode calls = run.path("calls");
		assertThat(calls).hasSize(2);
		JsonNode call = calls.get(0);
		assertThat(call.path("url").asText()).isEqualTo(Posts.HOOK.toString());
		assertThat(call.path("method").asText()).isEqualTo("POST");
		assertThat(call.path("headers").path("Accept").asText()).isEqualTo("application/json");
		assertThat(call.path("credentials").asText()).isEqualTo("omit");
		// a URLSearchParams body: fetch sends it as application/x-www-form-urlencoded, no
		// preflight
		assertThat(call.path("bodyType").asText()).isEqualTo("[object URLSearchParams]");
		assertThat(run.path("honeypot").asText()).isEqualTo("_hp");
		String anonymousId = run.path("storage").path("revcycle_aid").asText();
		assertThat(anonymousId).isNotBlank();
		assertThat(run.path("storage").path("revcycle_utm").asText()).contains("newsletter");

		Event first = post(connector, call.path("body").asText());
		Event second = post(connector, calls.get(1).path("body").asText());
		assertThat(first.person().email()).isEqualTo("ann@acme.com");
		assertThat(first.person().firstName()).isEqualTo("Ann");
		assertThat(first.person().anonymousId()).isEqualTo(anonymousId);
		assertThat(first.account().name()).isEqualTo("Acme GmbH");
		assertThat(first.campaign()).isEqualTo("spring");
		assertThat(first.properties()).containsEntry("form", "demo-request")
			.containsEntry("utm_source", "newsletter")
			.containsEntry("utm_medium", "email")
			.containsEntry("page",
					"https://www.acme.com/demo?utm_source=newsletter&utm_medium=email&utm_campaign=spring");
		assertThat(second.externalId()).as("a double submit carries one submission id").isEqualTo(first.externalId());
	}

	private static Event post(Connector connector, String body) {
		Posts post = Posts.snippet("https://www.acme.com");
		WebhookResult result = connector.handleWebhook(new io.revcycle.plugin.api.WebhookRequest("POST", Posts.HOOK,
				post.request().headers(), body.getBytes(StandardCharsets.UTF_8), null, Instant.now()));
		assertThat(result.outcome()).as(result.reason()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
		assertThat(result.reply().headers()).containsEntry("Access-Control-Allow-Origin", "https://www.acme.com");
		return result.events().get(0);
	}

	private static boolean nodeAvailable() {
		try {
			Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
