package io.revcycle.tenancy.internal;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.TenantId;

/**
 * A tenant API key. Only a SHA-256 hash of the key is stored (the key carries 256 random
 * bits, so a slow hash adds nothing); the key itself is shown once, when created.
 */
@Entity
@Table(name = "api_keys")
class ApiKey {

	@TenantId
	@Column(name = "tenant_id")
	private UUID tenantId;

	@Id
	private UUID id;

	private String name;

	@Column(name = "key_hash")
	private byte[] keyHash;

	@Column(name = "key_hint")
	private String keyHint;

	@Column(name = "created_by")
	private String createdBy;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	protected ApiKey() {
	}

	ApiKey(UUID id, String name, byte[] keyHash, String keyHint, String createdBy, Instant createdAt) {
		this.id = id;
		this.name = name;
		this.keyHash = keyHash.clone();
		this.keyHint = keyHint;
		this.createdBy = createdBy;
		this.createdAt = createdAt;
	}

	UUID id() {
		return this.id;
	}

	UUID tenantId() {
		return this.tenantId;
	}

	String name() {
		return this.name;
	}

	byte[] keyHash() {
		return this.keyHash.clone();
	}

	String keyHint() {
		return this.keyHint;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	Instant revokedAt() {
		return this.revokedAt;
	}

	boolean active() {
		return this.revokedAt == null;
	}

	/** Revokes the key; revoking a revoked key changes nothing. */
	void revoke(Instant at) {
		if (this.revokedAt == null) {
			this.revokedAt = at;
		}
	}

}
