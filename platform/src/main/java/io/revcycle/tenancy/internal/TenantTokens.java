package io.revcycle.tenancy.internal;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.revcycle.tenancy.TenantPrincipal;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Turns a validated Keycloak token into a caller. The tenant comes only from the token's
 * {@code organization} claim (a list of aliases, or a map keyed by alias when the mapper
 * adds ids), which must name exactly one active tenant; the roles come from the caller's
 * membership in that tenant, never from the token (realm roles would hold in every
 * tenant). Otherwise the caller is authenticated but bound to no tenant, and the API
 * answers 403 with the reason.
 *
 * <p>
 * Keycloak (observed with 26.7) fills the claim by the requested scope: with
 * {@code organization} it names the user's organization when there is exactly one and
 * leaves the claim out when there are several; with {@code organization:<alias>} it names
 * that one; with {@code organization:*} it names them all.
 */
@Component
class TenantTokens implements Converter<Jwt, AbstractAuthenticationToken> {

	static final String ORGANIZATION_CLAIM = "organization";

	private final TenantDirectory directory;

	private final Memberships memberships;

	TenantTokens(TenantDirectory directory, Memberships memberships) {
		this.directory = directory;
		this.memberships = memberships;
	}

	/** A valid token that cannot act for a tenant, with the reason the 403 tells. */
	static final class Unbound extends JwtAuthenticationToken {

		private final String reason;

		Unbound(Jwt jwt, String reason) {
			super(jwt, List.of());
			this.reason = reason;
		}

		String reason() {
			return this.reason;
		}

	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		Set<String> organizations = organizations(jwt.getClaims().get(ORGANIZATION_CLAIM));
		if (organizations.isEmpty()) {
			return new Unbound(jwt, "Your token names no organization. Request it with scope "
					+ "'openid organization:<alias>', the alias being the slug of the tenant to work in ('openid "
					+ "organization' is enough for a member of one tenant only: Keycloak leaves the organization out "
					+ "of the token of a member of several).");
		}
		if (organizations.size() > 1) {
			return new Unbound(jwt, "Your token names " + organizations.size() + " organizations; a request acts for "
					+ "one tenant. Request the token with scope 'openid organization:<alias>', the alias being the "
					+ "slug of the tenant to work in.");
		}
		String slug = organizations.iterator().next();
		Optional<UUID> tenant = this.directory.activeTenant(slug);
		if (tenant.isEmpty()) {
			return new Unbound(jwt, "Your token's organization '" + slug + "' is not an active tenant; request a "
					+ "token with scope 'openid organization:<alias>' for a tenant you belong to.");
		}
		Optional<Set<String>> roles = this.memberships.activeRoles(tenant.get(), jwt.getSubject());
		if (roles.isEmpty()) {
			return new Unbound(jwt, "You are not an active member of the tenant '" + slug
					+ "'; ask one of its tenant admins to add you (POST /api/v1/users).");
		}
		TenantPrincipal principal = new TenantPrincipal(tenant.get(), slug, jwt.getSubject(), roles.get());
		return new TenantAuthentication(principal, jwt);
	}

	private static Set<String> organizations(Object claim) {
		Set<String> aliases = new LinkedHashSet<>();
		if (claim instanceof Collection<?> list) {
			list.forEach((alias) -> aliases.add(String.valueOf(alias)));
		}
		else if (claim instanceof Map<?, ?> map) {
			map.keySet().forEach((alias) -> aliases.add(String.valueOf(alias)));
		}
		else if (claim instanceof String alias) {
			aliases.add(alias);
		}
		return aliases;
	}

}
