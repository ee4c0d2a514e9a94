package io.revcycle.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.bucket4j.redis.lettuce.RedisApi;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The Redis calls of Bucket4j's Lettuce backend (its compare-and-swap scripts, a read, a
 * delete), made over the application's own Redis connection: the same settings
 * ({@code spring.data.redis.*}), the same command timeout, and a gateway that starts, and
 * serves, while Redis is down (a call then fails, and the limiter lets the request
 * through). Keys are strings; their type is {@code Object} because the backend hands them
 * over in an {@code Object[]}.
 */
final class SpringRedisApi implements RedisApi<Object> {

	private final ReactiveStringRedisTemplate redis;

	SpringRedisApi(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	@Override
	public <V> RedisFuture<V> eval(String script, ScriptOutputType type, Object[] keys, byte[][] params) {
		ByteBuffer[] keysAndArgs = new ByteBuffer[keys.length + params.length];
		for (int i = 0; i < keys.length; i++) {
			keysAndArgs[i] = bytes(String.valueOf(keys[i]));
		}
		for (int i = 0; i < params.length; i++) {
			keysAndArgs[keys.length + i] = ByteBuffer.wrap(params[i]);
		}
		ReturnType returnType = switch (type) {
			case BOOLEAN -> ReturnType.BOOLEAN;
			case INTEGER -> ReturnType.INTEGER;
			case MULTI -> ReturnType.MULTI;
			case STATUS -> ReturnType.STATUS;
			default -> ReturnType.VALUE;
		};
		Mono<V> result = this.redis
			.execute((connection) -> connection.scriptingCommands()
				.<V>eval(bytes(script), returnType, keys.length, keysAndArgs))
			.next();
		if (type == ScriptOutputType.BOOLEAN) {
			@SuppressWarnings("unchecked")
			V no = (V) Boolean.FALSE;
			result = result.defaultIfEmpty(no);
		}
		return future(result);
	}

	@Override
	public RedisFuture<byte[]> get(Object key) {
		return future(this.redis.execute((connection) -> connection.stringCommands().get(bytes(String.valueOf(key))))
			.next()
			.map(SpringRedisApi::array));
	}

	@Override
	public RedisFuture<?> delete(Object key) {
		return future(
				this.redis.execute((connection) -> connection.keyCommands().del(bytes(String.valueOf(key)))).next());
	}

	private static ByteBuffer bytes(String text) {
		return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] array(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return bytes;
	}

	private static <V> RedisFuture<V> future(Mono<V> result) {
		Pending<V> pending = new Pending<>();
		result.subscribe(pending::complete, pending::completeExceptionally, () -> pending.complete(null));
		return pending;
	}

	/** A Redis call under way, as Bucket4j's Lettuce backend waits for one. */
	static final class Pending<V> extends CompletableFuture<V> implements RedisFuture<V> {

		@Override
		public String getError() {
			if (!isCompletedExceptionally()) {
				return null;
			}
			try {
				join();
				return null;
			}
			catch (CompletionException | CancellationException ex) {
				return String.valueOf((ex.getCause() != null) ? ex.getCause().getMessage() : ex.getMessage());
			}
		}

		@Override
		public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
			try {
				get(timeout, unit);
				return true;
			}
			catch (ExecutionException | CancellationException ex) {
				return true;
			}
			catch (TimeoutException ex) {
				return false;
			}
		}

	}

}
