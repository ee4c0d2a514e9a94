package io.revcycle.plugin.testkit;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each helper against a vector computed elsewhere: the HMACs with {@code openssl dgst
 * -sha256 -hmac}, the SendGrid format with the published example of SendGrid's own
 * library (sendgrid-nodejs, packages/eventwebhook).
 */
class SignaturesTests {

	private static final Instant T = Instant.ofEpochSecond(1_700_000_000L);

	@Test
	void signsLikeStripe() {
		// printf '%s' '1700000000.{"id":"evt_1","object":"event"}' | openssl dgst -sha256
		// -hmac whsec_test
		assertThat(Signatures.stripe("whsec_test", T, "{\"id\":\"evt_1\",\"object\":\"event\"}"))
			.isEqualTo("t=1700000000,v1=4c15fb2a43f93ef61eaa3e0893866d57cad9cad4223242cfb96f362480cb4021");
	}

	@Test
	void signsLikeRevcycleWithTheSameScheme() {
		assertThat(Signatures.revcycle("whsec_test", T, "{\"id\":\"evt_1\",\"object\":\"event\"}"))
			.isEqualTo(Signatures.stripe("whsec_test", T, "{\"id\":\"evt_1\",\"object\":\"event\"}"));
	}

	@Test
	void signsLikeHubSpotV3() {
		// printf '%s' 'POSThttps://example.com/hooks/acme/i-1?a=b{"x":1}1700000000000'
		// | openssl dgst -sha256 -hmac client-secret -binary | base64
		assertThat(
				Signatures.hubspotV3("client-secret", "POST", "https://example.com/hooks/acme/i-1?a=b", "{\"x\":1}", T))
			.isEqualTo("ZzapYedEWsbdk2bVZfBvosvq7n3DPCcyJAEjP8qo1UA=");
	}

	@Test
	void decodesTheCharactersHubSpotDecodesInTheUri() {
		// signed over ...?email=ada@example.com, as HubSpot's validation decodes %40
		assertThat(Signatures.hubspotV3("client-secret", "POST",
				"https://example.com/hooks/acme/i-1?email=ada%40example.com", "{\"x\":1}", T))
			.isEqualTo("YtmIFSF6SYiO/wNJp/Pm5G7AzBpXBG9BnVfnvmAPlqY=");
		assertThat(Signatures.hubspotV3("s", "POST", "https://e.com/?q=a%20b", "", T))
			.isNotEqualTo(Signatures.hubspotV3("s", "POST", "https://e.com/?q=a b", "", T));
	}

	@Test
	void theSendGridFormatVerifiesSendGridsPublishedExample() throws Exception {
		String publicKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==";
		String signature = "MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=";
		String payload = "{\"category\":\"example_payload\",\"event\":\"test_event\",\"message_id\":\"message_id\"}";
		PublicKey key = KeyFactory.getInstance("EC")
			.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));

		assertThat(Signatures.sendGridPublicKey(key)).isEqualTo(publicKey);
		assertThat(verify(key, signature, "1588788367", payload)).isTrue();
		assertThat(verify(key, signature, "1588788368", payload)).isFalse();
	}

	@Test
	void signsLikeSendGrid() throws Exception {
		KeyPair pair = Signatures.sendGridKeyPair();
		String payload = "[{\"email\":\"ada@example.com\",\"event\":\"open\",\"sg_event_id\":\"e1\"}]";
		String signature = Signatures.sendGrid(pair.getPrivate(), T, payload);
		PublicKey shown = KeyFactory.getInstance("EC")
			.generatePublic(
					new X509EncodedKeySpec(Base64.getDecoder().decode(Signatures.sendGridPublicKey(pair.getPublic()))));

		assertThat(verify(shown, signature, "1700000000", payload)).isTrue();
		assertThat(verify(shown, signature, "1700000000", payload.replace("open", "click"))).isFalse();
	}

	private static boolean verify(PublicKey key, String signature, String timestamp, String payload) throws Exception {
		Signature verifier = Signature.getInstance("SHA256withECDSA");
		verifier.initVerify(key);
		verifier.update((timestamp + payload).getBytes(StandardCharsets.UTF_8));
		return verifier.verify(Base64.getDecoder().decode(signature));
	}

}
