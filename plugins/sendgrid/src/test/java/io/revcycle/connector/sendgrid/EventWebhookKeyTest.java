package io.revcycle.connector.sendgrid;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.SignatureCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventWebhookKeyTest {

	// SendGrid's own test vector, from the Event Webhook helper of its Node.js library
	private static final String SENDGRID_KEY = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==";

	private static final String SENDGRID_SIGNATURE = "MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=";

	private static final String SENDGRID_TIMESTAMP = "1588788367";

	private static final byte[] SENDGRID_PAYLOAD = "{\"category\":\"example_payload\",\"event\":\"test_event\",\"message_id\":\"message_id\"}"
		.getBytes(StandardCharsets.UTF_8);

	@Test
	void verifiesSendGridsPublishedSignature() {
		EventWebhookKey key = EventWebhookKey.parse(SENDGRID_KEY);
		assertThat(key.check(SENDGRID_TIMESTAMP, SENDGRID_PAYLOAD, SENDGRID_SIGNATURE).verified()).isTrue();
	}

	@Test
	void refusesWhatSendGridsVectorRefuses() {
		EventWebhookKey key = EventWebhookKey.parse(SENDGRID_KEY);
		assertThat(key.check(SENDGRID_TIMESTAMP, "payload".getBytes(StandardCharsets.UTF_8), SENDGRID_SIGNATURE)
			.verified()).as("another body").isFalse();
		assertThat(key.check("1588788368", SENDGRID_PAYLOAD, SENDGRID_SIGNATURE).verified()).as("another timestamp")
			.isFalse();
		assertThat(key
			.check(SENDGRID_TIMESTAMP, SENDGRID_PAYLOAD,
					"MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH3j/0=")
			.verified()).as("another signature").isFalse();
		EventWebhookKey otherKey = EventWebhookKey.parse(
				"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqTxd43gyp8IOEto2LdIfjRQrIbsd4SXZkLW6jDutdhXSJCWHw8REntlo7aNDthvj+y7GjUuFDb/R1NGe1OPzpA==");
		assertThat(otherKey.check(SENDGRID_TIMESTAMP, SENDGRID_PAYLOAD, SENDGRID_SIGNATURE).verified())
			.as("another key")
			.isFalse();
	}

	@Test
	void malformedSignaturesAreRefusedAsMalformedNotErrors() {
		EventWebhookKey key = EventWebhookKey.parse(SENDGRID_KEY);
		assertThat(key.check(SENDGRID_TIMESTAMP, SENDGRID_PAYLOAD, "not base64!").problem())
			.isEqualTo(SignatureCheck.Problem.MALFORMED);
		assertThat(key.check(SENDGRID_TIMESTAMP, SENDGRID_PAYLOAD, "AAAA").reason())
			.isEqualTo("the signature is not a " + "DER ECDSA signature");
		assertThat(key.check("1588788368", SENDGRID_PAYLOAD, SENDGRID_SIGNATURE).problem())
			.isEqualTo(SignatureCheck.Problem.MISMATCH);
	}

	@Test
	void malformedSignaturesAreFalseNotErrors() {
		EventWebhookKey key = EventWebhookKey.parse(SENDGRID_KEY);
		assertThat(key.check(SENDGRID_TIMESTAMP, SENDGRID_PAYLOAD, "not base64!").verified()).isFalse();
		assertThat(key.check(SENDGRID_TIMESTAMP, SENDGRID_PAYLOAD, "AAAA").verified()).isFalse();
		assertThat(key.check(SENDGRID_TIMESTAMP, SENDGRID_PAYLOAD, "").verified()).isFalse();
	}

	@Test
	void acceptsThePemFrameAndLineBreaks() {
		String pem = "-----BEGIN PUBLIC KEY-----\n" + SENDGRID_KEY.substring(0, 40) + "\n" + SENDGRID_KEY.substring(40)
				+ "\n-----END PUBLIC KEY-----\n";
		assertThat(
				EventWebhookKey.parse(pem).check(SENDGRID_TIMESTAMP, SENDGRID_PAYLOAD, SENDGRID_SIGNATURE).verified())
			.isTrue();
	}

	@Test
	void refusesKeysThatAreNotP256PublicKeys() throws Exception {
		assertThatIllegalArgumentException().isThrownBy(() -> EventWebhookKey.parse("not a key!"))
			.withMessageContaining("base64");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EventWebhookKey.parse(Base64.getEncoder().encodeToString(new byte[] { 1, 2, 3 })))
			.withMessageContaining("public key");
		KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
		rsa.initialize(2048);
		String rsaKey = Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded());
		assertThatIllegalArgumentException().isThrownBy(() -> EventWebhookKey.parse(rsaKey));
		KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
		p384.initialize(new ECGenParameterSpec("secp384r1"));
		String p384Key = Base64.getEncoder().encodeToString(p384.generateKeyPair().getPublic().getEncoded());
		assertThatIllegalArgumentException().isThrownBy(() -> EventWebhookKey.parse(p384Key))
			.withMessageContaining("P-256");
		assertThat(EventWebhookKey.problemWith(SENDGRID_KEY)).isNull();
		assertThat(EventWebhookKey.problemWith("nope")).isNotNull();
	}

}
