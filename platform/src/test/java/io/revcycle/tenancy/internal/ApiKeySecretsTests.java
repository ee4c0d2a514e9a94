package io.revcycle.tenancy.internal;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeySecretsTests {

	@Test
	void everyGeneratedKeyParsesBackToItsTenantAndId() {
		for (int i = 0; i < 2_000; i++) {
			UUID tenant = UUID.randomUUID();
			UUID id = UUID.randomUUID();
			String key = ApiKeySecrets.generate("acme-" + (i % 7), tenant, id);
			ApiKeySecrets.Parsed parsed = ApiKeySecrets.parse(key).orElseThrow(() -> new AssertionError(key));
			assertThat(parsed.slug()).isEqualTo("acme-" + (i % 7));
			assertThat(parsed.tenantId()).isEqualTo(tenant);
			assertThat(parsed.keyId()).isEqualTo(id);
			assertThat(ApiKeySecrets.matches(key, ApiKeySecrets.hash(key))).isTrue();
		}
	}

	@Test
	void malformedKeysDoNotParse() {
		assertThat(ApiKeySecrets.parse(null)).isEmpty();
		assertThat(ApiKeySecrets.parse("rck_")).isEmpty();
		assertThat(ApiKeySecrets.parse("rck_abc.def")).isEmpty();
		assertThat(ApiKeySecrets.parse("sk_live_123")).isEmpty();
		assertThat(ApiKeySecrets.parse("rck_!!!.???")).isEmpty();
	}

	@Test
	void aKeyWithAnotherSecretDoesNotMatch() {
		String key = ApiKeySecrets.generate("acme", UUID.randomUUID(), UUID.randomUUID());
		String other = ApiKeySecrets.generate("acme", UUID.randomUUID(), UUID.randomUUID());
		assertThat(ApiKeySecrets.matches(other, ApiKeySecrets.hash(key))).isFalse();
		assertThat(ApiKeySecrets.hint(key)).startsWith("rck_acme_...")
			.endsWith(key.substring(key.length() - 6))
			.hasSizeLessThan(20);
	}

}
