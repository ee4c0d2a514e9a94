package io.revcycle.tenancy.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.revcycle.kernel.Audited;
import io.revcycle.kernel.Conflict;
import io.revcycle.http.CursorPage;
import io.revcycle.http.Problems;
import io.revcycle.tenancy.MemberAwayChanged;
import io.revcycle.tenancy.MemberDeactivated;
import io.revcycle.tenancy.Roles;
import io.revcycle.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The members of the current tenant: Keycloak accounts that are members of the tenant's
 * organization, each with a row that holds its roles in this tenant.
 *
 * <p>
 * An account is realm-wide and may belong to several tenants. Adding an email that
 * already has an account makes that account a member (its password is left as it is) and
 * answers exactly as for a new account, so a tenant learns nothing about other tenants'
 * users. Deactivating ends the membership: out of the organization, out of routing, open
 * work reassigned, and the account disabled only when no tenant is left to it.
 */
@Component
class Users {

	private static final Logger log = LoggerFactory.getLogger(Users.class);

	private final Tenants tenants;

	private final TenantUsers users;

	private final KeycloakIdentities keycloak;

	private final Memberships memberships;

	private final TransactionTemplate tx;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Users(Tenants tenants, TenantUsers users, KeycloakIdentities keycloak, Memberships memberships,
			TransactionTemplate tx, ApplicationEventPublisher events, Clock clock) {
		this.tenants = tenants;
		this.users = users;
		this.keycloak = keycloak;
		this.memberships = memberships;
		this.tx = tx;
		this.events = events;
		this.clock = clock;
	}

	/** Raised when the email belongs to a member of this tenant already. */
	static final class AlreadyMember extends Conflict {

		AlreadyMember(String email) {
			super("A user with the email '" + email + "' is already a member of this tenant; change it with "
					+ "PATCH /api/v1/users/{id}.");
		}

	}

	/** Raised when a change would leave the tenant without an active tenant admin. */
	static final class LastAdmin extends Conflict {

		LastAdmin() {
			super("This is the tenant's last active tenant-admin: give another user the tenant-admin role first.");
		}

	}

	/** Raised when a deactivated membership is to be changed. */
	static final class Deactivated extends Conflict {

		Deactivated(UUID id) {
			super("The user " + id + " is deactivated; add them again with POST /api/v1/users to change them.");
		}

	}

	/**
	 * What a tenant admin changes of a member; a field whose {@code *Set} flag is false
	 * is left as it is.
	 */
	record Changes(List<String> roles, boolean teamSet, String team, boolean managerSet, UUID managerId, Boolean away) {
	}

	/**
	 * Adds a member to the current tenant. A new email gets a new account with the
	 * password; an email with an account already (in another tenant, or deactivated here)
	 * makes that account a member, and the password is ignored: an account's password is
	 * never changed.
	 * @return the user id (the Keycloak account id), the same whether or not the account
	 * existed
	 * @throws AlreadyMember when the email belongs to an active member of this tenant
	 */
	UUID add(String email, String password, List<String> roles, String team, UUID managerId) {
		UUID tenantId = TenantContext.require();
		String organizationId = organizationOf(tenantId);
		Optional<TenantUser> known = this.tx.execute((status) -> this.users.findByEmail(email));
		if (known.isPresent() && known.get().active()) {
			throw new AlreadyMember(email);
		}
		String userId;
		boolean created = false;
		if (known.isPresent()) {
			userId = known.get().id().toString();
			// the account went away while the membership was deactivated: it comes back
			// under its id, with the password given now
			created = this.keycloak.enabled(userId).isEmpty() && this.keycloak.recreateUser(userId, email, password);
		}
		else {
			try {
				userId = this.keycloak.createUser(email, password);
				created = true;
			}
			catch (KeycloakIdentities.AlreadyExists ex) {
				userId = this.keycloak.findUser(email)
					.orElseThrow(() -> new KeycloakIdentities.Unavailable(
							"Keycloak reports an account for " + email + " but finds none", ex));
			}
		}
		boolean joined = false;
		try {
			if (!created) {
				this.keycloak.enableIfInNoOrganization(userId);
			}
			joined = this.keycloak.addMember(organizationId, userId);
			UUID id = UUID.fromString(userId);
			this.tx.executeWithoutResult((status) -> {
				if (known.isPresent()) {
					TenantUser member = this.users.findById(id).orElseThrow();
					member.reactivate(roles, team, managerId);
					this.users.save(member);
				}
				else {
					this.users.save(new TenantUser(id, email, roles, team, managerId, this.clock.instant()));
				}
			});
			this.memberships.forget(tenantId, id);
			this.tx.executeWithoutResult((status) -> this.events.publishEvent(new Audited("user.added", "user:" + id,
					null, this.users.findById(id).map(AuditedMember::of).orElse(null))));
			return id;
		}
		catch (RuntimeException ex) {
			if (created) {
				this.keycloak.deleteUser(userId);
			}
			else if (joined) {
				this.keycloak.removeMember(organizationId, userId);
			}
			throw ex;
		}
	}

	/** One page of the tenant's users, active and deactivated, newest first. */
	CursorPage<TenantUser> list(int limit, String cursor) {
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		List<TenantUser> rows = this.tx.execute((status) -> (after == null) ? this.users.firstPage(Limit.of(limit + 1))
				: this.users.pageAfter(after.at(), after.uuid(), Limit.of(limit + 1)));
		return CursorPage.of(rows, limit, (user) -> new CursorPage.Position(user.createdAt(), user.id()),
				(user) -> user);
	}

