package io.revcycle.connector.sendgrid;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import io.revcycle.plugin.api.SignatureCheck;

/**
 * The public key of a SendGrid Signed Event Webhook, and the check of a request against
 * it. SendGrid shows the key as the base64 of a DER SubjectPublicKeyInfo of an ECDSA
 * P-256 key, and signs {@code timestamp + raw body} with SHA-256 ECDSA, sending the
 * base64 of the DER signature in {@code X-Twilio-Email-Event-Webhook-Signature} and the
 * timestamp in {@code X-Twilio-Email-Event-Webhook-Timestamp}.
 */
final class EventWebhookKey {

	private final PublicKey key;

	private EventWebhookKey(PublicKey key) {
		this.key = key;
	}

	/**
	 * Reads a verification key as SendGrid shows it. A PEM frame
	 * ({@code -----BEGIN PUBLIC KEY-----}) and line breaks are tolerated.
	 * @param text the key
	 * @return the key
	 * @throws IllegalArgumentException when it is not a base64 P-256 public key
	 */
	static EventWebhookKey parse(String text) {
		String base64 = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
		byte[] der;
		try {
			der = Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"is not base64; paste the verification key exactly as SendGrid shows it");
		}
		PublicKey key;
		try {
			key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("is not an elliptic curve public key; paste the Event Webhook's"
					+ " verification key from SendGrid's Mail Settings");
		}
		if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
			throw new IllegalArgumentException("is not a P-256 public key as SendGrid uses");
		}
		return new EventWebhookKey(key);
	}

	/** The problem with a key, or null when it can be read. */
	static String problemWith(String text) {
		try {
			parse(text);
			return null;
		}
		catch (IllegalArgumentException ex) {
			return ex.getMessage();
		}
	}

	/**
	 * Checks that the signature is this key's over the timestamp followed by the body.
	 * @param timestamp the timestamp header, as sent
	 * @param body the raw body
	 * @param signature the signature header: base64 of a DER ECDSA signature
	 * @return verified, or refused as malformed (not base64, not DER) or as a mismatch;
	 * the reasons name no key
	 */
	SignatureCheck check(String timestamp, byte[] body, String signature) {
		byte[] der;
		try {
			der = Base64.getDecoder().decode(signature.trim());
		}
		catch (IllegalArgumentException ex) {
			return SignatureCheck.refused(SignatureCheck.Problem.MALFORMED, "the signature is not base64", null);
		}
		try {
			Signature verifier = Signature.getInstance("SHA256withECDSA");
			verifier.initVerify(this.key);
			verifier.update(timestamp.getBytes(StandardCharsets.UTF_8));
			verifier.update(body);
			return verifier.verify(der) ? SignatureCheck.verified(null)
					: SignatureCheck.refused(SignatureCheck.Problem.MISMATCH,
							"the signature is not the verification key's over this body " + "and timestamp", null);
		}
		catch (GeneralSecurityException ex) {
			// a signature that is not valid DER throws instead of answering false
			return SignatureCheck.refused(SignatureCheck.Problem.MALFORMED,
					"the signature is not a DER ECDSA " + "signature", null);
		}
	}

}
