package io.revcycle.tenancy.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.TenantId;
import org.hibernate.type.SqlTypes;

/**
 * A user of a tenant. Keycloak owns the credentials; this row keeps what the engine
 * routes and reports by (roles, team). Its id is the Keycloak user id.
 */
@Entity
@Table(name = "tenant_users")
class TenantUser {

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

	@Column(name = "created_at")
	private Instant createdAt;

	protected TenantUser() {
	}

	TenantUser(UUID id, String email, List<String> roles, String team, UUID managerId, Instant createdAt) {
		this.id = id;
		this.managerId = managerId;
		this.email = email;
		this.roles = List.copyOf(roles);
		this.team = team;
		this.createdAt = createdAt;
	}

	UUID id() {
		return this.id;
	}

	UUID tenantId() {
		return this.tenantId;
	}

}
