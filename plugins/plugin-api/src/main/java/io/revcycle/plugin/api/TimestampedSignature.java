package io.revcycle.plugin.api;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The {@code t=<unix seconds>,v1=<hex>} signature header that Stripe, Revcycle's own
 * webhooks and many booking and form tools send: {@code v1} is the hex HMAC-SHA256, keyed
 * with the shared secret, of {@code "<t>.<raw body>"}. While a sender rolls its secret it
 * sends one {@code v1} per secret ({@code t=..,v1=..,v1=..}); the signature is verified
 * when any of them matches. Items are separated by commas, may have spaces around them,
 * and items other than {@code t} and {@code v1} (such as Stripe's {@code v0}) are
 * ignored. Made by {@link Hmac#timestamped(Duration)}: <pre>{@code
 * TimestampedSignature signature = Hmac.sha256(secret).timestamped(Duration.ofMinutes(5));
 * SignatureCheck check = signature.check(request, "X-Acme-Signature", context.clock());
 * }</pre> A check refuses, in this order: a missing header; a header without exactly one
 * {@code t} of 1 to 12 digits or without a {@code v1} of 64 hex digits (malformed); a
 * {@code t} further than the tolerance from the clock, before or after it (stale); no
 * {@code v1} that matches (mismatch). Immutable and safe for use from several threads.
 *
 * @since 1.1.0
 */
public final class TimestampedSignature {

	private final Hmac hmac;

	private final Duration tolerance;

	TimestampedSignature(Hmac hmac, Duration tolerance) {
		this.hmac = Objects.requireNonNull(hmac, "hmac");
		if (tolerance == null || tolerance.isNegative()) {
			throw new IllegalArgumentException("tolerance must be zero or more");
		}
		this.tolerance = tolerance;
	}

	/** How far from the clock a signature's timestamp may be. */
	public Duration tolerance() {
		return this.tolerance;
	}

	/**
	 * Checks a webhook's signature header against its raw body and the clock.
	 * @param request the request as received
	 * @param header the signature header's name ({@code Stripe-Signature}), which the
	 * reasons name
	 * @param clock the connector's clock ({@link ConnectorContext#clock()})
	 * @return verified (with the time it was signed), or refused with a reason
	 */
	public SignatureCheck check(WebhookRequest request, String header, Clock clock) {
		return check(header, request.header(header).orElse(null), request.body(), clock.instant());
	}

	/**
	 * Checks a signature header's value against a body at a time.
	 * @param header the header's name, which the reasons name
	 * @param value the header's value, or null when it was not sent
	 * @param body the raw body, byte for byte
	 * @param now the clock's time
	 * @return verified (with the time it was signed), or refused with a reason
	 */
	public SignatureCheck check(String header, String value, byte[] body, Instant now) {
		Objects.requireNonNull(body, "body");
		Objects.requireNonNull(now, "now");
		if (value == null || value.isBlank()) {
			return refused(SignatureCheck.Problem.MISSING, "missing " + header + " header", null);
		}
		String timestamp = null;
		int timestamps = 0;
		List<byte[]> signatures = new ArrayList<>();
		boolean v1 = false;
		for (String item : value.split(",")) {
			String[] pair = item.strip().split("=", 2);
			if (pair[0].equals("t")) {
				timestamps++;
				timestamp = (pair.length == 2) ? pair[1].strip() : "";
			}
			else if (pair[0].equals("v1") && pair.length == 2) {
				v1 = true;
				String digits = pair[1].strip();
				byte[] signature = (digits.length() == 64) ? Hmac.hex(digits) : null;
				if (signature != null) {
					signatures.add(signature);
				}
			}
		}
		if (timestamps == 0) {
			return refused(SignatureCheck.Problem.MALFORMED, header + " header has no timestamp (t=<unix seconds>)",
					null);
		}
		if (timestamps > 1) {
			return refused(SignatureCheck.Problem.MALFORMED, header + " header has more than one timestamp", null);
		}
		if (!timestamp.matches("[0-9]{1,12}")) {
			return refused(SignatureCheck.Problem.MALFORMED,
					header + " header's timestamp is not a number of seconds (t=<unix seconds>)", null);
		}
		Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
		if (!v1) {
			return refused(SignatureCheck.Problem.MALFORMED, header + " header has no v1 signature", signedAt);
		}
		if (signatures.isEmpty()) {
			return refused(SignatureCheck.Problem.MALFORMED,
					header + " header's v1 signature is not 64 hex digits (an HMAC-SHA256)", signedAt);
		}
		SignatureCheck fresh = SignatureCheck.fresh(signedAt, now, this.tolerance);
		if (!fresh.verified()) {
			return fresh;
		}
		byte[] signed = signedContent(timestamp, body);
		for (byte[] signature : signatures) {
			if (this.hmac.matches(signed, signature)) {
				return SignatureCheck.verified(signedAt);
			}
		}
		return refused(SignatureCheck.Problem.MISMATCH, header + " does not match the body: the body was changed "
				+ "after signing, or it was signed with another secret", signedAt);
	}

	/**
	 * The header value a sender sends for a body signed at a time:
	 * {@code t=<unix seconds>,v1=<hex>}. For tests, and for senders.
	 * @param at when it is signed (its seconds are used)
	 * @param body the raw body
	 * @return the header's value
	 */
	public String sign(Instant at, byte[] body) {
		String timestamp = Long.toString(at.getEpochSecond());
		return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(this.hmac.sign(signedContent(timestamp, body)));
	}

	/** {@link #sign(Instant, byte[])} of the UTF-8 bytes of a body. */
	public String sign(Instant at, String body) {
		return sign(at, body.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] signedContent(String timestamp, byte[] body) {
		byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
		byte[] signed = new byte[prefix.length + body.length];
		System.arraycopy(prefix, 0, signed, 0, prefix.length);
		System.arraycopy(body, 0, signed, prefix.length, body.length);
		return signed;
	}

	private static SignatureCheck refused(SignatureCheck.Problem problem, String reason, Instant signedAt) {
		return SignatureCheck.refused(problem, reason, signedAt);
	}

	@Override
	public String toString() {
		return "TimestampedSignature[t=,v1=; tolerance " + this.tolerance + "]";
	}

}
