package io.revcycle.tenancy;

import java.util.Optional;
import java.util.UUID;

import io.revcycle.tenancy.internal.TenantDirectory;

import org.springframework.stereotype.Component;

/**
 * Tenants by slug, for addresses that carry the slug instead of a token (webhooks at
 * {@code /hooks/{tenantSlug}/...}). Only active tenants are found.
 */
@Component
public class TenantSlugs {

	private final TenantDirectory directory;

	TenantSlugs(TenantDirectory directory) {
		this.directory = directory;
	}

	/** The active tenant with this slug. */
	public Optional<UUID> tenant(String slug) {
		return this.directory.activeTenant(slug);
	}

	/** The slug of an active tenant. */
	public Optional<String> slug(UUID tenantId) {
		return this.directory.activeSlug(tenantId);
	}

	/** The active tenants, for work that runs for each (a scheduled pass). */
	public java.util.List<UUID> active() {
		return this.directory.activeTenants();
	}

}
