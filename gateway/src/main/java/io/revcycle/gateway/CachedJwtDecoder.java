package io.revcycle.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Decodes each access token once for its lifetime: a token the decoder accepted (its
 * signature, issuer and times checked) is kept under the SHA-256 of its whole text, so
 * the next request with the same token skips parsing and the signature check. Only the
 * exact same token finds it: another signature, or any changed character, is another
 * hash. A kept token is checked against the clock again at every use, and a token that
 * has expired meanwhile goes back to the decoder, which refuses it.
 */
final class CachedJwtDecoder implements ReactiveJwtDecoder {

	private final ReactiveJwtDecoder decoder;

	private final OAuth2TokenValidator<Jwt> timestamps;

	private final Cache<TokenHash, Jwt> decoded;

	/**
	 * @param decoder the decoder that checks tokens
	 * @param timestamps the check of expiry and not-before against the clock, applied to
	 * every kept token at each use
	 * @param clock the clock kept tokens expire by
	 * @param clockSkew the allowance the decoder gives after a token's expiry
	 * @param size the most tokens kept
	 */
	CachedJwtDecoder(ReactiveJwtDecoder decoder, OAuth2TokenValidator<Jwt> timestamps, Clock clock, Duration clockSkew,
			long size) {
		this.decoder = decoder;
		this.timestamps = timestamps;
		this.decoded = Caffeine.newBuilder().maximumSize(size).expireAfter(new Expiry<TokenHash, Jwt>() {

			@Override
			public long expireAfterCreate(TokenHash key, Jwt jwt, long currentTime) {
				Instant expiresAt = jwt.getExpiresAt();
				if (expiresAt == null) {
					return 0;
				}
				return Math.max(0, Duration.between(clock.instant(), expiresAt.plus(clockSkew)).toNanos());
			}

			@Override
			public long expireAfterUpdate(TokenHash key, Jwt jwt, long currentTime, long currentDuration) {
				return expireAfterCreate(key, jwt, currentTime);
			}

			@Override
			public long expireAfterRead(TokenHash key, Jwt jwt, long currentTime, long currentDuration) {
				return currentDuration;
			}

		}).executor(Runnable::run).build();
	}

	@Override
	public Mono<Jwt> decode(String token) {
		TokenHash hash = TokenHash.of(token);
		Jwt kept = this.decoded.getIfPresent(hash);
		if (kept != null) {
			if (!this.timestamps.validate(kept).hasErrors()) {
				return Mono.just(kept);
			}
			this.decoded.invalidate(hash);
		}
		return this.decoder.decode(token).doOnNext((jwt) -> {
			if (jwt.getExpiresAt() != null) {
				this.decoded.put(hash, jwt);
			}
		});
	}

	/** How many tokens are kept now. */
	long size() {
		this.decoded.cleanUp();
		return this.decoded.estimatedSize();
	}

	/** The SHA-256 of a token's text. */
	record TokenHash(long a, long b, long c, long d) {

		private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
			try {
				return MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		});

		static TokenHash of(String token) {
			ByteBuffer digest = ByteBuffer.wrap(SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8)));
			return new TokenHash(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
		}

	}

}
