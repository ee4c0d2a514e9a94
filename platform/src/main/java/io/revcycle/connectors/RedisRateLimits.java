package io.revcycle.connectors;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.revcycle.plugin.api.RateLimits;
import io.revcycle.plugin.host.LocalRateLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.stereotype.Component;

/**
 * Connectors' rate limits in Redis, shared by every platform replica: one key per bucket,
 * holding the time the bucket is full again (the generic cell rate algorithm, run
 * atomically in a script), expiring once it is full. The time comes from the platform's
 * clock, the same on every replica within clock skew. When Redis cannot be reached, takes
 * pass, and that is logged at most once a minute: losing a cache must not drop a tenant's
 * leads.
 */
@Component
class RedisRateLimits {

	private static final Logger log = LoggerFactory.getLogger(RedisRateLimits.class);

	private static final long LOG_EVERY_MILLIS = 60_000;

	/**
	 * KEYS[1] the bucket; ARGV now, interval and period in ms. Answers the wait in ms, 0
	 * when taken.
	 */
	private static final DefaultRedisScript<Long> GCRA = new DefaultRedisScript<>("""
			local now = tonumber(ARGV[1])
			local interval = tonumber(ARGV[2])
			local period = tonumber(ARGV[3])
			local full = tonumber(redis.call('GET', KEYS[1]) or now)
			if full < now then full = now end
			local nextFull = full + interval
			if nextFull - now > period then
			  return math.max(1, nextFull - period - now)
			end
			redis.call('SET', KEYS[1], nextFull, 'PX', math.max(1, nextFull - now))
			return 0
			""", Long.class);

	private final StringRedisTemplate redis;

	private final Clock clock;

	private final AtomicLong lastLogged = new AtomicLong();

	/** How long a replica counts on its own after Redis failed to answer. */
	static final Duration FALLBACK_FOR = Duration.ofSeconds(30);

	/** Until when (epoch milliseconds) this replica counts on its own. */
	private volatile long localUntil;

	/** Per instance, the buckets counted here while Redis is away. */
	private final Map<String, LocalRateLimits> local = new ConcurrentHashMap<>();

	RedisRateLimits(StringRedisTemplate redis, Clock clock) {
		this.redis = redis;
		this.clock = clock;
	}

	/**
	 * Connects to Redis once the platform is up, off the request path: a plugin call that
	 * first meets the rate limits must not wait for the connection.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void connect() {
		CompletableFuture.runAsync(() -> {
			try {
				this.redis.hasKey("revcycle:connector-limits:ping");
			}
			catch (RuntimeException ex) {
				this.localUntil = this.clock.millis() + FALLBACK_FOR.toMillis();
				log.warn("Redis cannot be reached for connectors' rate limits yet; each replica counts on its own "
						+ "until it can: {}", ex.getMessage());
			}
		});
	}

	/** The rate limits of one connector instance. */
	RateLimits forInstance(UUID tenantId, UUID instanceId) {
		String prefix = "revcycle:connector-limits:" + tenantId + ":" + instanceId + ":";
		return (key, limit, per) -> take(prefix, key, limit, per);
	}

	private Optional<Duration> locally(String prefix, String key, long limit, Duration per) {
		if (this.local.size() > 10_000) {
			this.local.clear();
		}
		return this.local.computeIfAbsent(prefix, (p) -> new LocalRateLimits(this.clock)).take(key, limit, per);
	}

	private Optional<Duration> take(String prefix, String key, long limit, Duration per) {
		RateLimits.check(key, limit, per);
		if (this.clock.millis() < this.localUntil) {
			return locally(prefix, key, limit, per);
		}
		long interval = (long) Math.ceil((double) per.toMillis() / limit);
		try {
			Long wait = this.redis.execute(GCRA, List.of(prefix + key + ":" + limit + ":" + per.toMillis()),
					Long.toString(this.clock.millis()), Long.toString(interval), Long.toString(per.toMillis()));
			return (wait != null && wait > 0) ? Optional.of(Duration.ofMillis(wait)) : Optional.empty();
		}
		catch (RuntimeException ex) {
			long now = this.clock.millis();
			this.localUntil = now + FALLBACK_FOR.toMillis();
			long last = this.lastLogged.get();
			if (now - last > LOG_EVERY_MILLIS && this.lastLogged.compareAndSet(last, now)) {
				log.warn("Redis did not answer a connector's rate limit; each replica counts on its own for {} s, "
						+ "then tries Redis again: {}", FALLBACK_FOR.toSeconds(), ex.getMessage());
			}
			return locally(prefix, key, limit, per);
		}
	}

}
