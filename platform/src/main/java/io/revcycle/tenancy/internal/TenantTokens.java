package io.revcycle.tenancy.internal;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.revcycle.tenancy.Roles;
import io.revcycle.tenancy.TenantPrincipal;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Turns a validated Keycloak token into a caller. The tenant comes only from the token's
 * {@code organization} claim (a list of aliases, or a map keyed by alias when the mapper
 * adds ids), which must name exactly one active tenant; otherwise the caller is
 * authenticated but bound to no tenant, and the API answers 403.
 */
@Component
class TenantTokens implements Converter<Jwt, AbstractAuthenticationToken> {

	static final String ORGANIZATION_CLAIM = "organization";

	private final TenantDirectory directory;

	TenantTokens(TenantDirectory directory) {
		this.directory = directory;
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		Set<String> organizations = organizations(jwt.getClaims().get(ORGANIZATION_CLAIM));
		if (organizations.size() != 1) {
			return new JwtAuthenticationToken(jwt, List.of());
		}
		String slug = organizations.iterator().next();
		Optional<UUID> tenant = this.directory.activeTenant(slug);
		if (tenant.isEmpty()) {
			return new JwtAuthenticationToken(jwt, List.of());
		}
		TenantPrincipal principal = new TenantPrincipal(tenant.get(), slug, jwt.getSubject(), roles(jwt));
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

	private static Set<String> roles(Jwt jwt) {
		Set<String> roles = new LinkedHashSet<>();
		if (jwt.getClaims().get("realm_access") instanceof Map<?, ?> realmAccess
				&& realmAccess.get("roles") instanceof Collection<?> granted) {
			granted.stream().map(String::valueOf).filter(Roles.ALL::contains).forEach(roles::add);
		}
		return Set.copyOf(roles);
	}

}
