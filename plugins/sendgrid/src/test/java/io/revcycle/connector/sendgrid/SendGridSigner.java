package io.revcycle.connector.sendgrid;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.testkit.Signatures;

/**
 * Signs webhooks as SendGrid does (ECDSA P-256 with SHA-256 over timestamp + body), with
 * the test kit's helpers, and builds the requests SendGrid posts.
 */
final class SendGridSigner {

	final KeyPair keys;

	SendGridSigner() {
		this.keys = Signatures.sendGridKeyPair();
	}

	/** The verification key as SendGrid shows it. */
	String publicKey() {
		return Signatures.sendGridPublicKey(this.keys.getPublic());
	}

	String sign(String timestamp, byte[] body) {
		return Signatures.sendGrid(this.keys.getPrivate(), Instant.ofEpochSecond(Long.parseLong(timestamp)),
				new String(body, StandardCharsets.UTF_8));
	}

	/** A webhook as SendGrid posts it, signed at the given time. */
	WebhookRequest webhook(String body, Instant signedAt) {
		String timestamp = Long.toString(signedAt.getEpochSecond());
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return request(bytes, timestamp, sign(timestamp, bytes), signedAt);
	}

	static WebhookRequest request(byte[] body, String timestamp, String signature, Instant receivedAt) {
		return new WebhookRequest("POST",
				java.net.URI.create("https://hooks.revcycle.test/hooks/acme/6f1c2a7e-0000-4000-8000-000000000001"),
				Map.of("Content-Type", List.of("application/json"), SendGridConnector.SIGNATURE_HEADER,
						List.of(signature), SendGridConnector.TIMESTAMP_HEADER, List.of(timestamp), "User-Agent",
						List.of("SendGrid Event API")),
				body, "167.89.0.1", receivedAt);
	}

}
