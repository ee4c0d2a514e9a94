package io.revcycle.tenancy;

import java.security.Principal;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, and for which tenant: made only by the platform, from a validated
 * token's organization claim or from an API key, never from anything else a client sent.
 *
 * @param tenantId the tenant
 * @param slug the tenant's slug (the Keycloak organization alias)
 * @param subject the Keycloak user id, or {@code api-key:<id>} for an API key
 * @param roles the caller's roles among {@link Roles#ALL}
 */
public record TenantPrincipal(UUID tenantId, String slug, String subject, Set<String> roles) implements Principal {

	@Override
	public String getName() {
		return this.subject;
	}

	/** Whether the caller holds the role. */
	public boolean hasRole(String role) {
		return this.roles.contains(role);
	}

}
