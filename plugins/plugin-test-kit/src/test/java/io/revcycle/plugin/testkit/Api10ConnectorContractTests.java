package io.revcycle.plugin.testkit;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.PluginApi;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connector jar compiled against plugin API 1.0.0 (see {@code src/test/api-1.0}) loads
 * on this host, whose API is {@value PluginApi#VERSION}, and passes today's contract
 * suite.
 */
class Api10ConnectorContractTests extends ConnectorContract {

	static final Path JARS = Path.of("src/test/api-1.0");

	private static final String SECRET = "whsec_legacySigning2020";

	@Override
	protected Path pluginJar(Path tempDir) throws IOException {
		Files.createDirectories(tempDir);
		return Files.copy(JARS.resolve("connector-legacy-1.0.0.jar"), tempDir.resolve("connector-legacy-1.0.0.jar"));
	}

	@Override
	protected Map<String, String> validConfig() {
		return Map.of("signingSecret", SECRET);
	}

	@Override
	protected Map<String, Map<String, String>> invalidConfigs() {
		return Map.of("signingSecret", Map.of("signingSecret", "not-a-secret"));
	}

	@Override
	protected Optional<WebhookFixture> webhooks() {
		return Optional.of(new WebhookFixture() {

			@Override
			public WebhookRequest signed(Instant at) {
				return webhook(body("evt_1", "form", at), at, SECRET);
			}

			@Override
			public List<WebhookRequest> lifecycle(Instant at) {
				return List.of(webhook(body("evt_1", "form", at), at, SECRET),
						webhook(body("evt_2", "note", at), at, SECRET));
			}

			@Override
			public List<WebhookRequest> forged(Instant at) {
				return List.of(webhook(body("evt_1", "form", at), at, null),
						webhook(body("evt_1", "form", at), at, "whsec_someoneElse2020"));
			}

		});
	}

	@Test
	void theJarWasBuiltForPluginApi100AndLoadsOnThisHost() throws IOException {
		assertThat(PluginApi.VERSION).isNotEqualTo("1.0.0");
		assertThat(host().connector().descriptor().requires()).isEqualTo(">=1.0.0 & <2.0.0");
		assertThat(host().connector().version()).isEqualTo("1.0.0");
		try (java.util.jar.JarFile jar = new java.util.jar.JarFile(
				JARS.resolve("connector-legacy-1.0.0.jar").toFile())) {
			assertThat(jar.stream().map(java.util.jar.JarEntry::getName))
				.as("the jar brings no plugin API classes of its own: it links to the host's")
				.noneMatch((name) -> name.startsWith("io/revcycle/plugin/api/"));
		}
	}

	@Test
	void itsEventsReachTheHostAsItBuiltThem() {
		try (TestHost.Instance instance = host().instance(validConfig())) {
			Instant now = host().clock().instant();
			WebhookResult result = instance.handleWebhook(webhook(body("evt_7", "note", now), now, SECRET));
			assertThat(result.events()).singleElement().satisfies((Event event) -> {
				assertThat(event.type()).isEqualTo("note");
				assertThat(event.externalId()).isEqualTo("evt_7");
				assertThat(event.person().email()).isEqualTo("ada@example.com");
				assertThat(event.properties()).containsEntry("built_against", "plugin API 1.0.0");
			});
			assertThat(instance.check().message()).isEqualTo("Legacy has nothing remote to check");
		}
	}

	private static String body(String id, String type, Instant at) {
		return "id=" + id + "&type=" + type + "&email=ada%40example.com&at=" + at.getEpochSecond();
	}

	private static WebhookRequest webhook(String body, Instant at, String secret) {
		Map<String, List<String>> headers = (secret != null)
				? Map.of("X-Legacy-Signature", List.of(Signatures.revcycle(secret, at, body))) : Map.of();
		return new WebhookRequest("POST", URI.create("https://revcycle.example/hooks/acme/legacy"), headers,
				body.getBytes(StandardCharsets.UTF_8), "127.0.0.1", at);
	}

}
