package io.revcycle.secrets;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.revcycle.secrets.TestKeys.box;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@ExtendWith(OutputCaptureExtension.class)
class SecretBoxTests {

	private static final String ROW = "tenant-a/row-1";

	private final SecretBox rotating = box(TestKeys.KEYSET_B_PRIMARY_A, TestKeys.LEGACY_KEY);

	@Test
	void aSealedValueOpensOnlyForItsOwnRowAndKeys() {
		String sealed = this.rotating.seal("sk_live_secret", ROW);
		assertThat(sealed).startsWith("v2:").doesNotContain("sk_live_secret");
		assertThat(this.rotating.seal("sk_live_secret", ROW)).as("a fresh nonce each time").isNotEqualTo(sealed);
		assertThat(this.rotating.open(sealed, ROW)).isEqualTo("sk_live_secret");
		assertThatExceptionOfType(SecretBox.Unreadable.class)
			.isThrownBy(() -> this.rotating.open(sealed, "tenant-b/row-1"))
			.withMessageContaining("another row");
		assertThatExceptionOfType(SecretBox.Unreadable.class)
			.isThrownBy(() -> this.rotating.open(sealed, "tenant-a/row-2"));
		byte[] bytes = Base64.getDecoder().decode(sealed.substring(3));
		bytes[bytes.length - 1] ^= 1;
		assertThatExceptionOfType(SecretBox.Unreadable.class)
			.isThrownBy(() -> this.rotating.open("v2:" + Base64.getEncoder().encodeToString(bytes), ROW))
			.withMessageContaining("altered");
		assertThatExceptionOfType(SecretBox.Unreadable.class)
			.isThrownBy(() -> box(TestKeys.KEYSET_FOREIGN, null).open(sealed, ROW))
			.withMessageContaining("does not hold");
	}

	@Test
	void afterARotationOldValuesOpenNewOnesUseTheNewPrimaryAndAReSealLeavesOnlyIt() {
		SecretBox a = box(TestKeys.KEYSET_A, null);
		SecretBox b = box(TestKeys.KEYSET_B, null);
		String old = a.seal("sealed with A", ROW);
		// rotated to [B primary, A]
		assertThat(this.rotating.open(old, ROW)).isEqualTo("sealed with A");
		String fresh = this.rotating.seal("sealed with B", ROW);
		assertThatExceptionOfType(SecretBox.Unreadable.class).as("new values are not sealed with A")
			.isThrownBy(() -> a.open(fresh, ROW));
		assertThat(b.open(fresh, ROW)).isEqualTo("sealed with B");
		assertThatExceptionOfType(SecretBox.Unreadable.class).as("A removed too early")
			.isThrownBy(() -> b.open(old, ROW))
			.withMessageContaining("does not hold");
		// re-sealed: only what A sealed changes, and B alone opens everything
		String resealed = this.rotating.reseal(old, ROW).orElseThrow();
		assertThat(this.rotating.reseal(fresh, ROW)).as("already under the primary").isEmpty();
		assertThat(b.open(resealed, ROW)).isEqualTo("sealed with A");
		assertThatExceptionOfType(SecretBox.Unreadable.class).isThrownBy(() -> a.open(resealed, ROW));
		assertThat(b.reseal(resealed, ROW)).isEmpty();
		assertThat(this.rotating.sealedWith()).contains("1754437711").contains("2 keys");
	}

	@Test
	void valuesSealedBeforeKeysetsKeepOpening() {
		// as the hand-written box sealed them, with each key size it took
		assertThat(this.rotating.open(TestKeys.LEGACY_SEALED, ROW)).isEqualTo("sk_live_legacy");
		assertThat(box(TestKeys.KEYSET_B, TestKeys.LEGACY_KEY_16).open(TestKeys.LEGACY_SEALED_16, ROW))
			.isEqualTo("sk_live_legacy");
		assertThat(box(TestKeys.KEYSET_B, TestKeys.LEGACY_KEY_24).open(TestKeys.LEGACY_SEALED_24, ROW))
			.isEqualTo("sk_live_legacy");
		assertThatExceptionOfType(SecretBox.Unreadable.class)
			.isThrownBy(() -> this.rotating.open(TestKeys.LEGACY_SEALED, "tenant-b/row-1"));
		// and are sealed anew under the keyset's primary by a re-seal
		String resealed = this.rotating.reseal(TestKeys.LEGACY_SEALED, ROW).orElseThrow();
		assertThat(resealed).startsWith("v2:");
		assertThat(box(TestKeys.KEYSET_B, null).open(resealed, ROW)).isEqualTo("sk_live_legacy");
	}

	@Test
	void withoutAKeysetTheLegacyKeySealsAsBeforeSoExistingDeploymentsStartUnchanged() {
		SecretBox legacy = box(null, TestKeys.LEGACY_KEY);
		assertThat(legacy.open(TestKeys.LEGACY_SEALED, ROW)).isEqualTo("sk_live_legacy");
		String sealed = legacy.seal("new value", ROW);
		assertThat(sealed).startsWith("v1:").isNotEqualTo(legacy.seal("new value", ROW));
		assertThat(legacy.open(sealed, ROW)).isEqualTo("new value");
		assertThat(legacy.reseal(sealed, ROW)).as("nothing to rotate to").isEmpty();
		assertThatExceptionOfType(SecretBox.Unreadable.class).isThrownBy(() -> legacy.open(sealed, "tenant-b/row-1"));
		// once a keyset is added, what it sealed still opens
		assertThat(this.rotating.open(sealed, ROW)).isEqualTo("new value");
		assertThat(legacy.sealedWith()).contains("revcycle.secrets.key");
	}

