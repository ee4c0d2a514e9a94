package io.revcycle.gateway;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Request rate limits: per tenant by plan, and for anonymous callers (sign-up, per client
 * address) and webhooks (per tenant slug in the path).
 *
 * @param plans the limits of each plan, by plan name; every tenant is on {@code default}
 * for now
 * @param anonymous the limit per client address for unauthenticated calls
 * @param hooks the limit per tenant for inbound webhooks
 * @param sync how much each gateway decides alone before it synchronises a bucket with
 * Redis
 */
@ConfigurationProperties("revcycle.gateway.rate-limits")
record RateLimitSettings(Map<String, Limit> plans, Limit anonymous, Limit hooks, Sync sync) {

	RateLimitSettings {
		if (sync == null) {
			sync = new Sync(0.1, 50, Duration.ofSeconds(1), 100_000);
		}
	}

	/**
	 * A token bucket.
	 *
	 * @param replenishRate requests per second allowed on average
	 * @param burstCapacity requests allowed at once
	 */
	record Limit(int replenishRate, int burstCapacity) {
	}

	/**
	 * The local allowance of a bucket of this limit: how many requests a gateway may let
	 * through from its local copy of the bucket before it synchronises with Redis. Its
	 * share of the burst, at most {@link Sync#maxLocalTokens()}, at least 1 (a gateway
	 * then synchronises at every second request of the bucket). This is also how much
	 * each replica can let through beyond the limit at worst.
	 */
	long localTokens(Limit limit) {
		long share = (long) Math.floor(limit.burstCapacity() * this.sync.localShare());
		return Math.max(1, Math.min(this.sync.maxLocalTokens(), share));
	}

	/**
	 * How each gateway synchronises its local copy of a bucket with Redis.
	 *
	 * @param localShare the share of a bucket's burst a gateway may spend alone
	 * @param maxLocalTokens the most a gateway may spend alone, whatever the burst
	 * @param maxDelay the longest a gateway decides alone; after this, the next request
	 * of the bucket synchronises
	 * @param localBuckets how many buckets a gateway keeps a local copy of (the ones used
	 * last)
	 */
	record Sync(double localShare, int maxLocalTokens, Duration maxDelay, long localBuckets) {
	}

	Limit plan(String name) {
		Limit limit = this.plans.get(name);
		return (limit != null) ? limit : this.plans.get("default");
	}

}
