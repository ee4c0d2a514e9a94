package io.revcycle.tenancy.internal;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.revcycle.http.Conflict;
import io.revcycle.tenancy.TenantContext;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Adds users to the current tenant: a Keycloak user, a member of the tenant's
 * organization, with realm roles, and a row the engine routes by. A failure half-way
 * removes the Keycloak user again.
 */
@Component
class Users {

	private final Tenants tenants;

	private final TenantUsers users;

	private final KeycloakIdentities keycloak;

	private final TransactionTemplate tx;

	private final Clock clock;

	Users(Tenants tenants, TenantUsers users, KeycloakIdentities keycloak, TransactionTemplate tx, Clock clock) {
		this.tenants = tenants;
		this.users = users;
		this.keycloak = keycloak;
		this.tx = tx;
		this.clock = clock;
	}

	/** Raised when the email already has an account. */
	static final class EmailTaken extends Conflict {

		EmailTaken(String email) {
			super("A user with the email '" + email + "' already exists.");
		}

	}

	/** Creates a user of the current tenant and returns its id. */
	UUID create(String email, String password, List<String> roles, String team, UUID managerId) {
		UUID tenantId = TenantContext.require();
		String organizationId = this.tx.execute((status) -> this.tenants.findById(tenantId)
			.map(Tenant::keycloakOrganizationId)
			.orElseThrow(() -> new IllegalStateException("Tenant " + tenantId + " has no organization")));
		String userId;
		try {
			userId = this.keycloak.createUser(email, password);
		}
		catch (KeycloakIdentities.AlreadyExists ex) {
			throw new EmailTaken(email);
		}
		try {
			this.keycloak.addMember(organizationId, userId);
			if (!roles.isEmpty()) {
				this.keycloak.grantRoles(userId, roles);
			}
			UUID id = UUID.fromString(userId);
			this.tx.executeWithoutResult((status) -> this.users
				.save(new TenantUser(id, email, roles, team, managerId, this.clock.instant())));
			return id;
		}
		catch (RuntimeException ex) {
			this.keycloak.deleteUser(userId);
			throw ex;
		}
	}

}
