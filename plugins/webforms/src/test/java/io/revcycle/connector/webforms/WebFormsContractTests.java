package io.revcycle.connector.webforms;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.EventTypes;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;
import io.revcycle.plugin.api.WebhookResult.Outcome;
import io.revcycle.plugin.testkit.ConnectorContract;
import io.revcycle.plugin.testkit.PluginJar;
import io.revcycle.plugin.testkit.TestHost;
import io.revcycle.plugin.testkit.WebhookFixture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web forms connector against the contract every connector passes, loaded as a plugin
 * jar by the real host. Form posts carry no signature over the body: the forged requests
 * are posts with a missing or wrong shared secret.
 */
class WebFormsContractTests extends ConnectorContract {

	private static final String SECRET = "form-secret-9c41e7";

	@Override
	protected Path pluginJar(Path tempDir) throws Exception {
		return PluginJar.fromClasses(Path.of("target/classes"), tempDir);
	}

	@Override
	protected Map<String, String> validConfig() {
		return Map.of("sharedSecret", SECRET, "rateLimitPerMinute", "1000", "successUrl", "https://www.acme.com/thanks",
				"allowedOrigins", "https://www.acme.com");
	}

	@Override
	protected Map<String, Map<String, String>> invalidConfigs() {
		return Map.of("fieldMapping", Map.of("fieldMapping", "email=emailAddress"), //
				"honeypotField", Map.of("honeypotField", "not a field!"), //
				"rateLimitPerMinute", Map.of("rateLimitPerMinute", "0"), //
				"successUrl", Map.of("successUrl", "thanks.html"), //
				"allowedOrigins", Map.of("allowedOrigins", "https://www.acme.com/contact"));
	}

	@Override
	protected Optional<WebhookFixture> webhooks() {
		return Optional.of(new WebhookFixture() {

			@Override
			public WebhookRequest signed(Instant at) {
				return post(body(at, SECRET), Map.of());
			}

			@Override
			public boolean verifiesBody() {
				return false;
			}

			@Override
			public List<WebhookRequest> lifecycle(Instant at) {
				// the same visitor submits twice: two submissions, two submission ids
				return List.of(post(body(at, SECRET), Map.of()),
						post(body(at, SECRET).replace("_sid=contract-", "_sid=contract-again-"), Map.of()));
			}

			@Override
			public List<WebhookRequest> forged(Instant at) {
				return List.of(post(body(at, null), Map.of()), post(body(at, "guess"), Map.of()),
						post(body(at, null), Map.of("X-Form-Secret", "form-secret-9c41e")),
						post(body(at, SECRET.toUpperCase()), Map.of()));
			}

		});
	}

	@Test
	void theThirtyFirstPostIsThrottledByTheHostUntilTheClockMoves() {
		try (TestHost.Instance instance = host().instance(Map.of())) {
			for (int i = 0; i < 30; i++) {
				assertThat(instance.handleWebhook(post("form=contact&email=p" + i + "%40acme.com", Map.of())).outcome())
					.isEqualTo(Outcome.ACCEPTED);
			}
			WebhookResult throttled = instance.handleWebhook(post("form=contact&email=late%40acme.com", Map.of()));
			assertThat(throttled.outcome()).isEqualTo(Outcome.THROTTLED);
			assertThat(throttled.retryAfter()).isPositive();
			host().clock().advance(Duration.ofSeconds(2));
			assertThat(instance.handleWebhook(post("form=contact&email=late%40acme.com", Map.of())).outcome())
				.isEqualTo(Outcome.ACCEPTED);
		}
	}

	@Test
	void theSnippetIsServedThroughTheHost() {
		try (TestHost.Instance instance = host().instance(Map.of())) {
			WebhookRequest get = new WebhookRequest("GET",
					java.net.URI.create("https://app.revcycle.test/hooks/acme/instance-1/snippet.js"), Map.of(), null,
					null, host().clock().instant());
			WebhookResult result = instance.handleWebhook(get);
			assertThat(result.reply().contentType()).isEqualTo("text/javascript; charset=utf-8");
			assertThat(new String(result.reply().body(), StandardCharsets.UTF_8))
				.contains("\"https://app.revcycle.test/hooks/acme/instance-1\"");
		}
	}

	@Test
	void aPlainFormIsRedirectedAndAHoneypotStoresNothing() {
		try (TestHost.Instance instance = host().instance(validConfig())) {
			WebhookResult stored = instance.handleWebhook(post(body(host().clock().instant(), SECRET), Map.of()));
			assertThat(stored.reply().status()).isEqualTo(303);
			Event event = stored.events().get(0);
			assertThat(event.type()).isEqualTo(EventTypes.FORM_SUBMITTED);
			assertThat(event.campaign()).isEqualTo("contract");

			WebhookResult trapped = instance
				.handleWebhook(post("email=bot%40spam.test&_hp=http%3A%2F%2Fspam.test&_secret=" + SECRET, Map.of()));
			assertThat(trapped.outcome()).isEqualTo(Outcome.ACCEPTED);
			assertThat(trapped.events()).isEmpty();
			assertThat(trapped.reply().status()).isEqualTo(303);
		}
	}

	private static String body(Instant at, String secret) {
		String body = "form=contact&email=ann%40acme.com&first_name=Ann&company=Acme+GmbH&utm_source=google"
				+ "&utm_campaign=contract&_aid=anon-7d1f9e2a&_sid=contract-" + at.getEpochSecond();
		return (secret != null) ? body + "&_secret=" + secret : body;
	}

	private static WebhookRequest post(String body, Map<String, String> extraHeaders) {
		Map<String, List<String>> headers = new HashMap<>();
		headers.put("Content-Type", List.of("application/x-www-form-urlencoded"));
		headers.put("Accept", List.of("text/html"));
		extraHeaders.forEach((name, value) -> headers.put(name, List.of(value)));
		return new WebhookRequest("POST", java.net.URI.create("https://app.revcycle.test/hooks/acme/instance-1"),
				headers, body.getBytes(StandardCharsets.UTF_8), "203.0.113.9", Instant.now());
	}

}
