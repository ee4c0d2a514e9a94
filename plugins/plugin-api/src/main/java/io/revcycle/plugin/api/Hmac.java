package io.revcycle.plugin.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 with one secret: signs content and verifies a signature a sender made over
 * content the connector puts together from the request, as the sender documents it
 * (HubSpot's v3: method, URI, raw body and timestamp). For the common
 * {@code t=<unix seconds>,v1=<hex>} header, use {@link #timestamped(Duration)}.
 * <pre>{@code
 * byte[] signed = (request.method() + uri + request.bodyText() + timestamp).getBytes(UTF_8);
 * SignatureCheck check = Hmac.sha256(clientSecret).verifyBase64(signed, header);
 * }</pre> Immutable and safe for use from several threads. Its {@link #toString()} never
 * shows the secret, and no refusal's reason repeats the expected signature. Comparisons
 * run in constant time ({@link ConstantTime}).
 *
 * @since 1.1.0
 */
public final class Hmac {

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	private Hmac(byte[] key) {
		if (key == null || key.length == 0) {
			throw new IllegalArgumentException("An HMAC secret must not be empty");
		}
		this.key = new SecretKeySpec(key, ALGORITHM);
	}

	/**
	 * HMAC-SHA256 keyed with the UTF-8 bytes of a secret, as senders that show their
	 * secret as text use it ({@code whsec_...} included, prefix and all).
	 * @param secret the secret; not null or empty
	 * @return the HMAC
	 * @throws IllegalArgumentException when the secret is null or empty
	 */
	public static Hmac sha256(String secret) {
		return new Hmac((secret != null) ? secret.getBytes(StandardCharsets.UTF_8) : null);
	}

	/**
	 * HMAC-SHA256 keyed with these bytes (a secret the sender gives as hex or base64,
	 * decoded by the connector).
	 * @param key the key; not null or empty (copied)
	 * @return the HMAC
	 * @throws IllegalArgumentException when the key is null or empty
	 */
	public static Hmac sha256(byte[] key) {
		return new Hmac((key != null) ? key.clone() : null);
	}

	/**
	 * The signature of some content.
	 * @param content the content, byte for byte
	 * @return the 32-byte HMAC-SHA256
	 */
	public byte[] sign(byte[] content) {
		Objects.requireNonNull(content, "content");
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return mac.doFinal(content);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", ex);
		}
	}

	/** The signature of the UTF-8 bytes of some text. */
	public byte[] sign(String content) {
		return sign(Objects.requireNonNull(content, "content").getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Verifies a signature sent as lowercase or uppercase hex.
	 * @param content the content the sender signed, byte for byte
	 * @param given the signature as sent, or null when none was; surrounding spaces are
	 * ignored
	 * @return verified, or refused as {@link SignatureCheck.Problem#MISSING MISSING},
	 * {@link SignatureCheck.Problem#MALFORMED MALFORMED} (not hex) or
	 * {@link SignatureCheck.Problem#MISMATCH MISMATCH}
	 */
	public SignatureCheck verifyHex(byte[] content, String given) {
		if (given == null || given.isBlank()) {
			return SignatureCheck.refused(SignatureCheck.Problem.MISSING, "no signature was sent", null);
		}
		byte[] bytes = hex(given.strip());
		if (bytes == null) {
			return SignatureCheck.refused(SignatureCheck.Problem.MALFORMED, "the signature is not hex", null);
		}
		return compare(content, bytes);
	}

	/** {@link #verifyHex(byte[], String)} over the UTF-8 bytes of some text. */
	public SignatureCheck verifyHex(String content, String given) {
		return verifyHex(Objects.requireNonNull(content, "content").getBytes(StandardCharsets.UTF_8), given);
	}

	/**
	 * Verifies a signature sent as base64 (standard alphabet, with or without padding).
	 * @param content the content the sender signed, byte for byte
	 * @param given the signature as sent, or null when none was; surrounding spaces are
	 * ignored
	 * @return verified, or refused as {@link SignatureCheck.Problem#MISSING MISSING},
	 * {@link SignatureCheck.Problem#MALFORMED MALFORMED} (not base64) or
	 * {@link SignatureCheck.Problem#MISMATCH MISMATCH}
	 */
	public SignatureCheck verifyBase64(byte[] content, String given) {
		if (given == null || given.isBlank()) {
			return SignatureCheck.refused(SignatureCheck.Problem.MISSING, "no signature was sent", null);
		}
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(given.strip());
		}
		catch (IllegalArgumentException ex) {
			return SignatureCheck.refused(SignatureCheck.Problem.MALFORMED, "the signature is not base64", null);
		}
		return compare(content, bytes);
	}

	/** {@link #verifyBase64(byte[], String)} over the UTF-8 bytes of some text. */
	public SignatureCheck verifyBase64(String content, String given) {
		return verifyBase64(Objects.requireNonNull(content, "content").getBytes(StandardCharsets.UTF_8), given);
	}

	/**
	 * The {@code t=<unix seconds>,v1=<hex>} scheme (Stripe's, Revcycle's own, and many
	 * booking and form tools') with this secret.
	 * @param tolerance how far from the clock a signature's timestamp may be
	 * @return the scheme
	 */
	public TimestampedSignature timestamped(Duration tolerance) {
		return new TimestampedSignature(this, tolerance);
	}

	/** Whether the signature of the content is this one; in constant time. */
	boolean matches(byte[] content, byte[] signature) {
		return ConstantTime.equal(sign(content), signature);
	}

	private SignatureCheck compare(byte[] content, byte[] given) {
		return matches(content, given) ? SignatureCheck.verified(null)
				: SignatureCheck.refused(SignatureCheck.Problem.MISMATCH,
						"the signature does not match: the content was changed after "
								+ "signing, or it was signed with another secret",
						null);
	}

	/** Hex digits decoded, or null when they are not an even number of hex digits. */
	static byte[] hex(String digits) {
		try {
			return HexFormat.of().parseHex(digits);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	@Override
	public String toString() {
		return "Hmac[SHA-256]";
	}

}
