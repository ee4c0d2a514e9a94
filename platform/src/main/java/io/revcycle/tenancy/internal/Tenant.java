package io.revcycle.tenancy.internal;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A tenant: one company, one Keycloak organization whose alias is the slug. Not
 * tenant-owned itself: this is the registry the platform maps a token's organization to a
 * tenant with.
 */
@Entity
@Table(name = "tenants")
class Tenant {

	enum Status {

		/**
		 * Sign-up is under way (or failed and awaits clean-up): the tenant cannot be used
		 * yet.
		 */
		PROVISIONING,

		/** Ready. */
		ACTIVE

	}

	@Id
	private UUID id;

	private String slug;

	private String company;

	@Enumerated(EnumType.STRING)
	private Status status;

	@Column(name = "keycloak_organization_id")
	private String keycloakOrganizationId;

	@Column(name = "keycloak_admin_user_id")
	private String keycloakAdminUserId;

	@Column(name = "created_at")
	private Instant createdAt;

	protected Tenant() {
	}

	Tenant(UUID id, String slug, String company, Instant createdAt) {
		this.id = id;
		this.slug = slug;
		this.company = company;
		this.status = Status.PROVISIONING;
		this.createdAt = createdAt;
	}

	UUID id() {
		return this.id;
	}

	String slug() {
		return this.slug;
	}

	String company() {
		return this.company;
	}

	Status status() {
		return this.status;
	}

	String keycloakOrganizationId() {
		return this.keycloakOrganizationId;
	}

	String keycloakAdminUserId() {
		return this.keycloakAdminUserId;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	/** Records the tenant's organization: created at sign-up, or again by a repair. */
	void organizationCreated(String organizationId) {
		this.keycloakOrganizationId = organizationId;
	}

	void adminUserCreated(String userId) {
		this.keycloakAdminUserId = userId;
	}

	void activate() {
		if (this.status != Status.PROVISIONING) {
			throw new IllegalStateException("Tenant " + this.slug + " is " + this.status);
		}
		this.status = Status.ACTIVE;
	}

}
