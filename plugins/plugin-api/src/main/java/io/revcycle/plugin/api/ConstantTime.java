package io.revcycle.plugin.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Comparison of a secret with what a request brought, in time that tells an attacker
 * nothing: neither where the two first differ nor how long the secret is. Use it wherever
 * a request's value is compared with a secret or a signature (a form's shared secret, a
 * token in a header); {@link Hmac} and {@link TimestampedSignature} use it. Both values
 * are digested with SHA-256 and the digests compared with
 * {@link MessageDigest#isEqual(byte[], byte[])}, whose time does not depend on where they
 * differ; the digests are always 32 bytes, so the secret's length does not show either.
 *
 * @since 1.1.0
 */
public final class ConstantTime {

	private ConstantTime() {
	}

	/**
	 * Whether two byte arrays are equal.
	 * @param expected the secret or expected value, or null
	 * @param given what the request brought, or null
	 * @return true when both are non-null and equal; false when either is null
	 */
	public static boolean equal(byte[] expected, byte[] given) {
		if (expected == null || given == null) {
			return false;
		}
		return MessageDigest.isEqual(sha256(expected), sha256(given));
	}

	/**
	 * Whether two strings are equal, compared as their UTF-8 bytes.
	 * @param expected the secret or expected value, or null
	 * @param given what the request brought, or null
	 * @return true when both are non-null and equal; false when either is null
	 */
	public static boolean equal(String expected, String given) {
		if (expected == null || given == null) {
			return false;
		}
		return equal(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] sha256(byte[] value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
