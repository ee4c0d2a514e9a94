package io.revcycle.connector.sendgrid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.Action;
import io.revcycle.plugin.api.ActionResult;
import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.EventTypes;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;
import io.revcycle.plugin.host.ConnectorFailure;
import io.revcycle.plugin.testkit.ActionFixture;
import io.revcycle.plugin.testkit.ConnectorContract;
import io.revcycle.plugin.testkit.PluginJar;
import io.revcycle.plugin.testkit.Signatures;
import io.revcycle.plugin.testkit.TestHost;
import io.revcycle.plugin.testkit.WebhookFixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The SendGrid connector against the contract every connector passes, loaded as a plugin
 * jar by the real host, with a local fake of SendGrid's API; and a few of its own clauses
 * run through the same host.
 */
class SendGridContractTests extends ConnectorContract {

	private static final KeyPair SENDGRID = Signatures.sendGridKeyPair();

	private static final KeyPair SOMEONE_ELSE = Signatures.sendGridKeyPair();

	private final FakeSendGrid sendGrid;

	SendGridContractTests() throws IOException {
		this.sendGrid = new FakeSendGrid();
	}

	@AfterEach
	void stopTheFake() {
		this.sendGrid.close();
	}

	@Override
	protected Path pluginJar(Path tempDir) throws IOException {
		return PluginJar.fromClasses(Path.of("target/classes"), tempDir);
	}

	@Override
	protected Map<String, String> validConfig() {
		return Map.of("apiKey", FakeSendGrid.API_KEY, "verificationKey",
				Signatures.sendGridPublicKey(SENDGRID.getPublic()), "apiBase", this.sendGrid.base(), "fromEmail",
				"news@acme.com", "fromName", "Acme News");
	}

	private Map<String, String> validConfigWith(String field, String value) {
		Map<String, String> config = new HashMap<>(validConfig());
		config.put(field, value);
		return config;
	}

	@Override
	protected Map<String, Map<String, String>> invalidConfigs() {
		Map<String, String> noKey = new HashMap<>(validConfig());
		noKey.remove("apiKey");
		return Map.of("apiKey", noKey, //
				"verificationKey", validConfigWith("verificationKey", "bm90IGEga2V5"), //
				"apiBase", validConfigWith("apiBase", "ftp://api.sendgrid.com"), //
				"fromEmail", validConfigWith("fromEmail", "news at acme"));
	}

	@Override
	protected Optional<Map<String, String>> badCredentialsConfig() {
		return Optional.of(validConfigWith("apiKey", "SG.revoked_key_7f3e.ZyXwVuTsRqPoNmLkJiHgFeDcBa-0987"));
	}

	@Override
	protected Optional<WebhookFixture> webhooks() {
		return Optional.of(new WebhookFixture() {

			@Override
			public WebhookRequest signed(Instant at) {
				String body = SendGridWebhookTests.fixture("events.json");
				return webhook(body, at.getEpochSecond(), Signatures.sendGrid(SENDGRID.getPrivate(), at, body));
			}

			@Override
			public List<WebhookRequest> lifecycle(Instant at) {
				String delivered = event("delivered", "sg_delivered_4kq1", at);
				String opened = event("open", "sg_open_9tz3", at);
				return List.of(
						webhook(delivered, at.getEpochSecond(),
								Signatures.sendGrid(SENDGRID.getPrivate(), at, delivered)),
						webhook(opened, at.getEpochSecond(), Signatures.sendGrid(SENDGRID.getPrivate(), at, opened)));
			}

			private String event(String type, String id, Instant at) {
				return """
						[{"email":"ada@example.com","timestamp":%d,"event":"%s","sg_event_id":"%s",\
						"sg_message_id":"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0"}]"""
					.formatted(at.getEpochSecond(), type, id);
			}

			@Override
			public List<WebhookRequest> forged(Instant at) {
				String body = SendGridWebhookTests.fixture("events.json");
				String signature = Signatures.sendGrid(SENDGRID.getPrivate(), at, body);
				return List.of(webhook(body, at.getEpochSecond(), null),
						webhook(body, at.getEpochSecond(), Signatures.sendGrid(SOMEONE_ELSE.getPrivate(), at, body)),
						webhook(body, at.getEpochSecond(), "MEUCIQ-not-a-signature"),
						webhook(body, at.getEpochSecond() + 1, signature),
						webhook("[]", at.getEpochSecond(), signature));
			}

		});
	}

