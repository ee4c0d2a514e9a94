package io.revcycle.plugin.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Equality of a secret and a request's value, whatever their lengths. */
class ConstantTimeTests {

	@Test
	void equalValuesAreEqualAndOthersAreNot() {
		assertThat(ConstantTime.equal("form-secret-91", "form-secret-91")).isTrue();
		assertThat(ConstantTime.equal("form-secret-91", "form-secret-92")).isFalse();
		assertThat(ConstantTime.equal("form-secret-91", "form-secret-9")).isFalse();
		assertThat(ConstantTime.equal("form-secret-91", "form-secret-911")).isFalse();
		assertThat(ConstantTime.equal("", "")).isTrue();
		assertThat(ConstantTime.equal("é", "e\u0301")).as("compared as bytes, not normalized").isFalse();
		assertThat(ConstantTime.equal(new byte[] { 1, 2 }, new byte[] { 1, 2 })).isTrue();
		assertThat(ConstantTime.equal(new byte[] { 1, 2 }, new byte[] { 1, 2, 0 })).isFalse();
	}

	@Test
	void nullEqualsNothingNotEvenNull() {
		assertThat(ConstantTime.equal((String) null, null)).isFalse();
		assertThat(ConstantTime.equal("secret", null)).isFalse();
		assertThat(ConstantTime.equal(null, "secret")).isFalse();
		assertThat(ConstantTime.equal((byte[]) null, new byte[0])).isFalse();
	}

}
