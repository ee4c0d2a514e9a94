package io.revcycle.plugin.host;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.revcycle.plugin.api.RateLimits;

/**
 * Rate limits kept in this process: right for one replica and for tests; a host with
 * several replicas gives its runtimes a shared implementation instead. Each bucket is
 * kept as the time it will be full again (the generic cell rate algorithm, which a shared
 * store can run the same way); buckets that are full again are dropped when there are
 * many, so memory stays bounded by the keys in use.
 */
public final class LocalRateLimits implements RateLimits {

	/** Buckets kept before full ones are dropped. */
	static final int MAX_BUCKETS = 10_000;

	private final Clock clock;

	/** Per key, when its bucket is full again (epoch milliseconds). */
	private final Map<String, Long> fullAt = new ConcurrentHashMap<>();

	public LocalRateLimits(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Optional<Duration> take(String key, long limit, Duration per) {
		RateLimits.check(key, limit, per);
		long now = this.clock.millis();
		if (this.fullAt.size() >= MAX_BUCKETS) {
			this.fullAt.values().removeIf((at) -> at <= now);
		}
		long[] wait = { 0 };
		this.fullAt.compute(key + "|" + limit + "|" + per.toMillis(), (k, at) -> {
			long[] step = Gcra.step((at != null) ? at : now, now, limit, per.toMillis());
			wait[0] = step[1];
			return step[0];
		});
		return (wait[0] > 0) ? Optional.of(Duration.ofMillis(wait[0])) : Optional.empty();
	}

	/** The generic cell rate algorithm: one step of a bucket. */
	static final class Gcra {

		private Gcra() {
		}

		/**
		 * Takes a token.
		 * @param fullAt when the bucket is full again (or now, when it is)
		 * @param now the time
		 * @param limit the bucket's size
		 * @param perMillis the time in which it fills up
		 * @return the new full-again time and the wait (0 when the token was taken)
		 */
		static long[] step(long fullAt, long now, long limit, long perMillis) {
			double interval = (double) perMillis / limit;
			long start = Math.max(fullAt, now);
			long next = start + (long) Math.ceil(interval);
			if (next - now > perMillis) {
				return new long[] { fullAt, Math.max(1, next - perMillis - now) };
			}
			return new long[] { next, 0 };
		}

	}

}
