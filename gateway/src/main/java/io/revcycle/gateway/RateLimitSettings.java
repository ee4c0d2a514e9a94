package io.revcycle.gateway;

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
 */
@ConfigurationProperties("revcycle.gateway.rate-limits")
record RateLimitSettings(Map<String, Limit> plans, Limit anonymous, Limit hooks) {

	/**
	 * A token bucket.
	 *
	 * @param replenishRate requests per second allowed on average
	 * @param burstCapacity requests allowed at once
	 */
	record Limit(int replenishRate, int burstCapacity) {
	}

	Limit plan(String name) {
		Limit limit = this.plans.get(name);
		return (limit != null) ? limit : this.plans.get("default");
	}

}
