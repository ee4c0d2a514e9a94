package io.revcycle.plugin.testkit.plugins;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.revcycle.plugin.api.Action;
import io.revcycle.plugin.api.ActionResult;
import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.EventTypes;
import io.revcycle.plugin.api.Http;
import io.revcycle.plugin.api.PluginApi;
import io.revcycle.plugin.api.PollResult;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

/**
 * A connector that offers everything the contract covers: check, signed form-encoded
 * webhooks, polling with a cursor, and an idempotent action. It talks to a fake remote
 * system in plain text, so it needs no library.
 */
public class GoodConnectorFactory implements ConnectorFactory {

	@Override
	public ConnectorDescriptor descriptor() {
		return new ConnectorDescriptor("good", "Good", "1.2.0", PluginApi.REQUIRES, ConnectorDescriptor.Category.CRM,
				"Everything a connector may offer", Set.of(EventTypes.CONTACT_CREATED, EventTypes.NOTE),
				Set.of("add_note"), Set.of("api.good.example"));
	}

	@Override
	public ConfigSpec configSpec() {
		return ConfigSpec.of(
				ConfigField.url("baseUrl").withDefault("https://api.good.example").withDescription("The API's address"),
				ConfigField.string("apiKey").asRequired().asSecret().withDescription("The API key, from Settings"),
				ConfigField.string("webhookSecret")
					.asRequired()
					.asSecret()
					.withPattern("whsec_[A-Za-z0-9]+")
					.withDescription("The webhook signing secret, from Settings"));
	}

	@Override
	public Connector create(ConnectorContext context) {
		return new Good(context);
	}

	static final class Good implements Connector {

		private final ConnectorContext context;

		private final URI base;

		Good(ConnectorContext context) {
			this.context = context;
			this.base = URI.create(context.config().require("baseUrl") + "/");
		}

		@Override
		public CheckResult check() throws IOException {
			Http.Response response = send(Http.Request.get(this.base.resolve("me")));
			if (response.status() == 401) {
				return CheckResult.failed("the API key was refused");
			}
			return response.ok() ? CheckResult.ok("authenticated as " + response.text())
					: CheckResult.failed("unexpected status " + response.status());
		}

		@Override
		public WebhookResult handleWebhook(WebhookRequest request) {
			String[] parts = request.header("X-Good-Signature").orElse("").split(",");
			if (parts.length != 2 || !parts[0].startsWith("t=") || !parts[1].startsWith("v1=")) {
				return WebhookResult.reject("missing or malformed signature");
			}
			long t;
			try {
				t = Long.parseLong(parts[0].substring(2));
			}
			catch (NumberFormatException ex) {
				return WebhookResult.reject("malformed timestamp");
			}
			if (Duration.between(Instant.ofEpochSecond(t), this.context.clock().instant()).abs().toMinutes() >= 5) {
				return WebhookResult.reject("signature too old");
			}
			byte[] expected = hmac(this.context.config().require("webhookSecret"), t + "." + request.bodyText());
			byte[] given = parts[1].substring(3).getBytes(StandardCharsets.US_ASCII);
			if (!MessageDigest.isEqual(HexFormat.of().formatHex(expected).getBytes(StandardCharsets.US_ASCII), given)) {
				return WebhookResult.reject("bad signature");
			}
			Map<String, List<String>> fields = request.formFields();
			Event event = Event.of(EventTypes.CONTACT_CREATED,
					Instant.ofEpochSecond(Long.parseLong(first(fields, "at"))), first(fields, "id"),
					Event.Person.byEmail(first(fields, "email")));
			return WebhookResult.accept(List.of(event));
		}

		@Override
		public PollResult poll(String cursor) throws IOException {
			String after = (cursor != null) ? cursor : "0";
			Http.Response response = send(Http.Request.get(this.base.resolve("events?after=" + after)));
			if (!response.ok()) {
				throw new IOException("events answered " + response.status());
			}
			List<Event> events = new ArrayList<>();
			String last = after;
			for (String line : response.text().split("\n")) {
				if (!line.isBlank()) {
					String[] fields = line.split(" ");
					events.add(Event.of(EventTypes.NOTE, Instant.ofEpochSecond(Long.parseLong(fields[2])), fields[0],
							Event.Person.byEmail(fields[1])));
					last = fields[0];
				}
			}
			return new PollResult(events, last, false);
		}

		@Override
		public ActionResult perform(Action action) throws IOException {
			Http.Request request = Http.Request
				.post(this.base.resolve("notes"), "text/plain", String.valueOf(action.string("text")))
				.withHeader("Idempotency-Key", action.idempotencyKey());
			Http.Response response = send(request);
			return response.ok() ? ActionResult.done(response.text())
					: ActionResult.retry("notes answered " + response.status(), null);
		}

		private Http.Response send(Http.Request request) throws IOException {
			return this.context.http()
				.send(request.withHeader("Authorization", "Bearer " + this.context.config().require("apiKey")));
		}

		private static String first(Map<String, List<String>> fields, String name) {
			return fields.getOrDefault(name, List.of("")).get(0);
		}

		private static byte[] hmac(String secret, String data) {
			try {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
				return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
