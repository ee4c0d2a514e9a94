package io.revcycle.legacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.EventTypes;
import io.revcycle.plugin.api.PluginApi;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

/**
 * A connector written and compiled against plugin API 1.0.0, as a partner wrote them
 * then: positional constructors, its own HMAC code, {@code check()} implemented because
 * 1.0.0 had no default. Its webhooks are form-encoded ({@code id}, {@code type} form or
 * note, {@code email}, {@code at} in unix seconds), signed in {@code X-Legacy-Signature:
 * t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">} with a 5-minute tolerance.
 */
public final class LegacyConnectorFactory implements ConnectorFactory {

	@Override
	public ConnectorDescriptor descriptor() {
		return new ConnectorDescriptor("legacy", "Legacy", "1.0.0", PluginApi.REQUIRES,
				ConnectorDescriptor.Category.FORMS, "A connector built against plugin API 1.0.0",
				Set.of(EventTypes.FORM_SUBMITTED, EventTypes.NOTE), Set.of(), Set.of("api.legacy.example"));
	}

	@Override
	public ConfigSpec configSpec() {
		return ConfigSpec.of(ConfigField.string("signingSecret")
			.withDisplayName("Signing secret")
			.asRequired()
			.asSecret()
			.withPattern("whsec_[A-Za-z0-9]{8,}")
			.withDescription("The secret the webhooks are signed with"));
	}

	@Override
	public Connector create(ConnectorContext context) {
		return new Connector() {

			@Override
			public CheckResult check() {
				return CheckResult.ok("Legacy has nothing remote to check");
			}

			@Override
			public WebhookResult handleWebhook(WebhookRequest request) {
				String timestamp = null;
				String signature = null;
				for (String part : request.header("X-Legacy-Signature").orElse("").split(",")) {
					if (part.startsWith("t=")) {
						timestamp = part.substring(2);
					}
					else if (part.startsWith("v1=")) {
						signature = part.substring(3);
					}
				}
				if (timestamp == null || signature == null || !timestamp.matches("\\d{1,12}")) {
					return WebhookResult.reject("missing or malformed X-Legacy-Signature header");
				}
				Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
				if (Duration.between(signedAt, context.clock().instant()).abs().compareTo(Duration.ofMinutes(5)) > 0) {
					return WebhookResult.reject("the signature is older than 5 minutes");
				}
				String expected = HexFormat.of()
					.formatHex(hmac(context.config().require("signingSecret"), timestamp + "." + request.bodyText()));
				if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
						signature.getBytes(StandardCharsets.US_ASCII))) {
					return WebhookResult.reject("the signature does not match");
				}
				Map<String, List<String>> fields = request.formFields();
				String type = "note".equals(first(fields, "type")) ? EventTypes.NOTE : EventTypes.FORM_SUBMITTED;
				Event event = Event.of(type, Instant.ofEpochSecond(Long.parseLong(first(fields, "at"))),
						first(fields, "id"), Event.Person.byEmail(first(fields, "email")))
					.withProperties(Map.of("built_against", "plugin API 1.0.0"));
				return WebhookResult.accept(List.of(event));
			}

		};
	}

	private static String first(Map<String, List<String>> fields, String name) {
		return fields.getOrDefault(name, List.of("0")).get(0);
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
