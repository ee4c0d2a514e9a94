package io.revcycle.gateway;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The tenant a request is for, as far as the gateway can tell: from a validated token's
 * {@code organization} claim, or from the tenant part of an API key (which the platform
 * verifies; the gateway only uses it to pick the rate-limit bucket), or from the slug of
 * a webhook path. Never from a header the client chose.
 */
final class CallerTenant {

	/**
	 * {@code rck_<slug>_<ids>.<secret>}: the slug is readable, the rest is checked by the
	 * platform.
	 */
	private static final Pattern API_KEY = Pattern
		.compile("^rck_([a-z0-9][a-z0-9-]{1,38}[a-z0-9])_[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$");

	private static final Pattern HOOK_PATH = Pattern.compile("^/hooks/([a-z0-9][a-z0-9-]{1,38}[a-z0-9])(/.*)?$");

	private CallerTenant() {
	}

	/**
	 * The single organization alias (tenant slug) of a token, if it names exactly one.
	 */
	static Optional<String> fromToken(Jwt jwt) {
		Object claim = jwt.getClaims().get("organization");
		if (claim instanceof Collection<?> aliases && aliases.size() == 1) {
			return Optional.of(String.valueOf(aliases.iterator().next()));
		}
		if (claim instanceof Map<?, ?> aliases && aliases.size() == 1) {
			return Optional.of(String.valueOf(aliases.keySet().iterator().next()));
		}
		return Optional.empty();
	}

	/** The tenant slug an API key names, if it is in the API key format at all. */
	static Optional<String> fromApiKey(String key) {
		if (key == null) {
			return Optional.empty();
		}
		Matcher matcher = API_KEY.matcher(key.trim());
		return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
	}

	/** The tenant slug of a webhook path {@code /hooks/{slug}/...}. */
	static Optional<String> fromHookPath(String path) {
		Matcher matcher = HOOK_PATH.matcher(path);
		return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
	}

}
