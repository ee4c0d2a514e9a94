package io.revcycle.console;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The signed-in landing page: who you are, which tenant you work in, your roles.
 */
@RestController
class LandingController {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> ROLES = List.of("tenant-admin", "marketing", "sdr", "ae", "finance", "support");

	@GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
	String landing(@AuthenticationPrincipal OidcUser user,
			@RegisteredOAuth2AuthorizedClient("keycloak") OAuth2AuthorizedClient client, CsrfToken csrf) {
		JsonNode access = claims(client.getAccessToken().getTokenValue());
		String tenant = tenant(user.getClaims().get("organization"));
		if (tenant == null) {
			tenant = tenant(JSON.convertValue(access.get("organization"), Object.class));
		}
		List<String> roles = access.path("realm_access")
			.path("roles")
			.valueStream()
			.map(JsonNode::asString)
			.filter(ROLES::contains)
			.toList();
		String name = (user.getFullName() != null) ? user.getFullName() : user.getEmail();
		return """
				<!doctype html>
				<html lang="en"><head><meta charset="utf-8"><title>Revcycle</title></head>
				<body>
				<h1>Revcycle</h1>
				<p>Signed in as <strong id="user">%s</strong> (<span id="email">%s</span>)</p>
				<p>Tenant: <strong id="tenant">%s</strong></p>
				<p>Roles: <span id="roles">%s</span></p>
				<form method="post" action="logout"><input type="hidden" name="%s" value="%s"><button>Sign out</button></form>
				</body></html>
				"""
			.formatted(escape(name), escape(user.getEmail()),
					escape((tenant != null) ? tenant : "none: your account belongs to no organization"),
					escape(String.join(", ", roles)), escape(csrf.getParameterName()), escape(csrf.getToken()));
	}

	private static String tenant(Object claim) {
		if (claim instanceof Collection<?> aliases && aliases.size() == 1) {
			return String.valueOf(aliases.iterator().next());
		}
		if (claim instanceof Map<?, ?> aliases && aliases.size() == 1) {
			return String.valueOf(aliases.keySet().iterator().next());
		}
		return null;
	}

	/**
	 * The claims of our own access token, received from Keycloak over the back channel.
	 */
	private static JsonNode claims(String jwt) {
		String[] parts = jwt.split("\\.");
		return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
	}

	private static String escape(String text) {
		return HtmlUtils.htmlEscape((text != null) ? text : "");
	}

}
