package io.revcycle.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

/**
 * Keysets as this platform stores them in its configuration: the base64 of Tink's JSON
 * keyset, in clear. Failures name the setting and what is wrong with it, never its value.
 */
final class Keysets {

	static final String SETTING = "revcycle.secrets.keyset (REVCYCLE_SECRETS_KEYSET)";

	static {
		try {
			AeadConfig.register();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Tink's AEAD primitives cannot be registered", ex);
		}
	}

	private Keysets() {
	}

	/** Makes sure Tink's AEAD key types are registered (done once, by loading this). */
	static void register() {
	}

	/** A new keyset of one AES256-GCM key, its primary. */
	static KeysetHandle generate() {
		try {
			return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("A key could not be generated", ex);
		}
	}

	/**
	 * Reads a keyset.
	 * @param base64 the base64 of its JSON
	 * @throws IllegalStateException when it is not a usable AEAD keyset
	 */
	static KeysetHandle parse(String base64) {
		String json;
		try {
			json = new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(SETTING + " must be base64 (of a Tink JSON keyset)");
		}
		KeysetHandle handle;
		try {
			handle = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			// the cause may quote the input: it is left out
			throw new IllegalStateException(SETTING + " is not a Tink JSON keyset in clear (base64 of its JSON)");
		}
		aead(handle);
		return handle;
	}

	/** The base64 of the keyset's JSON, with its key material. */
	static String serialize(KeysetHandle handle) {
		try {
			return Base64.getEncoder()
				.encodeToString(TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get())
					.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The keyset could not be written", ex);
		}
	}

	/**
	 * The AEAD of a keyset: seals with its primary key, opens with any of its enabled
	 * keys.
	 * @throws IllegalStateException when it has no enabled primary key or holds other
	 * than AEAD keys
	 */
	static Aead aead(KeysetHandle handle) {
		try {
			if (handle.getPrimary() == null) {
				throw new GeneralSecurityException("no primary");
			}
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new IllegalStateException(SETTING + " has no enabled primary key");
		}
		try {
			return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new IllegalStateException(
					SETTING + " must hold AEAD keys (such as AES256-GCM) with an enabled " + "primary key");
		}
	}

}
