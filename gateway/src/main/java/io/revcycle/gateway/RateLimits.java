package io.revcycle.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.NopeOptimizationListener;
import io.github.bucket4j.distributed.proxy.optimization.delay.DelayOptimization;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Per-tenant rate limits with {@code RequestRateLimiter} and Bucket4j's Redis buckets
 * (its Lettuce backend): one token bucket in Redis per tenant (from the token, or the API
 * key), per client address for anonymous calls, per tenant slug for webhooks.
 *
 * <p>
 * Each gateway keeps a local copy of a bucket it uses and spends a small allowance from
 * it before it synchronises with Redis (Bucket4j's delaying optimisation, which also
 * batches the requests that arrive while a synchronisation is under way): at most
 * {@link RateLimitSettings#localTokens(RateLimitSettings.Limit)} requests per bucket, and
 * never longer than {@link RateLimitSettings.Sync#maxDelay()}. Most requests are
 * therefore decided in memory, and refusals of an empty bucket cost no Redis call. What
 * replicas spent without telling each other is sent to Redis at the next synchronisation
 * (the bucket may go into debt, which the next refills pay back), so the sustained rate
 * holds; a burst can exceed the limit by at most the local allowance of each replica (see
 * docs/scaling.md).
 *
 * <p>
 * When Redis is down the limiter lets traffic through (kept on purpose: losing Redis must
 * not take the API down). Each such request is counted in {@value #REDIS_FAILURES} and
 * logged at most once a minute, so the outage is visible without flooding the log.
 */
@Configuration(proxyBeanMethods = false)
class RateLimits {

	static final String REDIS_FAILURES = "revcycle.gateway.ratelimit.redis.failures";

	/** The prefix of the buckets' keys in Redis. */
	static final String KEY_PREFIX = "revcycle:gateway:rate:";

	static final String REMAINING_HEADER = "X-RateLimit-Remaining";

	static final String REPLENISH_RATE_HEADER = "X-RateLimit-Replenish-Rate";

	static final String BURST_CAPACITY_HEADER = "X-RateLimit-Burst-Capacity";

	static final String REQUESTED_TOKENS_HEADER = "X-RateLimit-Requested-Tokens";

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

	/**
	 * The limiter of {@code RequestRateLimiter}; primary over the one Spring Cloud
	 * Gateway configures itself, which no route uses.
	 */
	@Bean
	@Primary
	BucketRateLimiter tenantRateLimiter(ReactiveStringRedisTemplate redis, RateLimitSettings settings, Clock clock,
			MeterRegistry meters) {
		return new BucketRateLimiter(new SpringRedisApi(redis), settings, clock,
				Counter.builder(REDIS_FAILURES)
					.description("Requests let through unchecked because Redis did not answer the rate limiter")
					.register(meters));
	}

	/**
	 * Picks the bucket by the kind of key (and, for tenants, by plan), and takes one
	 * token from it.
	 */
	static final class BucketRateLimiter implements RateLimiter<Object> {

		private static final long LOG_EVERY_MILLIS = 60_000;

		private final AsyncProxyManager<Object> buckets;

		private final RateLimitSettings settings;

		private final Clock clock;

		private final TimeMeter time;

		private final Counter redisFailures;

		private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE / 2);

		/**
		 * The buckets this gateway used lately, each with its local state (what it spent
		 * since it last synchronised). Bounded: a bucket dropped from here loses at most
		 * its unsynchronised allowance.
		 */
		private final Cache<String, Local> local;

		BucketRateLimiter(SpringRedisApi redis, RateLimitSettings settings, Clock clock, Counter redisFailures) {
			this.settings = settings;
			this.clock = clock;
			this.redisFailures = redisFailures;
			this.time = new TimeMeter() {

				@Override
				public long currentTimeNanos() {
					return clock.millis() * 1_000_000L;
				}

				@Override
				public boolean isWallClockBased() {
					return true;
				}

			};
			this.buckets = new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<>(redis).clientClock(this.time)
				// a bucket is forgotten once it would be full again, plus a minute
				.expirationAfterWrite(
						ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
				.build()
				.asAsync();
			this.local = Caffeine.newBuilder()
				.maximumSize(settings.sync().localBuckets())
				.expireAfterAccess(Duration.ofMinutes(10))
				.executor(Runnable::run)
				.build();
		}

		@Override
		public Mono<RateLimiter.Response> isAllowed(String routeId, String id) {
			Local bucket = this.local.get(id, this::bucket);
			// a client that goes away does not cancel a synchronisation other requests
			// wait for
			return Mono.defer(() -> Mono.fromFuture(bucket.proxy().tryConsumeAndReturnRemaining(1), true))
				.map((probe) -> response(bucket, probe))
				.onErrorResume((ex) -> Mono.just(redisFailed(bucket, ex)));
		}

		private Local bucket(String id) {
			RateLimitSettings.Limit limit = limitOf(id);
			BucketConfiguration configuration = BucketConfiguration.builder()
				.addLimit(Bandwidth.builder()
					.capacity(limit.burstCapacity())
					.refillGreedy(limit.replenishRate(), Duration.ofSeconds(1))
					.build())
				.build();
			DelayParameters delay = new DelayParameters(this.settings.localTokens(limit),
					this.settings.sync().maxDelay());
			AsyncBucketProxy proxy = this.buckets.builder()
				.withOptimization(new DelayOptimization(delay, NopeOptimizationListener.INSTANCE, this.time))
				.build(KEY_PREFIX + id, () -> CompletableFuture.completedFuture(configuration));
			return new Local(proxy, limit);
		}

		private RateLimitSettings.Limit limitOf(String id) {
			if (id.startsWith("tenant:") || id.startsWith("user:")) {
				return this.settings.plan(planOf(id));
			}
			return id.startsWith("hooks:") ? this.settings.hooks() : this.settings.anonymous();
		}

		private RateLimiter.Response response(Local bucket, ConsumptionProbe probe) {
			Map<String, String> headers = bucket.headers(probe.getRemainingTokens());
			if (!probe.isConsumed()) {
				long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
				headers.put(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
			}
			return new RateLimiter.Response(probe.isConsumed(), headers);
		}

		private RateLimiter.Response redisFailed(Local bucket, Throwable ex) {
			this.redisFailures.increment();
			long now = this.clock.millis();
			long last = this.lastLogged.get();
			if (now - last > LOG_EVERY_MILLIS && this.lastLogged.compareAndSet(last, now)) {
				log.warn("Redis did not answer the rate limiter: requests pass unchecked ({} so far): {}",
						(long) this.redisFailures.count(), ex.toString());
			}
			return new RateLimiter.Response(true, bucket.headers(-1));
		}

		/** Every tenant is on the default plan until plans are stored per tenant. */
		private static String planOf(String id) {
			return "default";
		}

		@Override
		public Map<String, Object> getConfig() {
			return Map.of();
		}

		@Override
		public Class<Object> getConfigClass() {
			return Object.class;
		}

		@Override
		public Object newConfig() {
			return new Object();
		}

	}

	/** A bucket's proxy, holding the local state of the delaying optimisation. */
	record Local(AsyncBucketProxy proxy, RateLimitSettings.Limit limit) {

		Map<String, String> headers(long remaining) {
			Map<String, String> headers = new java.util.HashMap<>(8);
			headers.put(REMAINING_HEADER, Long.toString(remaining));
			headers.put(REPLENISH_RATE_HEADER, Integer.toString(this.limit.replenishRate()));
			headers.put(BURST_CAPACITY_HEADER, Integer.toString(this.limit.burstCapacity()));
			headers.put(REQUESTED_TOKENS_HEADER, "1");
			return headers;
		}

	}

}
