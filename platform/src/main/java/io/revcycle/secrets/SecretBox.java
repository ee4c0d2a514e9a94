package io.revcycle.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AeadKey;
import com.google.crypto.tink.util.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Seals secrets at rest (connector credentials, webhook signing secrets) with Tink's
 * AEAD, and opens them. Every value is bound to its row: the associated data names the
 * tenant and the row, so a value copied to another row or tenant does not open.
 *
 * <p>
 * Two stored formats:
 * <ul>
 * <li>{@code v2:<base64 of Tink's ciphertext>}: sealed under the primary key of
 * {@code revcycle.secrets.keyset}; Tink's ciphertext starts with the id of its key, so a
 * value sealed with an older key of the keyset still opens after a rotation;</li>
 * <li>{@code v1:<base64 of nonce, ciphertext and tag>}: AES-GCM under the raw key of
 * {@code revcycle.secrets.key}, from before keysets; it opens as long as that key is set,
 * and new values are sealed this way only when no keyset is set.</li>
 * </ul>
 * Thread-safe.
 */
@Component
public class SecretBox {

	private static final Logger log = LoggerFactory.getLogger(SecretBox.class);

	/** The prefix of values sealed with a keyset. */
	static final String KEYSET = "v2:";

	/** The prefix of values sealed with the legacy key. */
	static final String LEGACY = "v1:";

	/**
	 * The key when none is configured: fine for a laptop, never for production (the
	 * platform says so at start).
	 */
	static final String DEVELOPMENT_KEY = "cmV2Y3ljbGUtZGV2ZWxvcG1lbnQta2V5LTMyYnl0ZXM=";

	/** The keyset's AEAD, or null without a keyset. */
	private final Aead keyset;

	/** The output prefixes of the keyset's enabled keys, the primary's first. */
	private final List<Bytes> prefixes;

	private final LegacyKey legacy;

	private final Aead sealer;

	private final String sealPrefix;

	private final String sealedWith;

	SecretBox(SecretsSettings settings) {
		boolean keysetSet = SecretsSettings.isSet(settings.keyset());
		String key = settings.key();
		boolean development = !keysetSet && !SecretsSettings.isSet(key);
		if (development) {
			log.warn("Neither revcycle.secrets.keyset (REVCYCLE_SECRETS_KEYSET) nor revcycle.secrets.key "
					+ "(REVCYCLE_SECRETS_KEY) is set: secrets at rest are encrypted with the development key. Set a "
					+ "keyset in production (see \"Rotating the secrets key\" in the README).");
			key = DEVELOPMENT_KEY;
		}
		this.legacy = SecretsSettings.isSet(key) ? LegacyKey.of(key) : null;
		if (keysetSet) {
			KeysetHandle handle = Keysets.parse(settings.keyset());
			this.keyset = Keysets.aead(handle);
			this.prefixes = prefixes(handle);
			this.sealer = this.keyset;
			this.sealPrefix = KEYSET;
			this.sealedWith = "revcycle.secrets.keyset, primary key "
					+ Integer.toUnsignedString(handle.getPrimary().getId()) + " (" + handle.size() + " key"
					+ ((handle.size() == 1) ? "" : "s") + ")";
		}
		else {
			this.keyset = null;
			this.prefixes = List.of();
			this.sealer = this.legacy.sealer();
			this.sealPrefix = LEGACY;
			this.sealedWith = development ? "the development key (no keyset or key is set)"
					: "revcycle.secrets.key (no keyset is set)";
		}
		log.info("Secrets at rest are sealed with {}{}", this.sealedWith,
				(keysetSet && this.legacy != null) ? "; values sealed with revcycle.secrets.key still open" : "");
	}

	private static List<Bytes> prefixes(KeysetHandle handle) {
		List<Bytes> prefixes = new ArrayList<>();
		prefixes.add(prefix(handle.getPrimary()));
		for (int i = 0; i < handle.size(); i++) {
			if (!handle.getAt(i).isPrimary() && handle.getAt(i).getStatus() == KeyStatus.ENABLED) {
				prefixes.add(prefix(handle.getAt(i)));
			}
		}
		return List.copyOf(prefixes);
	}

	private static Bytes prefix(KeysetHandle.Entry entry) {
		return (entry.getKey() instanceof AeadKey key) ? key.getOutputPrefix() : Bytes.copyFrom(new byte[0]);
	}

	/**
	 * Seals a value for one row, under the current key: the keyset's primary key, or the
	 * legacy key when no keyset is set.
	 * @param plaintext the value, not null
	 * @param boundTo what the value belongs to (tenant and row ids): opening it needs the
	 * same
	 * @return the value to store; a new one at every call (fresh nonce)
	 */
	public String seal(String plaintext, String boundTo) {
		try {
			byte[] sealed = this.sealer.encrypt(plaintext.getBytes(StandardCharsets.UTF_8),
					boundTo.getBytes(StandardCharsets.UTF_8));
			return this.sealPrefix + Base64.getEncoder().encodeToString(sealed);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("A secret could not be sealed", ex);
		}
	}

	/**
	 * Opens a value sealed for the same row, with whichever key sealed it.
	 * @param sealed a stored value, as {@link #seal} made it
	 * @param boundTo what it was sealed for
	 * @return the value
	 * @throws Unreadable when it was sealed with a key this platform does not have, for
	 * another row, or altered, or is no sealed value
	 */
	public String open(String sealed, String boundTo) {
		byte[] associated = boundTo.getBytes(StandardCharsets.UTF_8);
		if (sealed.startsWith(KEYSET)) {
			if (this.keyset == null) {
				throw new Unreadable("The secret was sealed with a keyset (v2), and revcycle.secrets.keyset is not "
						+ "set on this platform");
			}
			byte[] ciphertext = decode(sealed.substring(KEYSET.length()));
			try {
				return new String(this.keyset.decrypt(ciphertext, associated), StandardCharsets.UTF_8);
			}
			catch (GeneralSecurityException ex) {
				Bytes start = Bytes.copyFrom(ciphertext, 0, Math.min(ciphertext.length, 5));
				boolean known = this.prefixes.stream().anyMatch((prefix) -> prefix.size() == 0 || prefix.equals(start));
				throw new Unreadable(known
						? "The secret does not open with its key of revcycle.secrets.keyset: it was sealed for "
								+ "another row, or altered"
						: "The secret was sealed with a key that revcycle.secrets.keyset does not hold (a key "
								+ "removed before everything was re-sealed, or another platform's keyset)");
			}
		}
		if (sealed.startsWith(LEGACY)) {
			if (this.legacy == null) {
				throw new Unreadable(
						"The secret was sealed with revcycle.secrets.key (v1), which is not set on this " + "platform");
			}
			try {
				return this.legacy.open(decode(sealed.substring(LEGACY.length())), boundTo);
			}
			catch (GeneralSecurityException ex) {
				throw new Unreadable("The secret does not open with revcycle.secrets.key: it was sealed with another "
						+ "key, for another row, or altered");
			}
		}
		throw new Unreadable("The value is not a sealed secret (no v1: or v2: prefix)");
	}

	/**
	 * Whether a stored value is sealed (in either format), as opposed to a value stored
	 * in clear before sealing existed.
	 */
	public boolean isSealed(String stored) {
		return stored.startsWith(KEYSET) || stored.startsWith(LEGACY);
	}

	/**
	 * The value sealed under the current key, for a rotation.
	 * @param sealed a stored value
	 * @param boundTo what it was sealed for
	 * @return empty when it already is sealed under the current key (and opens), else the
	 * value sealed anew
	 * @throws Unreadable when it does not open
	 */
	public Optional<String> reseal(String sealed, String boundTo) {
		String plaintext = open(sealed, boundTo);
		if (isCurrent(sealed)) {
			return Optional.empty();
		}
		return Optional.of(seal(plaintext, boundTo));
	}

	private boolean isCurrent(String sealed) {
		if (!sealed.startsWith(this.sealPrefix)) {
			return false;
		}
		if (this.keyset == null) {
			return true;
		}
		Bytes primary = this.prefixes.get(0);
		byte[] ciphertext = decode(sealed.substring(KEYSET.length()));
		// a primary key without output prefix cannot be told apart: sealed anew
		return primary.size() > 0 && ciphertext.length >= primary.size()
				&& primary.equals(Bytes.copyFrom(ciphertext, 0, primary.size()));
	}

	/** What new values are sealed with, for operators (never key material). */
	public String sealedWith() {
		return this.sealedWith;
	}

	private static byte[] decode(String base64) {
		try {
			return Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new Unreadable("The sealed secret is not valid base64");
		}
	}

	/**
	 * A secret that cannot be opened with this platform's keys. Its message says why, and
	 * never holds key material or the value.
	 */
	public static final class Unreadable extends IllegalStateException {

		Unreadable(String message) {
			super(message);
		}

	}

}
