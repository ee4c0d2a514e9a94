package io.revcycle.connector.example;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;
import io.revcycle.plugin.testkit.ConnectorContract;
import io.revcycle.plugin.testkit.PluginJar;
import io.revcycle.plugin.testkit.Signatures;
import io.revcycle.plugin.testkit.TestHost;
import io.revcycle.plugin.testkit.WebhookFixture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example connector against the contract every connector passes, with a local fake of
 * Example's API for {@code check()}.
 */
class ExampleConnectorContractTests extends ConnectorContract {

	private static final String API_KEY = "ex_live_4f9a1c2e";

	private static final String SIGNING_SECRET = "whsec_exampleSigning2026";

	private static HttpServer exampleApi;

	@BeforeAll
	static void startTheFakeApi() throws IOException {
		exampleApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		exampleApi.createContext("/v1/account", (exchange) -> {
			boolean valid = ("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"));
			byte[] body = (valid ? "{\"name\":\"Acme\"}" : "{\"error\":\"invalid key\"}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(valid ? 200 : 401, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		exampleApi.start();
	}

	@AfterAll
	static void stopTheFakeApi() {
		exampleApi.stop(0);
	}

	@Override
	protected Path pluginJar(Path tempDir) throws IOException {
		return PluginJar.fromClasses(Path.of("target/classes"), tempDir);
	}

	@Override
	protected Map<String, String> validConfig() {
		return Map.of("baseUrl", fakeApi(), "apiKey", API_KEY, "signingSecret", SIGNING_SECRET);
	}

	@Override
	protected Map<String, Map<String, String>> invalidConfigs() {
		return Map.of("apiKey", Map.of("signingSecret", SIGNING_SECRET), //
				"signingSecret", Map.of("apiKey", API_KEY, "signingSecret", "secret"), //
				"baseUrl",
				Map.of("baseUrl", "http://api.example.com", "apiKey", API_KEY, "signingSecret", SIGNING_SECRET));
	}

	@Override
	protected Optional<Map<String, String>> badCredentialsConfig() {
		return Optional
			.of(Map.of("baseUrl", fakeApi(), "apiKey", "ex_live_revoked77", "signingSecret", SIGNING_SECRET));
	}

	@Override
	protected Optional<WebhookFixture> webhooks() {
		return Optional.of(new WebhookFixture() {

			@Override
			public WebhookRequest signed(Instant at) {
				return webhook(body(at), Signatures.revcycle(SIGNING_SECRET, at, body(at)));
			}

			@Override
			public List<WebhookRequest> lifecycle(Instant at) {
				String created = body("evt_1001", "contact.created", at);
				String submitted = body("evt_1002", "form.submitted", at);
				return List.of(webhook(created, Signatures.revcycle(SIGNING_SECRET, at, created)),
						webhook(submitted, Signatures.revcycle(SIGNING_SECRET, at, submitted)));
			}

			@Override
			public List<WebhookRequest> forged(Instant at) {
				return List.of(webhook(body(at), null), //
						webhook(body(at), Signatures.revcycle("whsec_someoneElseEntirely", at, body(at))),
						webhook(body(at), "v1=" + "0".repeat(64)), //
						webhook(body(at), Signatures.revcycle(SIGNING_SECRET, at, "{}")));
			}

		});
	}

	@Test
	void acceptsAnEventTypeItDoesNotMapWithoutEvents() {
		try (TestHost.Instance instance = host().instance(validConfig())) {
			Instant now = host().clock().instant();
			String body = "{\"id\":\"evt_9\",\"type\":\"invoice.paid\",\"created\":" + now.getEpochSecond() + "}";
			WebhookResult result = instance
				.handleWebhook(webhook(body, Signatures.revcycle(SIGNING_SECRET, now, body)));
			assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
			assertThat(result.events()).isEmpty();
		}
	}

	@Test
	void aPayloadWithoutATimeHappenedWhenItWasReceived() {
		try (TestHost.Instance instance = host().instance(validConfig())) {
			Instant now = host().clock().instant();
			String body = "{\"id\":\"evt_10\",\"type\":\"form.submitted\",\"data\":{\"email\":\"ada@example.com\"}}";
			WebhookRequest request = webhook(body, Signatures.revcycle(SIGNING_SECRET, now, body));
			WebhookResult result = instance.handleWebhook(request);
			assertThat(result.events()).singleElement().satisfies((event) -> {
				assertThat(event.occurredAt()).isEqualTo(request.receivedAt());
				assertThat(event.type()).isEqualTo("form_submitted");
				assertThat(event.person().email()).isEqualTo("ada@example.com");
			});
		}
	}

	@Test
	void aSignedBodyThatIsNoExampleEventIsRejectedAndAnUnknownPersonMakesNoEvent() {
		try (TestHost.Instance instance = host().instance(validConfig())) {
			Instant now = host().clock().instant();
			String notJson = "{\"id\":\"evt_11\",";
			String nobody = "{\"id\":\"evt_12\",\"type\":\"contact.created\",\"data\":{\"first_name\":\"Ada\"}}";
			WebhookResult rejected = instance
				.handleWebhook(webhook(notJson, Signatures.revcycle(SIGNING_SECRET, now, notJson)));
			WebhookResult empty = instance
				.handleWebhook(webhook(nobody, Signatures.revcycle(SIGNING_SECRET, now, nobody)));
			assertThat(rejected.outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
			assertThat(rejected.reason()).startsWith("Signed, but not an Example event");
			assertThat(empty.outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
			assertThat(empty.events()).isEmpty();
		}
	}

	private static String fakeApi() {
		return "http://127.0.0.1:" + exampleApi.getAddress().getPort();
	}

	private static String body(Instant at) {
		return body("evt_1001", "contact.created", at);
	}

	private static String body(String id, String type, Instant at) {
		return """
				{"id":"%s","type":"%s","created":%d,"data":{"email":"ada@example.com","first_name":"Ada",\
				"last_name":"Lovelace","contact_id":"c_42","form":"demo"}}""".formatted(id, type, at.getEpochSecond());
	}

	private static WebhookRequest webhook(String body, String signature) {
		Map<String, List<String>> headers = (signature != null)
				? Map.of("Content-Type", List.of("application/json"), "X-Example-Signature", List.of(signature))
				: Map.of("Content-Type", List.of("application/json"));
		return new WebhookRequest("POST", URI.create("https://revcycle.example/hooks/acme/instance-1"), headers,
				body.getBytes(StandardCharsets.UTF_8), "203.0.113.9", Instant.now());
	}

}
