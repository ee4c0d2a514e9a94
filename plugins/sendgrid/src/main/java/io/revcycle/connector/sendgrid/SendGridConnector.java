package io.revcycle.connector.sendgrid;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.revcycle.plugin.api.Action;
import io.revcycle.plugin.api.ActionResult;
import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.Http;
import io.revcycle.plugin.api.SignatureCheck;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

/**
 * One SendGrid connector instance.
 * <p>
 * Webhooks: SendGrid's Signed Event Webhook. A request is accepted only when its
 * timestamp is within {@link #TOLERANCE} of the context's clock, either way (the plugin
 * API's {@link SignatureCheck#fresh} rule, shared by every connector), and its ECDSA
 * signature verifies with the configured verification key; without a verification key
 * every webhook is refused. Each event is stored once by its {@code sg_event_id}.
 * <p>
 * Action {@code send_email}: {@code POST /v3/mail/send}. SendGrid's Mail Send has no
 * idempotency key, so the connector remembers each delivered key in the instance's cursor
 * store ({@code sent:<key>} = SendGrid's message id) and answers a repeated key with the
 * same message id without sending again. The host commits that cursor only after the call
 * returns: a crash between SendGrid's 202 and the commit leaves the key unremembered, and
 * the retried action sends the email a second time. That window is small but real; the
 * key also travels as the custom argument {@code revcycle_key}, so such a duplicate can
 * be found in SendGrid's activity.
 */
final class SendGridConnector implements Connector {

	/** How far a webhook's timestamp may be from the clock. */
	static final Duration TOLERANCE = Duration.ofMinutes(5);

	static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";

	static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

	private static final String SENT = "sent:";

	private final ConnectorContext context;

	SendGridConnector(ConnectorContext context) {
		this.context = context;
	}

	@Override
	public CheckResult check() throws IOException {
		Http.Response response = this.context.http().send(authorized(Http.Request.get(uri("/v3/scopes"))));
		if (response.status() == 401 || response.status() == 403) {
			return CheckResult.failed("SendGrid refused the API key (" + response.status()
					+ "): check apiKey, it may be revoked or lack permissions");
		}
		if (!response.ok()) {
			return CheckResult.failed(MailSend.errors(response.status(), response.text()));
		}
		try {
			JsonNode scopes = MailSend.JSON.readTree(response.body()).path("scopes");
			boolean canSend = false;
			for (JsonNode scope : scopes) {
				canSend |= "mail.send".equals(scope.asText());
			}
			return canSend ? CheckResult.ok("API key accepted; it may send mail")
					: CheckResult.ok("API key accepted, but it lacks the mail.send permission: send_email will fail");
		}
		catch (IOException ex) {
			return CheckResult.ok("API key accepted");
		}
	}

