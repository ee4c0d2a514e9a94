package io.revcycle.tenancy.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.revcycle.kernel.Conflict;
import io.revcycle.tenancy.Roles;
import io.revcycle.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Self-service sign-up: the tenant row, its Keycloak organization (alias = slug), and the
 * first admin as a member with the {@code tenant-admin} role.
 *
 * <p>
 * An admin email that already has an account (a user of another tenant) is not refused,
 * which would tell anyone who has an account: that account becomes the new tenant's admin
 * and keeps its password (the one sent is ignored), and the answer is the same as for a
 * new account. Being a member of several tenants, it signs in with scope
 * {@code organization:<slug>}.
 *
 * <p>
 * The slug is reserved first, in the database, so two concurrent sign-ups cannot both get
 * it. Each Keycloak object created is recorded on the tenant row as soon as it exists; if
 * any later step fails, everything created so far is removed again (compensation) and the
 * slug is released. If the compensation itself fails (Keycloak down), the row stays
 * {@code PROVISIONING} and {@link #cleanUpAbandoned()} retries it later: nothing is left
 * half-created.
 */
@Component
class Signup {

	private static final Logger log = LoggerFactory.getLogger(Signup.class);

	/** Older than this, a tenant still provisioning is an abandoned sign-up. */
	static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

	private final Tenants tenants;

	private final TenantUsers users;

	private final KeycloakIdentities keycloak;

	private final TransactionTemplate tx;

	private final Clock clock;

	Signup(Tenants tenants, TenantUsers users, KeycloakIdentities keycloak, TransactionTemplate tx, Clock clock) {
		this.tenants = tenants;
		this.users = users;
		this.keycloak = keycloak;
		this.tx = tx;
		this.clock = clock;
	}

	/** Raised when the slug is taken. */
	static final class SlugTaken extends Conflict {

		SlugTaken(String slug) {
			super("The slug '" + slug + "' is already taken; choose another one.");
		}

	}

	/**
	 * Signs a company up.
	 * @return the new, active tenant
	 * @throws SlugTaken when the slug is taken, here or as the alias of an organization
	 * in Keycloak (which is then left alone)
	 * @throws KeycloakIdentities.Unavailable when Keycloak fails (nothing is left behind)
	 */
	Tenant signUp(String company, String slug, String adminEmail, String adminPassword) {
		Tenant tenant = reserve(company, slug);
		try {
			String organizationId;
			try {
				organizationId = this.keycloak.createOrganization(slug, company, tenant.id());
			}
			catch (KeycloakIdentities.AlreadyExists ex) {
				// not this tenant's: the compensation leaves it alone
				throw new SlugTaken(slug);
			}
			tenant.organizationCreated(organizationId);
			tenant = save(tenant);
			String userId;
			try {
				userId = this.keycloak.createUser(adminEmail, adminPassword);
				tenant.adminUserCreated(userId);
				tenant = save(tenant);
			}
			catch (KeycloakIdentities.AlreadyExists ex) {
				// an existing account joins, as it is; it is not ours to remove either
				userId = this.keycloak.findUser(adminEmail)
					.orElseThrow(() -> new KeycloakIdentities.Unavailable(
							"Keycloak reports an account for " + adminEmail + " but finds none", ex));
				this.keycloak.enableIfInNoOrganization(userId);
			}
			this.keycloak.addMember(organizationId, userId);
			Tenant provisioned = tenant;
			UUID admin = UUID.fromString(userId);
			return TenantContext.callAs(tenant.id(), () -> this.tx.execute((status) -> {
				this.users.save(new TenantUser(admin, adminEmail, List.of(Roles.TENANT_ADMIN), null, null,
						this.clock.instant()));
				provisioned.activate();
				return this.tenants.save(provisioned);
			}));
		}
		catch (RuntimeException ex) {
			compensate(tenant);
			throw ex;
		}
	}

	private Tenant reserve(String company, String slug) {
		try {
			return this.tx.execute((status) -> {
				if (this.tenants.findBySlug(slug).isPresent()) {
					throw new SlugTaken(slug);
				}
				return this.tenants.save(new Tenant(UUID.randomUUID(), slug, company, this.clock.instant()));
			});
		}
		catch (DataIntegrityViolationException ex) {
			// a concurrent sign-up won the race for the unique slug
			throw new SlugTaken(slug);
		}
	}

	private Tenant save(Tenant tenant) {
		return this.tx.execute((status) -> this.tenants.save(tenant));
	}

	/**
	 * Removes what a failed sign-up created, newest first: an account only when sign-up
	 * created it, the organization only when this tenant created it. Returns whether
	 * everything is gone; when not, the tenant row stays for a later retry.
	 */
	boolean compensate(Tenant tenant) {
		try {
			if (tenant.keycloakAdminUserId() != null) {
				this.keycloak.deleteUser(tenant.keycloakAdminUserId());
			}
			String organizationId = tenant.keycloakOrganizationId();
			if (organizationId == null) {
				// the organization may exist although its id was never recorded (a crash
				// between the two steps); one with the alias that this tenant did not
				// create is left alone
				organizationId = this.keycloak.findOrganization(tenant.slug(), tenant.id()).orElse(null);
			}
			if (organizationId != null) {
				this.keycloak.deleteOrganization(organizationId);
			}
			this.tx.executeWithoutResult((status) -> this.tenants.deleteById(tenant.id()));
			log.info("Sign-up of '{}' rolled back", tenant.slug());
			return true;
		}
		catch (RuntimeException ex) {
			log.warn("Sign-up of '{}' could not be rolled back yet, will retry: {}", tenant.slug(), ex.getMessage());
			return false;
		}
	}

	/**
	 * Retries the compensation of sign-ups abandoned half-way (for example when Keycloak
	 * was down).
	 */
	@Scheduled(fixedDelayString = "${revcycle.signup.cleanup-interval:PT5M}", initialDelayString = "PT1M")
	void cleanUpAbandoned() {
		List<Tenant> abandoned = this.tx
			.execute((status) -> this.tenants.findStaleProvisioning(this.clock.instant().minus(ABANDONED_AFTER)));
		abandoned.forEach(this::compensate);
	}

}
