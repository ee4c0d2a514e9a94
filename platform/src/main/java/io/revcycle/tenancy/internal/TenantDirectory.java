package io.revcycle.tenancy.internal;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Maps a Keycloak organization alias (the slug) to an active tenant. Slugs never change
 * owner, so found tenants are cached for the life of the process; unknown or provisioning
 * ones are looked up again each time.
 */
@Component
public class TenantDirectory {

	private final Tenants tenants;

	private final TransactionTemplate tx;

	private final ConcurrentMap<String, UUID> active = new ConcurrentHashMap<>();

	TenantDirectory(Tenants tenants, TransactionTemplate tx) {
		this.tenants = tenants;
		this.tx = tx;
	}

	/** The active tenant with this slug, if there is one. */
	public Optional<UUID> activeTenant(String slug) {
		UUID cached = this.active.get(slug);
		if (cached != null) {
			return Optional.of(cached);
		}
		Optional<UUID> found = this.tx.execute((status) -> this.tenants.findBySlug(slug)
			.filter((tenant) -> tenant.status() == Tenant.Status.ACTIVE)
			.map(Tenant::id));
		found.ifPresent((id) -> this.active.put(slug, id));
		return found;
	}

	/** The slug of an active tenant, if it exists. */
	public Optional<String> activeSlug(UUID tenantId) {
		return this.tx.execute((status) -> this.tenants.findById(tenantId)
			.filter((tenant) -> tenant.status() == Tenant.Status.ACTIVE)
			.map(Tenant::slug));
	}

	/** The ids of the active tenants. */
	public java.util.List<UUID> activeTenants() {
		return this.tx.execute((status) -> this.tenants.findActiveIds());
	}

}
