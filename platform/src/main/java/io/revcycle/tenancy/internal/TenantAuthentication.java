package io.revcycle.tenancy.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.revcycle.tenancy.TenantPrincipal;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated caller bound to exactly one tenant: authorities {@value #TENANT} plus
 * {@code ROLE_<role>} for each of its roles.
 */
final class TenantAuthentication extends AbstractAuthenticationToken {

	/** The authority every tenant-bound caller has; the API requires it. */
	static final String TENANT = "TENANT";

	private final TenantPrincipal principal;

	private final Object credentials;

	TenantAuthentication(TenantPrincipal principal, Object credentials) {
		super(authorities(principal));
		this.principal = principal;
		this.credentials = credentials;
		setAuthenticated(true);
	}

	private static Collection<GrantedAuthority> authorities(TenantPrincipal principal) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		authorities.add(new SimpleGrantedAuthority(TENANT));
		principal.roles().forEach((role) -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
		return authorities;
	}

	@Override
	public TenantPrincipal getPrincipal() {
		return this.principal;
	}

	@Override
	public Object getCredentials() {
		return this.credentials;
	}

	@Override
	public String getName() {
		return this.principal.subject();
	}

}
