package io.revcycle.connector.webforms;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A token bucket per form of one connector instance: a form takes {@code perMinute} posts
 * at once, and one more each {@code 60 s / perMinute} after that. Kept in memory, so each
 * platform replica counts on its own (with N replicas behind a load balancer a form takes
 * up to N times the limit); the gateway's per-tenant limit stands above it.
 * <p>
 * A sender could dodge a per-form limit by inventing form names, so the number of buckets
 * is bounded: buckets that have refilled (idle forms) are forgotten, and when
 * {@link #MAX_FORMS} forms are busy at once a new form name is throttled.
 */
final class FormRateLimits {

	/** The most forms counted at once per instance. */
	static final int MAX_FORMS = 1000;

	private final Map<String, Bucket> buckets = new HashMap<>();

	/**
	 * Takes one post of a form.
	 * @param form the form's name
	 * @param perMinute the form's limit, at least 1
	 * @param now the time, from the context's clock
	 * @return empty when the post may pass, else how long until it would
	 */
	synchronized Optional<Duration> take(String form, long perMinute, Instant now) {
		Bucket bucket = this.buckets.get(form);
		if (bucket == null) {
			if (this.buckets.size() >= MAX_FORMS) {
				this.buckets.values().removeIf((b) -> b.refill(perMinute, now) >= perMinute);
				if (this.buckets.size() >= MAX_FORMS) {
					return Optional.of(Duration.ofSeconds(60));
				}
			}
			bucket = new Bucket(perMinute, now);
			this.buckets.put(form, bucket);
		}
		double tokens = bucket.refill(perMinute, now);
		if (tokens >= 1) {
			bucket.tokens = tokens - 1;
			return Optional.empty();
		}
		double secondsPerToken = 60.0 / perMinute;
		long millis = (long) Math.ceil((1 - tokens) * secondsPerToken * 1000);
		return Optional.of(Duration.ofMillis(Math.max(millis, 1)));
	}

	private static final class Bucket {

		double tokens;

		Instant updated;

		Bucket(long perMinute, Instant now) {
			this.tokens = perMinute;
			this.updated = now;
		}

		/** Adds the tokens earned since the last update, up to the limit. */
		double refill(long perMinute, Instant now) {
			if (now.isAfter(this.updated)) {
				double seconds = Duration.between(this.updated, now).toNanos() / 1e9;
				this.tokens = Math.min(perMinute, this.tokens + seconds * perMinute / 60.0);
				this.updated = now;
			}
			this.tokens = Math.min(this.tokens, perMinute);
			return this.tokens;
		}

	}

}
