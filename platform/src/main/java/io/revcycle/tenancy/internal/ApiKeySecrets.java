package io.revcycle.tenancy.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API key format:
 * {@code rck_<tenant slug>_<tenant and key id, base64url>.<256 random bits, base64url>}.
 * The slug tells people (and the gateway's rate limiter) which tenant a key is for; the
 * ids let the platform find the key's row inside the key's own tenant, so row-level
 * security stays on; the random part is what authenticates.
 */
final class ApiKeySecrets {

	static final String PREFIX = "rck_";

	private static final Pattern FORMAT = Pattern
		.compile("^rck_([a-z0-9][a-z0-9-]{1,38}[a-z0-9])_([A-Za-z0-9_-]{43})\\.([A-Za-z0-9_-]{43})$");

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private ApiKeySecrets() {
	}

	/** The parts of a presented key. */
	record Parsed(String slug, UUID tenantId, UUID keyId) {
	}

	/** Makes a new key for a tenant. */
	static String generate(String slug, UUID tenantId, UUID keyId) {
		ByteBuffer ids = ByteBuffer.allocate(32);
		ids.putLong(tenantId.getMostSignificantBits()).putLong(tenantId.getLeastSignificantBits());
		ids.putLong(keyId.getMostSignificantBits()).putLong(keyId.getLeastSignificantBits());
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		return PREFIX + slug + "_" + ENCODER.encodeToString(ids.array()) + "." + ENCODER.encodeToString(secret);
	}

	/** Reads a presented key; empty when it is not in the format at all. */
	static Optional<Parsed> parse(String key) {
		if (key == null) {
			return Optional.empty();
		}
		Matcher matcher = FORMAT.matcher(key);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		ByteBuffer ids = ByteBuffer.wrap(Base64.getUrlDecoder().decode(matcher.group(2)));
		return Optional.of(new Parsed(matcher.group(1), new UUID(ids.getLong(), ids.getLong()),
				new UUID(ids.getLong(), ids.getLong())));
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
		return key.substring(0, key.indexOf('_', PREFIX.length()) + 1) + "..." + key.substring(key.length() - 6);
	}

}
