package io.revcycle.connector.sendgrid;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.Action;
import io.revcycle.plugin.api.ActionResult;
import io.revcycle.plugin.api.ActionResult.Status;
import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.Connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class SendGridActionTests {

	private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

	private static final ObjectMapper JSON = new ObjectMapper();

	private final FakeSendGrid sendGrid;

	private final TestContext context;

	SendGridActionTests() throws IOException {
		this.sendGrid = new FakeSendGrid();
		this.context = context(FakeSendGrid.API_KEY);
	}

	private TestContext context(String apiKey) {
		Map<String, String> config = new HashMap<>();
		config.put("apiKey", apiKey);
		config.put("apiBase", this.sendGrid.base());
		config.put("fromEmail", "news@acme.com");
		config.put("fromName", "Acme News");
		return new TestContext(config, NOW);
	}

	@AfterEach
	void stop() {
		this.sendGrid.close();
	}

	private Connector connector() {
		return new SendGridConnectorFactory().create(this.context);
	}

	private static Action email(String key) {
		return new Action("send_email", key,
				Map.of("to", "ann@example.com", "toName", "Ann Lee", "subject", "Your trial", "text", "Hello Ann",
						"html", "<p>Hello Ann</p>", "campaign", "Q4 trial nurture", "customArgs",
						Map.of("person", "p-42"), "categories", List.of("nurture")));
	}

	@Test
	void postsTheDocumentedMailSendShape() throws Exception {
		ActionResult result = connector().perform(email("outbox-17"));

		assertThat(result.status()).isEqualTo(Status.DONE);
		FakeSendGrid.Recorded request = this.sendGrid.mailSends().get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.header("Authorization")).isEqualTo("Bearer " + FakeSendGrid.API_KEY);
		assertThat(request.header("Content-Type")).isEqualTo("application/json");
		JsonNode expected = JSON.readTree("""
				{
				  "personalizations": [{
				    "to": [{"email": "ann@example.com", "name": "Ann Lee"}],
				    "custom_args": {"person": "p-42", "campaign": "Q4 trial nurture", "revcycle_key": "outbox-17"}
				  }],
				  "from": {"email": "news@acme.com", "name": "Acme News"},
				  "subject": "Your trial",
				  "content": [
				    {"type": "text/plain", "value": "Hello Ann"},
				    {"type": "text/html", "value": "<p>Hello Ann</p>"}
				  ],
				  "categories": ["nurture"]
				}
				""");
		assertThat(JSON.readTree(request.body())).isEqualTo(expected);
	}

	@Test
	void aDynamicTemplateSendsItsIdAndDataWithoutContent() throws Exception {
		Action action = new Action("send_email", "k-template", Map.of("to", "ann@example.com", "templateId",
				"d-0123456789abcdef0123456789abcdef", "dynamicData", Map.of("first_name", "Ann", "seats", 5)));
		assertThat(connector().perform(action).status()).isEqualTo(Status.DONE);

		JsonNode body = JSON.readTree(this.sendGrid.mailSends().get(0).body());
		assertThat(body.path("template_id").asText()).isEqualTo("d-0123456789abcdef0123456789abcdef");
		assertThat(body.path("personalizations").get(0).path("dynamic_template_data"))
			.isEqualTo(JSON.readTree("{\"first_name\":\"Ann\",\"seats\":5}"));
		assertThat(body.has("content")).isFalse();
		assertThat(body.has("subject")).isFalse();
	}

	@Test
	void acceptedIsDoneWithTheMessageIdRemembered() throws Exception {
		ActionResult result = connector().perform(email("outbox-1"));

		assertThat(result).isEqualTo(ActionResult.done("msg-1-qWxYz"));
		assertThat(this.context.cursors.staged).containsEntry("sent:outbox-1", "msg-1-qWxYz");
	}

	@Test
	void aRepeatedKeyAnswersTheSameMessageWithoutSendingAgain() throws Exception {
		ActionResult first = connector().perform(email("outbox-2"));
		this.context.cursors.commit();
		ActionResult again = connector().perform(email("outbox-2"));
		ActionResult other = connector().perform(email("outbox-3"));

		assertThat(again.externalId()).isEqualTo(first.externalId());
		assertThat(other.externalId()).isNotEqualTo(first.externalId());
		assertThat(this.sendGrid.accepted()).isEqualTo(2);
	}

	@Test
	void aKeyWhoseCallWasNotCommittedIsSentAgain() throws Exception {
		// the documented window: SendGrid accepted, but the host dropped the call's
		// cursors
		connector().perform(email("outbox-4"));
		this.context.cursors.drop();
		connector().perform(email("outbox-4"));
		assertThat(this.sendGrid.accepted()).isEqualTo(2);
	}

	@Test
	void badRequestFailsWithSendGridsMessages() throws Exception {
		this.sendGrid.enqueue(400, Map.of(), """
				{"errors":[{"message":"The from email does not contain a valid address.","field":"from.email",
				"help":"http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.from"},
				{"message":"Invalid type. Expected: object, given: string.","field":"personalizations.0.custom_args"}]}
				""");
		ActionResult result = connector().perform(email("outbox-5"));

		assertThat(result.status()).isEqualTo(Status.FAILED);
		assertThat(result.message()).contains("400")
			.contains("from.email: The from email does not contain a valid address.")
			.contains("personalizations.0.custom_args: Invalid type");
		assertThat(this.context.cursors.staged).isEmpty();
	}

	@Test
	void tooManyRequestsIsRetriedWhenTheLimitResets() throws Exception {
		this.sendGrid.enqueue(429,
				Map.of("X-RateLimit-Limit", "600", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset",
						Long.toString(NOW.getEpochSecond() + 42)),
				"{\"errors\":[{\"field\":null,\"message\":\"too many requests\"}]}");
		ActionResult result = connector().perform(email("outbox-6"));

		assertThat(result.status()).isEqualTo(Status.RETRY);
		assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(42));
		assertThat(result.message()).contains("too many requests");
		assertThat(this.context.cursors.staged).isEmpty();

		assertThat(connector().perform(email("outbox-6")).status()).isEqualTo(Status.DONE);
	}

	@Test
	void serverErrorsAreRetried() throws Exception {
		this.sendGrid.enqueue(500, Map.of(), "{\"errors\":[{\"message\":\"internal server error\"}]}");
		this.sendGrid.enqueue(503, Map.of(), "");
		assertThat(connector().perform(email("outbox-7")).status()).isEqualTo(Status.RETRY);
		assertThat(connector().perform(email("outbox-7")).status()).isEqualTo(Status.RETRY);
		assertThat(connector().perform(email("outbox-7")).status()).isEqualTo(Status.DONE);
		assertThat(this.sendGrid.accepted()).isEqualTo(1);
	}

	@Test
	void aRefusedKeyFailsWithoutShowingIt() throws Exception {
		String wrongKey = "SG.wrong_0123456789.abcdefghijklmnopqrstuvwxyz";
		ActionResult result = new SendGridConnectorFactory().create(context(wrongKey)).perform(email("outbox-8"));
		assertThat(result.status()).isEqualTo(Status.FAILED);
		assertThat(result.message()).contains("401").contains("apiKey").doesNotContain(wrongKey);
	}

	@Test
	void inputThatCannotMakeAnEmailFailsWithoutACall() throws Exception {
		assertThat(connector().perform(new Action("send_email", "k1", Map.of("subject", "Hi", "text", "x"))).message())
			.contains("'to'");
		assertThat(connector()
			.perform(new Action("send_email", "k2", Map.of("to", "not-an-email", "subject", "Hi", "text", "x")))
			.message()).contains("'to'");
		assertThat(connector().perform(new Action("send_email", "k3", Map.of("to", "a@b.co", "text", "x"))).message())
			.contains("'subject'");
		assertThat(
				connector().perform(new Action("send_email", "k4", Map.of("to", "a@b.co", "subject", "Hi"))).message())
			.contains("'text' or 'html'");
		assertThat(connector().perform(new Action("upsert_contact", "k5", Map.of())).status()).isEqualTo(Status.FAILED);
		assertThat(this.sendGrid.requests).isEmpty();
	}

	@Test
	void aSenderIsNeeded() throws Exception {
		TestContext noSender = new TestContext(Map.of("apiKey", FakeSendGrid.API_KEY, "apiBase", this.sendGrid.base()),
				NOW);
		ActionResult result = new SendGridConnectorFactory().create(noSender)
			.perform(new Action("send_email", "k", Map.of("to", "a@b.co", "subject", "Hi", "text", "x")));
		assertThat(result.message()).contains("fromEmail");

		ActionResult withFrom = new SendGridConnectorFactory().create(noSender)
			.perform(new Action("send_email", "k",
					Map.of("to", "a@b.co", "subject", "Hi", "text", "x", "from", "rep@acme.com")));
		assertThat(withFrom.status()).isEqualTo(Status.DONE);
		assertThat(JSON.readTree(this.sendGrid.mailSends().get(0).body()).path("from"))
			.isEqualTo(JSON.readTree("{\"email\":\"rep@acme.com\"}"));
	}

	@Test
	void checkCallsScopesWithTheKey() throws Exception {
		CheckResult ok = connector().check();
		assertThat(ok.ok()).isTrue();
		assertThat(ok.message()).contains("send mail");
		assertThat(this.sendGrid.requests.get(0).path()).isEqualTo("/v3/scopes");

		String wrongKey = "SG.wrong_0123456789.abcdefghijklmnopqrstuvwxyz";
		CheckResult refused = new SendGridConnectorFactory().create(context(wrongKey)).check();
		assertThat(refused.ok()).isFalse();
		assertThat(refused.message()).contains("401").contains("apiKey").doesNotContain(wrongKey);
	}

	@Test
	void checkTellsOfAKeyThatCannotSend() throws Exception {
		this.sendGrid.enqueue(200, Map.of(), "{\"scopes\":[\"stats.read\"]}");
		CheckResult result = connector().check();
		assertThat(result.ok()).isTrue();
		assertThat(result.message()).contains("lacks the mail.send");
	}

	@Test
	void anUnreachableApiIsAnIOException() {
		String base = this.sendGrid.base();
		this.sendGrid.close();
		TestContext gone = new TestContext(Map.of("apiKey", FakeSendGrid.API_KEY, "apiBase", base), NOW);
		assertThatIOException().isThrownBy(() -> new SendGridConnectorFactory().create(gone).check());
	}

}