	/** A user of the current tenant; empty for anyone else's. */
	Optional<TenantUser> get(UUID id) {
		return this.tx.execute((status) -> this.users.findById(id));
	}

	/**
	 * Changes a member's roles, team, manager or away flag. Publishes
	 * {@link MemberAwayChanged} when the away flag changes.
	 * @return the user as it is now
	 * @throws org.springframework.web.server.ResponseStatusException 404 when the tenant
	 * has no such user, 400 when the manager is not an active member other than the user
	 * @throws LastAdmin when the last active tenant admin would lose the role
	 * @throws Deactivated when the membership is deactivated
	 */
	TenantUser change(UUID id, Changes changes) {
		UUID tenantId = TenantContext.require();
		TenantUser changed = this.tx.execute((status) -> {
			TenantUser user = this.users.findById(id).orElseThrow(() -> Problems.notFound("user", id));
			if (!user.active()) {
				throw new Deactivated(id);
			}
			AuditedMember before = AuditedMember.of(user);
			if (changes.roles() != null) {
				if (user.admin() && !changes.roles().contains(Roles.TENANT_ADMIN)
						&& this.users.lockActiveAdmins().size() <= 1) {
					throw new LastAdmin();
				}
				user.changeRoles(changes.roles());
			}
			if (changes.teamSet()) {
				user.changeTeam(changes.team());
			}
			if (changes.managerSet()) {
				if (changes.managerId() != null) {
					if (changes.managerId().equals(id)) {
						throw Problems.badRequest("managerId: a user cannot be their own manager.");
					}
					if (this.users.findById(changes.managerId()).filter(TenantUser::active).isEmpty()) {
						throw Problems.badRequest("managerId: no active user " + changes.managerId()
								+ " in this tenant; list them with GET /api/v1/users.");
					}
					checkNoCycle(id, changes.managerId());
				}
				user.changeManager(changes.managerId());
			}
			if (changes.away() != null && user.markAway(changes.away())) {
				this.events.publishEvent(new MemberAwayChanged(tenantId, id, changes.away(), this.clock.instant()));
			}
			TenantUser saved = this.users.save(user);
			this.events.publishEvent(new Audited("user.changed", "user:" + id, before, AuditedMember.of(saved)));
			return saved;
		});
		this.memberships.forget(tenantId, id);
		return changed;
	}

	/**
	 * Refuses a manager who is, through their own managers, managed by the user: that
	 * would make a loop that escalations and alerts to "the owner's manager" go round.
	 */
	private void checkNoCycle(UUID user, UUID manager) {
		java.util.Set<UUID> seen = new java.util.HashSet<>();
		UUID current = manager;
		while (current != null && seen.add(current)) {
			if (current.equals(user)) {
				throw Problems.badRequest("managerId: " + manager + " reports to this user (directly or through "
						+ "their managers), so this would make a loop; change that user's manager first.");
			}
			current = this.users.findById(current).map(TenantUser::managerId).orElse(null);
		}
	}

	/**
	 * Deactivates a member: the row is marked (and {@link MemberDeactivated} published,
	 * in the same transaction, for routing to let go of the user and reassign its open
	 * work), then the account leaves the tenant's organization and is disabled if it
	 * belongs to no other. Repeating it is safe: a deactivated member's Keycloak side is
	 * tidied again.
	 * @throws org.springframework.web.server.ResponseStatusException 404 when the tenant
	 * has no such user
	 * @throws LastAdmin when this is the tenant's last active tenant admin
	 * @throws KeycloakIdentities.Unavailable when Keycloak fails after the membership was
	 * deactivated here (the user can no longer act for the tenant; repeat the request)
	 */
	void deactivate(UUID id) {
		UUID tenantId = TenantContext.require();
		String organizationId = organizationOf(tenantId);
		this.tx.executeWithoutResult((status) -> {
			TenantUser user = this.users.findById(id).orElseThrow(() -> Problems.notFound("user", id));
			if (user.active() && user.admin() && this.users.lockActiveAdmins().size() <= 1) {
				throw new LastAdmin();
			}
			Instant now = this.clock.instant();
			AuditedMember before = AuditedMember.of(user);
			if (user.deactivate(now)) {
				this.users.save(user);
				this.events.publishEvent(new Audited("user.deactivated", "user:" + id, before, AuditedMember.of(user)));
				this.events.publishEvent(new MemberDeactivated(tenantId, id, now));
			}
		});
		this.memberships.forget(tenantId, id);
		String userId = id.toString();
		this.keycloak.removeMember(organizationId, userId);
		if (this.keycloak.organizationsOf(userId).isEmpty()) {
			this.keycloak.setEnabled(userId, false);
			log.info("Account {} left its last tenant and was disabled", userId);
		}
	}

	private String organizationOf(UUID tenantId) {
		return this.tx.execute((status) -> this.tenants.findById(tenantId)
			.map(Tenant::keycloakOrganizationId)
			.orElseThrow(() -> new IllegalStateException("Tenant " + tenantId + " has no organization")));
	}

	/** A member as the audit log shows its changes. */
	record AuditedMember(String email, List<String> roles, String team, UUID managerId, boolean away, String status) {

		static AuditedMember of(TenantUser user) {
			return new AuditedMember(user.email(), user.roles(), user.team(), user.managerId(), user.away(),
					user.status());
		}

	}

}