	@Override
	protected Optional<ActionFixture> actions() {
		return Optional.of(new ActionFixture() {

			@Override
			public Action action(String idempotencyKey) {
				return new Action("send_email", idempotencyKey,
						Map.of("to", "ann@example.com", "subject", "Welcome", "html", "<p>Welcome, Ann</p>"));
			}

			@Override
			public int remoteEffects() {
				return SendGridContractTests.this.sendGrid.accepted();
			}

		});
	}

	@Test
	void theHostCommitsTheSentKeySoARetryAfterACommitSendsNothing() {
		try (TestHost.Instance instance = host().instance(validConfig())) {
			Action action = new Action("send_email", "outbox-row-99",
					Map.of("to", "ann@example.com", "subject", "Hi", "text", "Hello"));
			ActionResult first = instance.perform(action);
			assertThat(instance.cursors()).containsEntry("sent:outbox-row-99", first.externalId());
			ActionResult retried = instance.perform(action);
			assertThat(retried).isEqualTo(first);
			assertThat(this.sendGrid.accepted()).isEqualTo(1);
		}
	}

	@Test
	void aRateLimitedSendIsRetriedThroughTheHost() throws Exception {
		long reset = host().clock().instant().getEpochSecond() + 30;
		this.sendGrid.enqueue(429, Map.of("X-RateLimit-Reset", Long.toString(reset)),
				"{\"errors\":[{\"field\":null,\"message\":\"too many requests\"}]}");
		try (TestHost.Instance instance = host().instance(validConfig())) {
			Action action = new Action("send_email", "outbox-row-100",
					Map.of("to", "ann@example.com", "subject", "Hi", "text", "Hello"));
			ActionResult limited = instance.perform(action);
			assertThat(limited.status()).isEqualTo(ActionResult.Status.RETRY);
			assertThat(limited.retryAfter())
				.isEqualTo(java.time.Duration.between(host().clock().instant(), Instant.ofEpochSecond(reset)));
			assertThat(instance.cursors()).isEmpty();
			assertThat(instance.perform(action).status()).isEqualTo(ActionResult.Status.DONE);
		}
		assertThat(new ObjectMapper().readTree(this.sendGrid.mailSends().get(1).body())
			.path("personalizations")
			.get(0)
			.path("custom_args")
			.path("revcycle_key")
			.asText()).isEqualTo("outbox-row-100");
	}

	@Test
	void theDocumentedEventsPassTheHost() {
		try (TestHost.Instance instance = host().instance(validConfig())) {
			Instant now = host().clock().instant();
			String body = SendGridWebhookTests.fixture("events.json");
			WebhookResult result = instance.handleWebhook(
					webhook(body, now.getEpochSecond(), Signatures.sendGrid(SENDGRID.getPrivate(), now, body)));
			assertThat(result.events()).extracting(Event::type)
				.containsExactlyInAnyOrder(EventTypes.EMAIL_BOUNCED, EventTypes.EMAIL_DELIVERED,
						EventTypes.EMAIL_BOUNCED, EventTypes.EMAIL_OPENED, EventTypes.EMAIL_CLICKED,
						EventTypes.EMAIL_UNSUBSCRIBED, EventTypes.EMAIL_UNSUBSCRIBED, EventTypes.EMAIL_UNSUBSCRIBED);
		}
	}

	@Test
	void withoutAVerificationKeyWebhooksAreRefused() {
		Map<String, String> config = new HashMap<>(validConfig());
		config.remove("verificationKey");
		try (TestHost.Instance instance = host().instance(config)) {
			Instant now = host().clock().instant();
			String body = SendGridWebhookTests.fixture("events.json");
			WebhookResult result = instance.handleWebhook(
					webhook(body, now.getEpochSecond(), Signatures.sendGrid(SENDGRID.getPrivate(), now, body)));
			assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
			assertThat(result.reason()).contains("verificationKey");
		}
	}

	@Test
	void theHostRefusesApiCallsToUndeclaredHosts() {
		try (TestHost.Instance instance = host().instance(validConfigWith("apiBase", "https://api.example.org"))) {
			assertThatExceptionOfType(ConnectorFailure.class).isThrownBy(instance::check);
		}
	}

	private static WebhookRequest webhook(String body, long timestamp, String signature) {
		Map<String, List<String>> headers = new HashMap<>();
		headers.put("Content-Type", List.of("application/json"));
		headers.put(Signatures.SENDGRID_TIMESTAMP_HEADER, List.of(Long.toString(timestamp)));
		if (signature != null) {
			headers.put(Signatures.SENDGRID_SIGNATURE_HEADER, List.of(signature));
		}
		return new WebhookRequest("POST", java.net.URI.create("https://app.revcycle.test/hooks/acme/instance-1"),
				headers, body.getBytes(StandardCharsets.UTF_8), "167.89.118.52", Instant.now());
	}

}
