package io.revcycle.http;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SecretBoxTests {

	private final SecretBox box = new SecretBox(Base64.getEncoder().encodeToString(new byte[32]));

	@Test
	void aSealedValueOpensOnlyForItsOwnRowAndKey() {
		String sealed = this.box.seal("sk_live_secret", "tenant-a/row-1");
		assertThat(sealed).startsWith("v1:").doesNotContain("sk_live_secret");
		assertThat(this.box.seal("sk_live_secret", "tenant-a/row-1")).as("a fresh nonce each time")
			.isNotEqualTo(sealed);
		assertThat(this.box.open(sealed, "tenant-a/row-1")).isEqualTo("sk_live_secret");
		assertThatIllegalStateException().isThrownBy(() -> this.box.open(sealed, "tenant-b/row-1"));
		byte[] bytes = Base64.getDecoder().decode(sealed.substring(3));
		bytes[bytes.length - 1] ^= 1;
		assertThatIllegalStateException()
			.isThrownBy(() -> this.box.open("v1:" + Base64.getEncoder().encodeToString(bytes), "tenant-a/row-1"));
		SecretBox other = new SecretBox(Base64.getEncoder()
			.encodeToString(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
					23, 24, 25, 26, 27, 28, 29, 30, 31, 32 }));
		assertThatIllegalStateException().isThrownBy(() -> other.open(sealed, "tenant-a/row-1"));
	}

	@Test
	void aKeyOfTheWrongSizeIsRefusedAtStart() {
		assertThatIllegalStateException().isThrownBy(() -> new SecretBox("c2hvcnQ="))
			.withMessageContaining("16, 24 or 32 bytes");
	}

}
