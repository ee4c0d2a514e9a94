package io.revcycle.gateway;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Per-tenant rate limits with {@code RequestRateLimiter} and {@code RedisRateLimiter}:
 * one token bucket in Redis per tenant (from the token, or the API key), per client
 * address for anonymous calls, per tenant slug for webhooks.
 *
 * <p>
 * When Redis is down the limiter lets traffic through (Spring Cloud Gateway's choice,
 * kept on purpose: losing Redis must not take the API down). Each such request is counted
 * in {@value #REDIS_FAILURES} and logged at most once a minute, so the outage is visible
 * without flooding the log.
 */
@Configuration(proxyBeanMethods = false)
class RateLimits {

	static final String REDIS_FAILURES = "revcycle.gateway.ratelimit.redis.failures";

	private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

	@Bean
	KeyResolver tenantKeyResolver() {
		return (exchange) -> exchange.getPrincipal()
			.filter(JwtAuthenticationToken.class::isInstance)
			.map((principal) -> {
				JwtAuthenticationToken token = (JwtAuthenticationToken) principal;
				return CallerTenant.fromToken(token.getToken())
					.map((slug) -> "tenant:" + slug)
					.orElse("user:" + token.getToken().getSubject());
			})
			.switchIfEmpty(Mono.fromSupplier(() -> {
				Optional<String> keyTenant = CallerTenant
					.fromApiKey(exchange.getRequest().getHeaders().getFirst(GatewaySecurity.API_KEY_HEADER));
				if (keyTenant.isPresent()) {
					return "tenant:" + keyTenant.get();
				}
				Optional<String> hookTenant = CallerTenant.fromHookPath(exchange.getRequest().getPath().value());
				if (hookTenant.isPresent()) {
					return "hooks:" + hookTenant.get();
				}
				var address = exchange.getRequest().getRemoteAddress();
				return "ip:" + ((address != null && address.getAddress() != null)
						? address.getAddress().getHostAddress() : "unknown");
			}));
	}

	@Bean
	RedisRateLimiter tenantRateLimiter(ReactiveStringRedisTemplate redis,
			@Qualifier(RedisRateLimiter.REDIS_SCRIPT_NAME) RedisScript<List<Long>> script,
			ConfigurationService configurationService, RateLimitSettings settings, MeterRegistry meters) {
		return new PlanRateLimiter(redis, script, configurationService, settings,
				Counter.builder(REDIS_FAILURES)
					.description("Requests let through unchecked because Redis did not answer the rate limiter")
					.register(meters));
	}

	/**
	 * Picks the bucket size by the kind of key (and, for tenants, by plan), then lets
	 * {@link RedisRateLimiter} do the counting.
	 */
	static final class PlanRateLimiter extends RedisRateLimiter {

		private static final long LOG_EVERY_MILLIS = 60_000;

		private final Counter redisFailures;

		private final AtomicLong lastLogged = new AtomicLong();

		PlanRateLimiter(ReactiveStringRedisTemplate redis, RedisScript<List<Long>> script,
				ConfigurationService configurationService, RateLimitSettings settings, Counter redisFailures) {
			super(redis, script, configurationService);
			this.redisFailures = redisFailures;
			settings.plans().forEach((plan, limit) -> register("plan:" + plan, limit));
			register("anonymous", settings.anonymous());
			register("hooks", settings.hooks());
		}

		private void register(String name, RateLimitSettings.Limit limit) {
			getConfig().put(name,
					new RedisRateLimiter.Config().setReplenishRate(limit.replenishRate())
						.setBurstCapacity(limit.burstCapacity())
						.setRequestedTokens(1));
		}

		@Override
		public Mono<RateLimiter.Response> isAllowed(String routeId, String id) {
			String bucket = id.startsWith("tenant:") || id.startsWith("user:") ? "plan:" + planOf(id)
					: id.startsWith("hooks:") ? "hooks" : "anonymous";
			return super.isAllowed(bucket, id).doOnNext((response) -> {
				if ("-1".equals(response.getHeaders().get(getRemainingHeader()))) {
					this.redisFailures.increment();
					long now = System.currentTimeMillis();
					long last = this.lastLogged.get();
					if (now - last > LOG_EVERY_MILLIS && this.lastLogged.compareAndSet(last, now)) {
						log.warn("Redis did not answer the rate limiter: requests pass unchecked ({} so far)",
								(long) this.redisFailures.count());
					}
				}
			});
		}

		/** Every tenant is on the default plan until plans are stored per tenant. */
		private static String planOf(String id) {
			return "default";
		}

	}

}
