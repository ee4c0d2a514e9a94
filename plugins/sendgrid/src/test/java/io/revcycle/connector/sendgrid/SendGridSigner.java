package io.revcycle.connector.sendgrid;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.revcycle.plugin.api.WebhookRequest;

/** Signs webhooks as SendGrid does: ECDSA P-256 with SHA-256 over timestamp + body. */
final class SendGridSigner {

	final KeyPair keys;

	SendGridSigner() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			this.keys = generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The verification key as SendGrid shows it. */
	String publicKey() {
		return Base64.getEncoder().encodeToString(this.keys.getPublic().getEncoded());
	}

	String sign(String timestamp, byte[] body) {
		try {
			Signature signer = Signature.getInstance("SHA256withECDSA");
			signer.initSign(this.keys.getPrivate());
			signer.update(timestamp.getBytes(StandardCharsets.UTF_8));
			signer.update(body);
			return Base64.getEncoder().encodeToString(signer.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
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
