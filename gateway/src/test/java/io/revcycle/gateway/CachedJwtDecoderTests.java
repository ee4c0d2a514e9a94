package io.revcycle.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.revcycle.testsupport.MovableClock;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tokens are decoded once for their lifetime, and a kept token is refused as soon as it
 * expires. The decoder behind stands for the signature check: it accepts two known
 * tokens, refuses anything else, and checks times like the real one.
 */
class CachedJwtDecoderTests {

	private static final Duration SKEW = Duration.ofSeconds(30);

	private final MovableClock clock = new MovableClock();

	private final Instant issued = Instant.parse("2026-12-03T12:00:00Z");

	private final AtomicInteger decoded = new AtomicInteger();

	private final JwtTimestampValidator timestamps = timestamps();

	private final Map<String, Jwt> signed = Map.of("header.alice.signature", jwt("header.alice.signature", "alice"),
			"header.bob.signature", jwt("header.bob.signature", "bob"));

	private final ReactiveJwtDecoder checking = (token) -> {
		this.decoded.incrementAndGet();
		Jwt jwt = this.signed.get(token);
		if (jwt == null) {
			return Mono.error(new BadJwtException("Invalid signature"));
		}
		OAuth2TokenValidatorResult result = this.timestamps.validate(jwt);
		return result.hasErrors() ? Mono.error(new JwtValidationException("expired", result.getErrors()))
				: Mono.just(jwt);
	};

	private final CachedJwtDecoder decoder = new CachedJwtDecoder(this.checking, this.timestamps, this.clock, SKEW,
			100);

	@Test
	void aTokenIsCheckedOnceForItsLifetime() {
		this.clock.freeze(this.issued.plusSeconds(10));
		for (int i = 0; i < 5; i++) {
			assertThat(this.decoder.decode("header.alice.signature").block().getSubject()).isEqualTo("alice");
		}
		assertThat(this.decoded).hasValue(1);
		assertThat(this.decoder.decode("header.bob.signature").block().getSubject()).isEqualTo("bob");
		assertThat(this.decoded).hasValue(2);
		assertThat(this.decoder.size()).isEqualTo(2);
	}

	@Test
	void onlyTheExactSameTokenIsFoundAndRefusedTokensAreNotKept() {
		this.clock.freeze(this.issued.plusSeconds(10));
		this.decoder.decode("header.alice.signature").block();
		for (String forged : new String[] { "header.alice.signaturf", "header.alice.signatur",
				"header.bob.signature " }) {
			assertThatThrownBy(() -> this.decoder.decode(forged).block()).isInstanceOf(BadJwtException.class);
		}
		assertThatThrownBy(() -> this.decoder.decode("header.alice.signaturf").block())
			.isInstanceOf(BadJwtException.class);
		assertThat(this.decoded).hasValue(5);
		assertThat(this.decoder.size()).isEqualTo(1);
	}

	@Test
	void aKeptTokenIsRefusedOnceItExpires() {
		this.clock.freeze(this.issued.plusSeconds(10));
		assertThat(this.decoder.decode("header.alice.signature").block()).isNotNull();
		// five minutes of life, thirty seconds of skew
		this.clock.freeze(this.issued.plus(Duration.ofMinutes(5)).plus(SKEW).minusSeconds(1));
		assertThat(this.decoder.decode("header.alice.signature").block()).isNotNull();
		assertThat(this.decoded).hasValue(1);
		this.clock.freeze(this.issued.plus(Duration.ofMinutes(5)).plus(SKEW).plusSeconds(1));
		assertThatThrownBy(() -> this.decoder.decode("header.alice.signature").block())
			.isInstanceOf(JwtValidationException.class);
		assertThat(this.decoded).hasValue(2);
		assertThatThrownBy(() -> this.decoder.decode("header.alice.signature").block())
			.isInstanceOf(JwtValidationException.class);
	}

	@Test
	void aTokenNotYetValidIsNotServedFromTheCache() {
		this.clock.freeze(this.issued.plusSeconds(10));
		this.decoder.decode("header.alice.signature").block();
		// the clock goes back before the token's issue (not-before) time
		this.clock.freeze(this.issued.minus(SKEW).minusSeconds(5));
		assertThatThrownBy(() -> this.decoder.decode("header.alice.signature").block())
			.isInstanceOf(JwtValidationException.class);
	}

	private JwtTimestampValidator timestamps() {
		JwtTimestampValidator validator = new JwtTimestampValidator(SKEW);
		validator.setClock(this.clock);
		return validator;
	}

	private Jwt jwt(String token, String subject) {
		return Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.subject(subject)
			.issuedAt(this.issued)
			.notBefore(this.issued)
			.expiresAt(this.issued.plus(Duration.ofMinutes(5)))
			.build();
	}

}