	@Override
	public WebhookResult handleWebhook(WebhookRequest request) {
		if (!"POST".equalsIgnoreCase(request.method())) {
			return WebhookResult.reject("SendGrid's Event Webhook posts; " + request.method() + " is not accepted");
		}
		Optional<String> keyText = this.context.config().get("verificationKey").filter((k) -> !k.isBlank());
		if (keyText.isEmpty()) {
			return WebhookResult.reject("No verificationKey is configured, so events cannot be verified: enable the"
					+ " Signed Event Webhook in SendGrid and paste its verification key into the connector");
		}
		Optional<String> signature = request.header(SIGNATURE_HEADER);
		Optional<String> timestamp = request.header(TIMESTAMP_HEADER);
		if (signature.isEmpty() || timestamp.isEmpty()) {
			return WebhookResult.reject("Missing " + SIGNATURE_HEADER + " or " + TIMESTAMP_HEADER
					+ " header: enable the Signed Event Webhook in SendGrid's Mail Settings");
		}
		Instant signedAt;
		try {
			signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp.get().trim()));
		}
		catch (NumberFormatException ex) {
			return WebhookResult.reject(TIMESTAMP_HEADER + " is not Unix seconds");
		}
		SignatureCheck fresh = SignatureCheck.fresh(signedAt, this.context.clock().instant(), TOLERANCE);
		if (!fresh.verified()) {
			return WebhookResult.reject("Stale webhook: " + fresh.reason());
		}
		EventWebhookKey key;
		try {
			key = EventWebhookKey.parse(keyText.get());
		}
		catch (IllegalArgumentException ex) {
			return WebhookResult.reject("The configured verificationKey " + ex.getMessage());
		}
		SignatureCheck check = key.check(timestamp.get(), request.body(), signature.get());
		if (!check.verified()) {
			return WebhookResult.reject("Invalid signature (" + check.reason() + "): the body or timestamp was "
					+ "changed, or the verificationKey is not this webhook's");
		}
		JsonNode events;
		try {
			events = MailSend.JSON.readTree(request.body());
		}
		catch (IOException ex) {
			return WebhookResult.reject("The body is not JSON");
		}
		if (events == null || !events.isArray()) {
			return WebhookResult.reject("The body is not a JSON array of events");
		}
		List<Event> mapped = new ArrayList<>();
		int ignored = 0;
		for (JsonNode node : events) {
			if (!node.isObject()) {
				return WebhookResult.reject("The body's array holds something that is not an event object");
			}
			try {
				Optional<Event> event = SendGridEvents.toEvent(node);
				if (event.isPresent()) {
					mapped.add(event.get());
				}
				else {
					ignored++;
				}
			}
			catch (IllegalArgumentException ex) {
				return WebhookResult.reject("Malformed event: " + ex.getMessage());
			}
		}
		if (ignored > 0) {
			this.context.logger()
				.log(System.Logger.Level.DEBUG, "Accepted {0} SendGrid events without engine events", ignored);
		}
		return WebhookResult.accept(mapped);
	}

	@Override
	public ActionResult perform(Action action) throws IOException {
		if (!SendGridConnectorFactory.SEND_EMAIL.equals(action.type())) {
			return ActionResult.failed("Unknown action '" + action.type() + "': SendGrid performs only "
					+ SendGridConnectorFactory.SEND_EMAIL);
		}
		String remembered = SENT + action.idempotencyKey();
		Optional<String> sent = this.context.cursors().get(remembered);
		if (sent.isPresent()) {
			return ActionResult.done(sent.get().isEmpty() ? null : sent.get());
		}
		String body;
		try {
			body = MailSend.body(action, this.context.config());
		}
		catch (IllegalArgumentException ex) {
			return ActionResult.failed(ex.getMessage());
		}
		Http.Response response = this.context.http()
			.send(authorized(Http.Request.post(uri("/v3/mail/send"), "application/json", body)));
		int status = response.status();
		if (status == 202 || status == 200) {
			String messageId = response.header("X-Message-Id").orElse("");
			this.context.cursors().put(remembered, messageId);
			return ActionResult.done(messageId.isEmpty() ? null : messageId);
		}
		if (status == 429) {
			return ActionResult.retry(MailSend.errors(status, response.text()), retryAfter(response));
		}
		if (status >= 500) {
			return ActionResult.retry(MailSend.errors(status, response.text()), null);
		}
		if (status == 401) {
			return ActionResult.failed(MailSend.errors(status, response.text()) + " (check the connector's apiKey)");
		}
		return ActionResult.failed(MailSend.errors(status, response.text()));
	}

	/** When SendGrid's rate limit resets ({@code X-RateLimit-Reset}, Unix seconds). */
	private Duration retryAfter(Http.Response response) {
		Optional<String> seconds = response.header("Retry-After");
		try {
			if (seconds.isPresent()) {
				return Duration.ofSeconds(Math.max(1, Long.parseLong(seconds.get().trim())));
			}
			Optional<String> reset = response.header("X-RateLimit-Reset");
			if (reset.isPresent()) {
				Duration wait = Duration.between(this.context.clock().instant(),
						Instant.ofEpochSecond(Long.parseLong(reset.get().trim())));
				return wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait;
			}
		}
		catch (NumberFormatException ex) {
			// an unreadable header: the host's backoff
		}
		return null;
	}

	private Http.Request authorized(Http.Request request) {
		return request.withHeader("Authorization", "Bearer " + this.context.config().require("apiKey"))
			.withHeader("Accept", "application/json");
	}

	private URI uri(String path) {
		String base = this.context.config().get("apiBase").orElse("https://api.sendgrid.com");
		return URI.create(base.replaceAll("/+$", "") + path);
	}

}
