package io.revcycle.plugin.api;

import java.time.Duration;
import java.util.Optional;

/**
 * Rate limits that hold across every replica of the host, for one connector instance: a
 * token bucket per key, kept by the host in a shared store (a form's posts per minute,
 * whichever replica received them). Keys are the connector's own; the host scopes them to
 * the instance.
 *
 * <p>
 * A bucket holds {@code limit} tokens and earns them back at {@code limit} per
 * {@code per}: {@code take("form:contact", 30, Duration.ofMinutes(1))} lets 30 posts
 * through at once, then one every two seconds. When the shared store cannot be reached,
 * the host lets takes pass and logs it: losing a cache must not drop a tenant's leads.
 *
 * @since 1.1.0
 */
public interface RateLimits {

	/** The longest key a bucket may have. */
	int MAX_KEY_LENGTH = 200;

	/**
	 * Takes a token from a bucket.
	 * @param key the bucket, for example {@code form:contact}; 1 to
	 * {@value #MAX_KEY_LENGTH} characters
	 * @param limit the bucket's size, and how many tokens it earns back per {@code per};
	 * at least 1
	 * @param per the time in which the bucket fills up again; at least a second
	 * @return empty when the token was taken; otherwise how long until one will be there
	 * @throws IllegalArgumentException when the key, limit or time is out of range
	 */
	Optional<Duration> take(String key, long limit, Duration per);

	/** Checks the arguments of {@link #take}, for implementations. */
	static void check(String key, long limit, Duration per) {
		if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
			throw new IllegalArgumentException("key must be 1 to " + MAX_KEY_LENGTH + " characters");
		}
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1");
		}
		if (per == null || per.toSeconds() < 1) {
			throw new IllegalArgumentException("per must be at least a second");
		}
	}

}