	@Test
	void withNoKeyAtAllTheDevelopmentKeyIsUsedWithAWarning(CapturedOutput output) {
		SecretBox development = box(null, " ");
		assertThat(output.getAll()).contains("development key");
		assertThat(development.open(TestKeys.DEVELOPMENT_SEALED, ROW)).isEqualTo("sk_live_legacy");
		assertThat(development.seal("x", ROW)).startsWith("v1:");
		assertThat(development.sealedWith()).contains("development key");
	}

	@Test
	void aMissingKeyFailsClearly() {
		assertThatExceptionOfType(SecretBox.Unreadable.class)
			.isThrownBy(() -> box(TestKeys.KEYSET_B, null).open(TestKeys.LEGACY_SEALED, ROW))
			.withMessageContaining("revcycle.secrets.key (v1), which is not set");
		String v2 = this.rotating.seal("x", ROW);
		assertThatExceptionOfType(SecretBox.Unreadable.class)
			.isThrownBy(() -> box(null, TestKeys.LEGACY_KEY).open(v2, ROW))
			.withMessageContaining("revcycle.secrets.keyset is not set");
		assertThatExceptionOfType(SecretBox.Unreadable.class)
			.isThrownBy(() -> box(null, TestKeys.LEGACY_KEY_16).open(TestKeys.LEGACY_SEALED, ROW))
			.withMessageContaining("another key");
		assertThatExceptionOfType(SecretBox.Unreadable.class).isThrownBy(() -> this.rotating.open("whsec_clear", ROW))
			.withMessageContaining("not a sealed secret");
		assertThatExceptionOfType(SecretBox.Unreadable.class).isThrownBy(() -> this.rotating.open("v2:%%%", ROW))
			.withMessageContaining("base64");
		assertThat(this.rotating.isSealed("whsec_clear")).isFalse();
		assertThat(this.rotating.isSealed(v2)).isTrue();
		assertThat(this.rotating.isSealed(TestKeys.LEGACY_SEALED)).isTrue();
	}

	@Test
	void unusableSettingsAreRefusedAtStartWithoutQuotingThem() throws Exception {
		String notJson = Base64.getEncoder().encodeToString("{\"primaryKeyId\": 1, \"secret\": \"s3cr3t\"}".getBytes());
		String json = new String(Base64.getDecoder().decode(TestKeys.KEYSET_A), StandardCharsets.UTF_8);
		String noPrimary = Base64.getEncoder()
			.encodeToString(json.replace("\"primaryKeyId\":2385913825", "\"primaryKeyId\":7").getBytes());
		MacConfig.register();
		String mac = Base64.getEncoder()
			.encodeToString(TinkJsonProtoKeysetFormat
				.serializeKeyset(KeysetHandle.generateNew(PredefinedMacParameters.HMAC_SHA256_256BITTAG),
						InsecureSecretKeyAccess.get())
				.getBytes());
		assertThat(noPrimary).isNotEqualTo(TestKeys.KEYSET_A);
		refused("not base64 at all!", null, "must be base64");
		refused(notJson, null, "is not a Tink JSON keyset");
		refused(TestKeys.KEYSET_A.substring(0, 120), null, "revcycle.secrets.keyset");
		refused(noPrimary, null, "no enabled primary key");
		refused(mac, null, "must hold AEAD keys");
		refused(null, "c2hvcnQ=", "16, 24 or 32 bytes");
		refused(null, "not base64!", "revcycle.secrets.key (REVCYCLE_SECRETS_KEY) must be base64");
		// a 24-byte key still opens, but does not seal: Tink's AES-GCM takes 16 or 32
		refused(null, TestKeys.LEGACY_KEY_24, "Set revcycle.secrets.keyset");
	}

	private static void refused(String keyset, String key, String why) {
		assertThatIllegalStateException().isThrownBy(() -> box(keyset, key))
			.withMessageContaining(why)
			.satisfies((ex) -> {
				assertThat(ex.getCause()).as("no cause that could quote the value").isNull();
				if (keyset != null) {
					assertThat(ex.getMessage()).doesNotContain(keyset).doesNotContain("s3cr3t");
				}
				if (key != null) {
					assertThat(ex.getMessage()).doesNotContain(key);
				}
			});
	}

	@Test
	void theSettingsNeverPrintTheKeys() {
		String printed = new SecretsSettings(TestKeys.KEYSET_A, TestKeys.LEGACY_KEY).toString();
		assertThat(printed).doesNotContain(TestKeys.KEYSET_A.substring(0, 20)).doesNotContain(TestKeys.LEGACY_KEY);
		assertThat(printed).contains("keyset=(set)").contains("key=(set)");
		assertThat(new SecretsSettings(null, "").toString()).contains("keyset=(none)").contains("key=(none)");
	}

}
