package io.revcycle.tenancy.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The API key format:
 * {@code rck_<tenant and key id, base64url>.<256 random bits, base64url>}. The ids in the
 * key let the platform find the key's row inside the key's own tenant (row-level security
 * stays on); the random part is what authenticates.
 */
final class ApiKeySecrets {

	static final String PREFIX = "rck_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private ApiKeySecrets() {
	}

	/** The parts of a presented key. */
	record Parsed(UUID tenantId, UUID keyId, String key) {
	}

	/** Makes a new key for a tenant. */
	static String generate(UUID tenantId, UUID keyId) {
		ByteBuffer ids = ByteBuffer.allocate(32);
		ids.putLong(tenantId.getMostSignificantBits()).putLong(tenantId.getLeastSignificantBits());
		ids.putLong(keyId.getMostSignificantBits()).putLong(keyId.getLeastSignificantBits());
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		return PREFIX + ENCODER.encodeToString(ids.array()) + "." + ENCODER.encodeToString(secret);
	}

	/** Reads a presented key; empty when it is not in the format at all. */
	static Optional<Parsed> parse(String key) {
		if (key == null || !key.startsWith(PREFIX)) {
			return Optional.empty();
		}
		String[] parts = key.substring(PREFIX.length()).split("\\.", -1);
		if (parts.length != 2) {
			return Optional.empty();
		}
		try {
			ByteBuffer ids = ByteBuffer.wrap(Base64.getUrlDecoder().decode(parts[0]));
			if (ids.remaining() != 32 || Base64.getUrlDecoder().decode(parts[1]).length != 32) {
				return Optional.empty();
			}
			return Optional
				.of(new Parsed(new UUID(ids.getLong(), ids.getLong()), new UUID(ids.getLong(), ids.getLong()), key));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/** The stored hash of a key. */
	static byte[] hash(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Whether a presented key matches a stored hash, in constant time. */
	static boolean matches(String key, byte[] storedHash) {
		return MessageDigest.isEqual(hash(key), storedHash);
	}

	/**
	 * What may be shown of a key after creation: enough to recognise it, far too little
	 * to use it.
	 */
	static String hint(String key) {
		return PREFIX + "..." + key.substring(Math.max(0, key.length() - 6));
	}

}
