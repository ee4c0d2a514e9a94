package io.revcycle.connector.hubspot;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.revcycle.plugin.api.Hmac;
import io.revcycle.plugin.api.SignatureCheck;
import io.revcycle.plugin.api.WebhookRequest;

/**
 * HubSpot's v3 request signature: {@code X-HubSpot-Signature-v3} is
 * base64(HMAC-SHA256(client secret, method + URI + raw body + timestamp)), where the
 * timestamp is {@code X-HubSpot-Request-Timestamp} in epoch milliseconds and the URI is
 * the full address HubSpot called, with the percent-encoded characters of HubSpot's table
 * decoded ({@code %3A :}, {@code %2F /}, {@code %3F ?}, {@code %40 @}, {@code %21 !},
 * {@code %24 $}, {@code %27 '}, {@code %28 (}, {@code %29 )}, {@code %2A *},
 * {@code %2C ,}, {@code %3B ;}). A request whose timestamp is more than five minutes away
 * from the clock is refused, so a captured request cannot be replayed later. The plugin
 * API's {@link SignatureCheck#fresh} and {@link Hmac} do the checking (in constant time);
 * this class puts together what HubSpot signs.
 */
final class WebhookSignature {

	static final String SIGNATURE_HEADER = "X-HubSpot-Signature-v3";

	static final String TIMESTAMP_HEADER = "X-HubSpot-Request-Timestamp";

	/** HubSpot's documented window. */
	static final Duration TOLERANCE = Duration.ofMinutes(5);

	private static final Pattern ENCODED = Pattern.compile("%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)",
			Pattern.CASE_INSENSITIVE);

	private static final Map<String, String> DECODED = Map.ofEntries(Map.entry("3A", ":"), Map.entry("2F", "/"),
			Map.entry("3F", "?"), Map.entry("40", "@"), Map.entry("21", "!"), Map.entry("24", "$"),
			Map.entry("27", "'"), Map.entry("28", "("), Map.entry("29", ")"), Map.entry("2A", "*"),
			Map.entry("2C", ","), Map.entry("3B", ";"));

	private WebhookSignature() {
	}

	/**
	 * Verifies a request.
	 * @param request the request as received
	 * @param clientSecret the app's client secret
	 * @param now the clock's time
	 * @return empty when the request is HubSpot's and fresh, else why it is refused
	 */
	static Optional<String> problem(WebhookRequest request, String clientSecret, Instant now) {
		Optional<String> signature = request.header(SIGNATURE_HEADER).map(String::trim);
		if (signature.isEmpty() || signature.get().isEmpty()) {
			return Optional.of("missing " + SIGNATURE_HEADER + " header: subscribe with a HubSpot app whose "
					+ "webhooks are signed with version 3");
		}
		Optional<String> timestamp = request.header(TIMESTAMP_HEADER).map(String::trim);
		if (timestamp.isEmpty() || !timestamp.get().matches("\\d{1,19}")) {
			return Optional.of("missing or malformed " + TIMESTAMP_HEADER + " header");
		}
		Instant sent;
		try {
			sent = Instant.ofEpochMilli(Long.parseLong(timestamp.get()));
		}
		catch (NumberFormatException ex) {
			return Optional.of("malformed " + TIMESTAMP_HEADER + " header");
		}
		SignatureCheck fresh = SignatureCheck.fresh(sent, now, TOLERANCE);
		if (!fresh.verified()) {
			return Optional.of("the request timestamp is more than 5 minutes from now, a stale or replayed request: "
					+ fresh.reason());
		}
		SignatureCheck check = Hmac.sha256(clientSecret)
			.verifyBase64(signedContent(request.method(), request.uri().toString(), request.body(), timestamp.get()),
					signature.get());
		if (check.problem() == SignatureCheck.Problem.MALFORMED) {
			return Optional.of(check.reason());
		}
		return check.verified() ? Optional.empty() : Optional.of("the signature does not match");
	}

	/** The signature HubSpot sends for a request, base64-encoded. */
	static String sign(String clientSecret, String method, String uri, byte[] body, String timestamp) {
		return Base64.getEncoder()
			.encodeToString(Hmac.sha256(clientSecret).sign(signedContent(method, uri, body, timestamp)));
	}

	/** The URI as HubSpot signs it: the characters of its table decoded. */
	static String signedUri(String uri) {
		Matcher matcher = ENCODED.matcher(uri);
		StringBuilder decoded = new StringBuilder(uri.length());
		while (matcher.find()) {
			matcher.appendReplacement(decoded,
					Matcher.quoteReplacement(DECODED.get(matcher.group(1).toUpperCase(Locale.ROOT))));
		}
		matcher.appendTail(decoded);
		return decoded.toString();
	}

	/** What HubSpot signs: method, URI as it signs it, the raw body, the timestamp. */
	private static byte[] signedContent(String method, String uri, byte[] body, String timestamp) {
		ByteArrayOutputStream signed = new ByteArrayOutputStream();
		// the raw body byte for byte: decoding and re-encoding it could change it
		signed.writeBytes((method.toUpperCase(Locale.ROOT) + signedUri(uri)).getBytes(StandardCharsets.UTF_8));
		signed.writeBytes(body);
		signed.writeBytes(timestamp.getBytes(StandardCharsets.UTF_8));
		return signed.toByteArray();
	}

}
