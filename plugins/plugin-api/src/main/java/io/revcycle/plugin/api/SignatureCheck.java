package io.revcycle.plugin.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether a webhook's signature was verified, and if not, why: the outcome of
 * {@link Hmac} and {@link TimestampedSignature} checks, for a connector to turn into
 * {@link WebhookResult#reject(String)} with {@link #reason()}. <pre>{@code
 * SignatureCheck check = signature.check(request, "X-Acme-Signature", context.clock());
 * if (!check.verified()) {
 * 	return WebhookResult.reject(check.reason());
 * }
 * }</pre>
 *
 * @param problem null when the signature was verified, else what was wrong
 * @param reason null when verified, else what was wrong in words the host can show the
 * sender and log; never a secret, never the expected signature
 * @param signedAt when the sender signed, for schemes that carry a timestamp and when it
 * could be read; else null
 * @since 1.1.0
 */
public record SignatureCheck(Problem problem, String reason, Instant signedAt) {

	/** Why a signature was refused. */
	public enum Problem {

		/** No signature (or no timestamp header) was sent. */
		MISSING,
		/** The signature or its header cannot be read. */
		MALFORMED,
		/**
		 * Signed further from the clock than the tolerance allows: delayed or replayed.
		 */
		STALE,
		/** Readable and fresh, but not made with the secret over this request. */
		MISMATCH

	}

	public SignatureCheck {
		if (problem != null && (reason == null || reason.isBlank())) {
			throw new IllegalArgumentException("A refused signature needs a reason");
		}
		if (problem == null) {
			reason = null;
		}
	}

	/**
	 * A verified signature.
	 * @param signedAt when it was signed, or null when the scheme has no timestamp
	 * @return the check
	 */
	public static SignatureCheck verified(Instant signedAt) {
		return new SignatureCheck(null, null, signedAt);
	}

	/**
	 * A refused signature.
	 * @param problem what was wrong
	 * @param reason what was wrong in words; never a secret
	 * @param signedAt when it claims to be signed, or null
	 * @return the check
	 */
	public static SignatureCheck refused(Problem problem, String reason, Instant signedAt) {
		return new SignatureCheck(Objects.requireNonNull(problem, "problem"), reason, signedAt);
	}

	/**
	 * Whether a signature made at {@code signedAt} is fresh at {@code now}: at most
	 * {@code tolerance} before it or after it (a clock running ahead is as suspect as a
	 * replay). For schemes whose timestamp travels beside the signature (HubSpot's
	 * {@code X-HubSpot-Request-Timestamp}), before the signature is checked.
	 * @param signedAt when the sender says it signed
	 * @param now the connector's clock ({@link ConnectorContext#clock()})
	 * @param tolerance how far from {@code now} a signature may be; zero or more
	 * @return verified (with {@code signedAt}) or {@link Problem#STALE}, with the age and
	 * the tolerance in its reason
	 */
	public static SignatureCheck fresh(Instant signedAt, Instant now, Duration tolerance) {
		Objects.requireNonNull(signedAt, "signedAt");
		Objects.requireNonNull(now, "now");
		if (tolerance == null || tolerance.isNegative()) {
			throw new IllegalArgumentException("tolerance must be zero or more");
		}
		Duration age = Duration.between(signedAt, now);
		if (age.abs().compareTo(tolerance) <= 0) {
			return verified(signedAt);
		}
		String when = age.isNegative() ? seconds(age.negated()) + " ahead of the clock"
				: seconds(age) + " ago (a delayed or replayed delivery)";
		return refused(Problem.STALE, "stale signature: signed at " + signedAt + ", " + when + ", more than the "
				+ seconds(tolerance) + " allowed", signedAt);
	}

	/** Whether the signature was verified. */
	public boolean verified() {
		return this.problem == null;
	}

	private static String seconds(Duration duration) {
		long seconds = duration.getSeconds();
		return ((duration.getNano() == 0) ? seconds
				: seconds + "." + String.format(Locale.ROOT, "%03d", duration.toMillisPart())) + " s";
	}

}
