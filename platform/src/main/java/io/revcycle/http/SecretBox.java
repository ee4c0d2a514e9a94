package io.revcycle.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets at rest (connector credentials, webhook signing secrets) with AES-GCM,
 * under the key of {@code revcycle.secrets.key} ({@code REVCYCLE_SECRETS_KEY}). Each
 * value gets a fresh 96-bit nonce, and the ciphertext is bound to its row (the associated
 * data names the tenant and the instance), so a ciphertext copied to another row or
 * tenant does not decrypt. Stored as {@code v1:<base64 of nonce and ciphertext>}.
 */
@Component
public class SecretBox {

	private static final Logger log = LoggerFactory.getLogger(SecretBox.class);

	private static final String VERSION = "v1:";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	/**
	 * The key when none is configured: fine for a laptop, never for production (the
	 * platform says so at start).
	 */
	static final String DEVELOPMENT_KEY = "cmV2Y3ljbGUtZGV2ZWxvcG1lbnQta2V5LTMyYnl0ZXM=";

	private final SecureRandom random = new SecureRandom();

	private final SecretKeySpec key;

	SecretBox(@Value("${revcycle.secrets.key:}") String configured) {
		if (configured == null || configured.isBlank()) {
			log.warn("No revcycle.secrets.key (REVCYCLE_SECRETS_KEY) is set: secrets at rest are encrypted with the "
					+ "development key. Set a random 32-byte key (base64) in production.");
			configured = DEVELOPMENT_KEY;
		}
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(configured.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("revcycle.secrets.key must be base64", ex);
		}
		if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
			throw new IllegalStateException(
					"revcycle.secrets.key must be 16, 24 or 32 bytes (base64), not " + bytes.length);
		}
		this.key = new SecretKeySpec(bytes, "AES");
	}

	/**
	 * Encrypts a value for one row.
	 * @param boundTo what the value belongs to (tenant and row ids): opening it needs the
	 * same
	 */
	public String seal(String plaintext, String boundTo) {
		try {
			byte[] nonce = new byte[NONCE_BYTES];
			this.random.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			return VERSION + Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Encryption failed", ex);
		}
	}

	/**
	 * Decrypts a value sealed for the same row.
	 * @throws IllegalStateException when the value was altered, belongs to another row,
	 * or was sealed with another key
	 */
	public String open(String sealed, String boundTo) {
		if (!sealed.startsWith(VERSION)) {
			throw new IllegalStateException("Unknown secret format");
		}
		try {
			byte[] bytes = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
			cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
			return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("A secret could not be decrypted: wrong key, or altered", ex);
		}
	}

}
