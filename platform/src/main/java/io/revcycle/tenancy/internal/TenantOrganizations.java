package io.revcycle.tenancy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.revcycle.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps each tenant and its Keycloak organization together. The database and Keycloak are
 * two stores: Keycloak's data can be lost or restored from an older backup, or an
 * organization deleted by hand, and then the tenant's users can no longer sign in for it.
 *
 * <p>
 * {@link #check()} finds such tenants; it runs shortly after start and then periodically,
 * and logs one line per broken tenant saying how to repair it. {@link #repair(String)}
 * recreates the organization with the same alias (or adopts one that has it), and makes
 * every active member a member again; a member whose account is gone too gets it back
 * under the same id, without a password.
 */
@Component
class TenantOrganizations {

	private static final Logger log = LoggerFactory.getLogger(TenantOrganizations.class);

	private final Tenants tenants;

	private final TenantUsers users;

	private final KeycloakIdentities keycloak;

	private final TransactionTemplate tx;

	TenantOrganizations(Tenants tenants, TenantUsers users, KeycloakIdentities keycloak, TransactionTemplate tx) {
		this.tenants = tenants;
		this.users = users;
		this.keycloak = keycloak;
		this.tx = tx;
	}

	/**
	 * One tenant's state.
	 *
	 * @param slug the slug, the organization's alias
	 * @param tenantId the tenant
	 * @param organizationId the organization the platform has on record
	 * @param organization {@code present} (the recorded organization exists with the slug
	 * as alias), {@code missing} (no organization has the slug as alias: nobody can sign
	 * in for the tenant) or {@code replaced} (the recorded one is gone but another has
	 * the alias, created by hand or restored: tokens name the tenant, but the platform
	 * would manage the members of an organization it does not have on record)
	 */
	record Check(String slug, UUID tenantId, String organizationId, String organization) {

		boolean healthy() {
			return PRESENT.equals(this.organization);
		}

	}

	static final String PRESENT = "present";

	static final String MISSING = "missing";

	static final String REPLACED = "replaced";

	/**
	 * What a repair did to a member.
	 *
	 * @param id the user id (the Keycloak account id)
	 * @param email the email
	 * @param result {@code member} (nothing to do), {@code added} (made a member again),
	 * {@code recreated} (the account was gone and was created again under its id, without
	 * a password: an administrator has to set one, or the user resets it, before it can
	 * sign in) or {@code conflict} (the account is gone and another account has the
	 * email: left alone, for an operator to decide)
	 */
	record MemberRepair(UUID id, String email, String result) {
	}

	/**
	 * What a repair did.
	 *
	 * @param slug the tenant's slug
	 * @param tenantId the tenant
	 * @param organizationId its organization now
	 * @param organization {@code present} (nothing to do), {@code adopted} (one with the
	 * alias existed and is now on record) or {@code recreated}
	 * @param members what happened to each active member
	 */
	record Repair(String slug, UUID tenantId, String organizationId, String organization, List<MemberRepair> members) {
	}

	/**
	 * Checks every active tenant against Keycloak's organizations, in one pass over them.
	 * @throws KeycloakIdentities.Unavailable when Keycloak cannot be asked
	 */
	List<Check> check() {
		Map<String, String> aliases = this.keycloak.organizations();
		List<Tenant> active = this.tx.execute((status) -> this.tenants.findActive());
		return active.stream().map((tenant) -> {
			String recorded = tenant.keycloakOrganizationId();
			String state;
			if (recorded != null && tenant.slug().equals(aliases.get(recorded))) {
				state = PRESENT;
			}
			else if (aliases.containsValue(tenant.slug())) {
				state = REPLACED;
			}
			else {
				state = MISSING;
			}
			return new Check(tenant.slug(), tenant.id(), recorded, state);
		}).toList();
	}

	/** Logs one line per tenant whose organization is not as recorded. */
	@Scheduled(initialDelayString = "${revcycle.tenancy.organization-check-delay:PT20S}",
			fixedDelayString = "${revcycle.tenancy.organization-check-interval:PT15M}")
	void report() {
		List<Check> checks;
		try {
			checks = check();
		}
		catch (KeycloakIdentities.Unavailable ex) {
			log.warn("Could not check the tenants' Keycloak organizations: {}", ex.getMessage());
			return;
		}
		int broken = 0;
		for (Check check : checks) {
			if (!check.healthy()) {
				broken++;
				log.warn(
						"Tenant '{}' ({}): its Keycloak organization is {} (on record: {}), so its users cannot "
								+ "sign in for it. Repair: POST /operator/tenants/{}/repair with the operator token in "
								+ "X-Operator-Token (README, 'When Keycloak lost a tenant').",
						check.slug(), check.tenantId(),
						MISSING.equals(check.organization()) ? "missing" : "replaced by another with its alias",
						check.organizationId(), check.slug());
			}
		}
		log.debug("Checked the Keycloak organizations of {} tenants: {} need a repair", checks.size(), broken);
	}

	/**
	 * Repairs an active tenant's place in Keycloak. Repeating it is safe: a tenant with
	 * its organization and every member in it is left as it is.
	 * @return what was done, or empty when there is no active tenant with this slug
	 * @throws KeycloakIdentities.Unavailable when Keycloak fails (repeat the repair)
	 */
	Optional<Repair> repair(String slug) {
		Optional<Tenant> found = this.tx
			.execute((status) -> this.tenants.findBySlug(slug).filter((t) -> t.status() == Tenant.Status.ACTIVE));
		if (found.isEmpty()) {
			return Optional.empty();
		}
		Tenant tenant = found.get();
		String organizationId = tenant.keycloakOrganizationId();
		String organization = PRESENT;
		if (organizationId == null
				|| !this.keycloak.organizationAlias(organizationId).filter(slug::equals).isPresent()) {
			Optional<String> withAlias = this.keycloak.findOrganization(slug);
			if (withAlias.isPresent()) {
				organizationId = withAlias.get();
				organization = "adopted";
			}
			else {
				organizationId = this.keycloak.createOrganization(slug, tenant.company(), tenant.id());
				organization = "recreated";
			}
			String recorded = organizationId;
			this.tx.executeWithoutResult((status) -> this.tenants.findById(tenant.id()).ifPresent((t) -> {
				t.organizationCreated(recorded);
				this.tenants.save(t);
			}));
			log.info("Tenant '{}': organization {} ({})", slug, organizationId, organization);
		}
		List<TenantUser> members = TenantContext.callAs(tenant.id(),
				() -> this.tx.execute((status) -> this.users.findActive()));
		List<MemberRepair> repaired = new ArrayList<>();
		for (TenantUser member : members) {
			repaired.add(new MemberRepair(member.id(), member.email(), rejoin(organizationId, member)));
		}
		return Optional.of(new Repair(slug, tenant.id(), organizationId, organization, repaired));
	}

	private String rejoin(String organizationId, TenantUser member) {
		String userId = member.id().toString();
		String result;
		if (this.keycloak.enabled(userId).isPresent()) {
			result = "member";
		}
		else if (this.keycloak.findUser(member.email()).isPresent()) {
			log.warn("Tenant member {} ({}): the account is gone and another account has its email; left alone", userId,
					member.email());
			return "conflict";
		}
		else if (this.keycloak.recreateUser(userId, member.email(), null)) {
			result = "recreated";
		}
		else {
			return "conflict";
		}
		boolean added = this.keycloak.addMember(organizationId, userId);
		return (added && result.equals("member")) ? "added" : result;
	}

}
