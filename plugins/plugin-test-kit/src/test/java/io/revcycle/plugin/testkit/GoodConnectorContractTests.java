package io.revcycle.plugin.testkit;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.revcycle.plugin.api.Action;
import io.revcycle.plugin.api.PluginApi;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.testkit.plugins.GoodConnectorFactory;

/** The contract suite, run against a connector that offers everything it covers. */
class GoodConnectorContractTests extends ConnectorContract {

	private static GoodRemote remote;

	@BeforeAll
	static void startTheFakeRemote() throws IOException {
		remote = GoodRemote.start();
	}

	@AfterAll
	static void stopTheFakeRemote() {
		remote.close();
	}

	@Override
	protected Path pluginJar(Path tempDir) throws IOException {
		return PluginJar.builder(tempDir.resolve("good-1.2.0.jar"))
			.pluginId("good")
			.pluginVersion("1.2.0")
			.requires(PluginApi.REQUIRES)
			.addClass(GoodConnectorFactory.class)
			.factory(GoodConnectorFactory.class.getName())
			.build();
	}

	@Override
	protected Map<String, String> validConfig() {
		return Map.of("baseUrl", remote.base(), "apiKey", GoodRemote.API_KEY, "webhookSecret",
				GoodRemote.WEBHOOK_SECRET);
	}

	@Override
	protected Map<String, Map<String, String>> invalidConfigs() {
		return Map.of("apiKey", Map.of("webhookSecret", GoodRemote.WEBHOOK_SECRET), "webhookSecret",
				Map.of("apiKey", GoodRemote.API_KEY, "webhookSecret", "not-a-secret"), "baseUrl",
				Map.of("apiKey", GoodRemote.API_KEY, "webhookSecret", GoodRemote.WEBHOOK_SECRET, "baseUrl", "nowhere"));
	}

	@Override
	protected Optional<Map<String, String>> badCredentialsConfig() {
		return Optional.of(Map.of("baseUrl", remote.base(), "apiKey", "wrong-key-0b1d", "webhookSecret",
				GoodRemote.WEBHOOK_SECRET));
	}

	@Override
	protected Optional<WebhookFixture> webhooks() {
		return Optional.of(new WebhookFixture() {

			@Override
			public WebhookRequest signed(Instant at) {
				return request(at, Signatures.revcycle(GoodRemote.WEBHOOK_SECRET, at, body(at)));
			}

			@Override
			public List<WebhookRequest> forged(Instant at) {
				return List.of(request(at, null), request(at, Signatures.revcycle("whsec_someoneElse", at, body(at))),
						request(at, "t=soon,v1=00"));
			}

			@Override
			public List<WebhookRequest> lifecycle(Instant at) {
				String created = "id=evt_601&email=ada%40example.com&at=" + at.getEpochSecond();
				String noted = "id=evt_602&email=ada%40example.com&at=" + at.getEpochSecond();
				return List.of(request(at, created, Signatures.revcycle(GoodRemote.WEBHOOK_SECRET, at, created)),
						request(at, noted, Signatures.revcycle(GoodRemote.WEBHOOK_SECRET, at, noted)));
			}

			private String body(Instant at) {
				return "id=evt_501&email=ada%40example.com&at=" + at.getEpochSecond();
			}

			private WebhookRequest request(Instant at, String signature) {
				return request(at, body(at), signature);
			}

			private WebhookRequest request(Instant at, String body, String signature) {
				Map<String, List<String>> headers = (signature != null)
						? Map.of("Content-Type", List.of("application/x-www-form-urlencoded"), "X-Good-Signature",
								List.of(signature))
						: Map.of("Content-Type", List.of("application/x-www-form-urlencoded"));
				return new WebhookRequest("POST", URI.create("https://revcycle.example/hooks/acme/instance-1"), headers,
						body.getBytes(StandardCharsets.UTF_8), "127.0.0.1", at);
			}

		});
	}

	@Override
	protected Optional<PollFixture> polling() {
		return Optional.of(new PollFixture() {
		});
	}

	@Override
	protected Optional<ActionFixture> actions() {
		return Optional.of(new ActionFixture() {

			@Override
			public Action action(String idempotencyKey) {
				return new Action("add_note", idempotencyKey, Map.of("text", "Called, wants a demo"));
			}

			@Override
			public int remoteEffects() {
				return remote.effects();
			}

		});
	}

}
