package io.revcycle.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;

/**
 * The raw AES key of {@code revcycle.secrets.key}, from before keysets. Values sealed
 * with it are stored as {@code v1:<base64 of a 12-byte nonce, then the AES-GCM ciphertext
 * and its 128-bit tag>}, the row binding as associated data.
 *
 * <p>
 * Opening such values is the code that wrote them until keysets came, kept as it was: it
 * accepts the 16, 24 and 32-byte keys that code accepted. Sealing (only while no keyset
 * is configured) goes through Tink's AES-GCM without an output prefix, which writes
 * exactly that format, for 16 and 32-byte keys.
 */
final class LegacyKey {

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecretKeySpec key;

	private LegacyKey(byte[] bytes) {
		this.key = new SecretKeySpec(bytes, "AES");
	}

	/**
	 * The key of the setting.
	 * @throws IllegalStateException when it is not base64 of 16, 24 or 32 bytes (the
	 * message never quotes it)
	 */
	static LegacyKey of(String base64) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(base64.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("revcycle.secrets.key (REVCYCLE_SECRETS_KEY) must be base64");
		}
		if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
			throw new IllegalStateException("revcycle.secrets.key (REVCYCLE_SECRETS_KEY) must be 16, 24 or 32 bytes "
					+ "(base64), not " + bytes.length);
		}
		return new LegacyKey(bytes);
	}

	/**
	 * Opens a value of the {@code v1} format.
	 * @param sealed the bytes after the prefix, decoded
	 * @throws GeneralSecurityException when it was sealed with another key, for another
	 * row, or altered
	 */
	String open(byte[] sealed, String boundTo) throws GeneralSecurityException {
		if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
			throw new GeneralSecurityException("too short");
		}
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
		cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
		return new String(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), StandardCharsets.UTF_8);
	}

	/**
	 * Tink's AES-GCM under this key, writing the {@code v1} format (a random 12-byte
	 * nonce, the ciphertext, a 16-byte tag, no prefix).
	 * @throws IllegalStateException for a 24-byte key, which Tink does not take
	 */
	Aead sealer() {
		byte[] bytes = this.key.getEncoded();
		if (bytes.length != 16 && bytes.length != 32) {
			throw new IllegalStateException("revcycle.secrets.key (REVCYCLE_SECRETS_KEY) is " + bytes.length
					+ " bytes: it still opens the values sealed with it, but new values are sealed with AES keys of "
					+ "16 or 32 bytes. Set revcycle.secrets.keyset (REVCYCLE_SECRETS_KEYSET) too; see \"Rotating the "
					+ "secrets key\" in the README.");
		}
		Keysets.register();
		try {
			AesGcmParameters parameters = AesGcmParameters.builder()
				.setKeySizeBytes(bytes.length)
				.setIvSizeBytes(NONCE_BYTES)
				.setTagSizeBytes(TAG_BITS / 8)
				.setVariant(AesGcmParameters.Variant.NO_PREFIX)
				.build();
			AesGcmKey key = AesGcmKey.builder()
				.setParameters(parameters)
				.setKeyBytes(SecretBytes.copyFrom(bytes, InsecureSecretKeyAccess.get()))
				.build();
			return KeysetHandle.newBuilder()
				.addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
				.build()
				.getPrimitive(RegistryConfiguration.get(), Aead.class);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("revcycle.secrets.key (REVCYCLE_SECRETS_KEY) cannot be used with AES-GCM");
		}
	}

}
