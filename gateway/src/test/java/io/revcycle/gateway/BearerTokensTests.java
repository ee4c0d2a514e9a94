package io.revcycle.gateway;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bearer token is read as Spring Security's converter reads it: the quick path takes
 * exactly the headers its expression accepts, and the rest gets its answers.
 */
class BearerTokensTests {

	/** Spring Security's expression for the header, as its converter writes it. */
	private static final Pattern SPRING = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$",
			Pattern.CASE_INSENSITIVE);

	private static final String ALPHABET = "aZ09-._~+/= \t:,;\"\u00e9Bb";

	@Test
	void randomHeadersGetTheTokenSpringSecuritysExpressionFinds() {
		Random random = new Random(20261205L);
		int taken = 0;
		for (int n = 0; n < 200_000; n++) {
			String header = randomHeader(random);
			Matcher matcher = SPRING.matcher(header);
			String expected = matcher.matches() ? matcher.group("token") : null;
			assertThat(BearerTokens.wellFormedToken(header)).as(header).isEqualTo(expected);
			taken += (expected != null) ? 1 : 0;
		}
		// both outcomes were met often, so the comparison means something
		assertThat(taken).isBetween(20_000, 180_000);
	}

	@Test
	void aWellFormedTokenIsTakenAndEverythingElseIsAnsweredAsSpringSecurityAnswersIt() {
		BearerTokens tokens = new BearerTokens();
		ServerBearerTokenAuthenticationConverter spring = new ServerBearerTokenAuthenticationConverter();
		for (String header : new String[] { "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "bearer abc==",
				"BEARER a/b+c~d_e-f.g" }) {
			Authentication ours = tokens.convert(exchange(header)).block();
			Authentication theirs = spring.convert(exchange(header)).block();
			assertThat(ours).isInstanceOf(BearerTokenAuthenticationToken.class);
			assertThat(((BearerTokenAuthenticationToken) ours).getToken())
				.isEqualTo(((BearerTokenAuthenticationToken) theirs).getToken());
		}
		for (String header : new String[] { "Bearer a b", "Bearer  abc", "Bearer =abc", "Bearer ",
				"Bearer abc\u00e9" }) {
			assertThatThrownBy(() -> tokens.convert(exchange(header)).block()).as(header)
				.isInstanceOf(OAuth2AuthenticationException.class)
				.hasMessageContaining("malformed");
		}
		// another scheme, or no header: no bearer token at all, as with Spring Security's
		assertThat(tokens.convert(exchange("Basic dXNlcjpwYXNz")).block()).isNull();
		assertThat(tokens.convert(MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/people"))).block())
			.isNull();
	}

	private static MockServerWebExchange exchange(String authorization) {
		return MockServerWebExchange
			.from(MockServerHttpRequest.get("/api/v1/people").header(HttpHeaders.AUTHORIZATION, authorization));
	}

	private static String randomHeader(Random random) {
		String[] schemes = { "Bearer ", "bearer ", "BEARER ", "BeArEr ", "Bearer", "Bearer  ", "Basic ", "", "Bearer\t",
				"Bearerx " };
		StringBuilder header = new StringBuilder(schemes[random.nextInt(schemes.length)]);
		int length = random.nextInt(10);
		boolean clean = random.nextInt(3) > 0;
		for (int i = 0; i < length; i++) {
			header.append(clean ? "aZ09-._~+/".charAt(random.nextInt(10))
					: ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		int padding = random.nextInt(3);
		header.append("=".repeat(padding));
		if (random.nextInt(10) == 0) {
			header.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return header.toString();
	}

}
