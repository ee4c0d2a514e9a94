package io.revcycle.plugin.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook fixtures the way the remote systems sign their webhooks, so a connector's
 * tests exercise its real verification.
 */
public final class Signatures {

	/** Stripe's signature header. */
	public static final String STRIPE_HEADER = "Stripe-Signature";

	/** HubSpot's v3 signature header. */
	public static final String HUBSPOT_SIGNATURE_HEADER = "X-HubSpot-Signature-v3";

	/** HubSpot's timestamp header (milliseconds since the epoch). */
	public static final String HUBSPOT_TIMESTAMP_HEADER = "X-HubSpot-Request-Timestamp";

	/** SendGrid's signature header (signed event webhook). */
	public static final String SENDGRID_SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";

	/** SendGrid's timestamp header (seconds since the epoch). */
	public static final String SENDGRID_TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

	/** The characters HubSpot's v3 validation decodes in the request URI. */
	private static final Map<String, String> HUBSPOT_DECODED = Map.ofEntries(Map.entry("%3A", ":"),
			Map.entry("%2F", "/"), Map.entry("%3F", "?"), Map.entry("%40", "@"), Map.entry("%21", "!"),
			Map.entry("%24", "$"), Map.entry("%27", "'"), Map.entry("%28", "("), Map.entry("%29", ")"),
			Map.entry("%2A", "*"), Map.entry("%2C", ","), Map.entry("%3B", ";"));

	private static final Pattern PERCENT = Pattern.compile("%[0-9A-Fa-f]{2}");

	private Signatures() {
	}

	/**
	 * A {@value #STRIPE_HEADER} header value: {@code t=<unix seconds>,v1=<hex>} where the
	 * hex is the HMAC-SHA256, keyed with the endpoint's signing secret, of
	 * {@code "<unix seconds>.<payload>"}.
	 * @param secret the endpoint's signing secret ({@code whsec_...})
	 * @param t when it was signed
	 * @param payload the raw body
	 */
	public static String stripe(String secret, Instant t, String payload) {
		return timestamped(secret, t, payload);
	}

	/**
	 * A {@value #HUBSPOT_SIGNATURE_HEADER} header value: the base64 HMAC-SHA256, keyed
	 * with the app's client secret, of method + URI + body + timestamp in milliseconds
	 * (the {@value #HUBSPOT_TIMESTAMP_HEADER} value). As HubSpot's v3 validation
	 * describes, the URI is the full URI the request was sent to, with
	 * {@code %3A %2F %3F %40 %21 %24 %27
	 * %28 %29 %2A %2C %3B} decoded.
	 * @param clientSecret the app's client secret
	 * @param method the HTTP method, such as {@code POST}
	 * @param uri the full request URI, with its query
	 * @param body the raw body (empty for none)
	 * @param t the request timestamp
	 */
	public static String hubspotV3(String clientSecret, String method, String uri, String body, Instant t) {
		String source = method + hubspotUri(uri) + ((body != null) ? body : "") + t.toEpochMilli();
		return Base64.getEncoder().encodeToString(hmacSha256(clientSecret, source));
	}

	/** A new EC key pair on P-256, the kind SendGrid signs event webhooks with. */
	public static KeyPair sendGridKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("P-256 keys are part of every Java runtime", ex);
		}
	}

	/**
	 * A {@value #SENDGRID_SIGNATURE_HEADER} header value: the base64 DER ECDSA-SHA256
	 * signature of the timestamp in seconds (the {@value #SENDGRID_TIMESTAMP_HEADER}
	 * value) followed by the payload.
	 * @param key the private key of {@link #sendGridKeyPair()}
	 * @param t the timestamp
	 * @param payload the raw body
	 */
	public static String sendGrid(PrivateKey key, Instant t, String payload) {
		try {
			Signature signature = Signature.getInstance("SHA256withECDSA");
			signature.initSign(key);
			signature.update((t.getEpochSecond() + payload).getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(signature.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("Cannot sign with this key: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The public key as SendGrid shows it as the verification key: base64 of its X.509
	 * SubjectPublicKeyInfo encoding, without PEM lines.
	 */
	public static String sendGridPublicKey(PublicKey key) {
		return Base64.getEncoder().encodeToString(key.getEncoded());
	}

	/**
	 * A Revcycle-style signature header value, as the platform signs its own outbound
	 * webhooks and as the example connector verifies them:
	 * {@code t=<unix seconds>,v1=<hex>} where the hex is the HMAC-SHA256, keyed with the
	 * shared secret, of {@code "<unix seconds>.<body>"}.
	 */
	public static String revcycle(String secret, Instant t, String body) {
		return timestamped(secret, t, body);
	}

	private static String timestamped(String secret, Instant t, String body) {
		long seconds = t.getEpochSecond();
		return "t=" + seconds + ",v1=" + HexFormat.of().formatHex(hmacSha256(secret, seconds + "." + body));
	}

	private static String hubspotUri(String uri) {
		Matcher matcher = PERCENT.matcher(uri);
		StringBuilder decoded = new StringBuilder();
		while (matcher.find()) {
			String code = matcher.group();
			String replacement = HUBSPOT_DECODED.getOrDefault(code.toUpperCase(Locale.ROOT), code);
			matcher.appendReplacement(decoded, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(decoded);
		return decoded.toString();
	}

	private static byte[] hmacSha256(String secret, String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", ex);
		}
	}

}
