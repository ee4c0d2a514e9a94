package io.revcycle.tenancy.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.revcycle.tenancy.Roles;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.TenantId;
import org.hibernate.type.SqlTypes;

/**
 * A membership: a Keycloak account's part in one tenant. Keycloak owns the account and
 * its credentials and lists the membership in the tenant's organization; this row keeps
 * what the engine authorizes, routes and reports by (roles, team, manager, away), per
 * tenant. Its id is the Keycloak user id, so one account has one row in each tenant it
 * belongs to. A deactivated membership stays, for history.
 */
@Entity
@Table(name = "tenant_users")
class TenantUser {

	static final String ACTIVE = "active";

	static final String DEACTIVATED = "deactivated";

	@TenantId
	@Column(name = "tenant_id")
	private UUID tenantId;

	@Id
	private UUID id;

	private String email;

	@JdbcTypeCode(SqlTypes.ARRAY)
	private List<String> roles;

	private String team;

	@Column(name = "manager_id")
	private UUID managerId;

	private boolean away;

	private String status;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "deactivated_at")
	private Instant deactivatedAt;

	protected TenantUser() {
	}

	TenantUser(UUID id, String email, List<String> roles, String team, UUID managerId, Instant createdAt) {
		this.id = id;
		this.managerId = managerId;
		this.email = email;
		this.roles = List.copyOf(roles);
		this.team = team;
		this.status = ACTIVE;
		this.createdAt = createdAt;
	}

	UUID id() {
		return this.id;
	}

	UUID tenantId() {
		return this.tenantId;
	}

	String email() {
		return this.email;
	}

	List<String> roles() {
		return List.copyOf(this.roles);
	}

	String team() {
		return this.team;
	}

	UUID managerId() {
		return this.managerId;
	}

	boolean away() {
		return this.away;
	}

	String status() {
		return this.status;
	}

	boolean active() {
		return ACTIVE.equals(this.status);
	}

	boolean admin() {
		return this.roles.contains(Roles.TENANT_ADMIN);
	}

	Instant createdAt() {
		return this.createdAt;
	}

	void changeRoles(List<String> roles) {
		this.roles = List.copyOf(roles);
	}

	void changeTeam(String team) {
		this.team = team;
	}

	void changeManager(UUID managerId) {
		this.managerId = managerId;
	}

	/** Marks the user away or back; returns whether that changed anything. */
	boolean markAway(boolean away) {
		boolean changed = this.away != away;
		this.away = away;
		return changed;
	}

	/** Deactivates the membership; returns false when it was deactivated already. */
	boolean deactivate(Instant at) {
		if (!active()) {
			return false;
		}
		this.status = DEACTIVATED;
		this.deactivatedAt = at;
		return true;
	}

	/**
	 * Makes a deactivated membership active again, with what the admin asked for now; it
	 * comes back present (not away).
	 */
	void reactivate(List<String> roles, String team, UUID managerId) {
		this.status = ACTIVE;
		this.deactivatedAt = null;
		this.roles = List.copyOf(roles);
		this.team = team;
		this.managerId = managerId;
		this.away = false;
	}

}
