package io.revcycle.scoring;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import io.revcycle.http.AssignedId;
import org.hibernate.annotations.TenantId;
import org.hibernate.type.SqlTypes;

/**
 * A version of a tenant's scoring model. Draft, then proposed, then active once marketing
 * and sales both approved; the active version it replaces is retired, and kept.
 */
@Entity
@Table(name = "scoring_models")
public class ScoringModel extends AssignedId {

	/** The lifecycle of a version. */
	public enum Status {

		DRAFT, PROPOSED, ACTIVE, RETIRED

	}

	@TenantId
	@Column(name = "tenant_id")
	private UUID tenantId;

	@Id
	private UUID id;

	private int version;

	private String name;

	@Enumerated(EnumType.STRING)
	private Status status;

	@JdbcTypeCode(SqlTypes.JSON)
	private String definition;

	@Column(name = "created_by")
	private String createdBy;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "proposed_at")
	private Instant proposedAt;

	@Column(name = "activated_at")
	private Instant activatedAt;

	@Column(name = "retired_at")
	private Instant retiredAt;

	protected ScoringModel() {
	}

	ScoringModel(UUID id, int version, String name, String definition, String createdBy, Instant at) {
		this.id = id;
		this.version = version;
		this.name = name;
		this.status = Status.DRAFT;
		this.definition = definition;
		this.createdBy = createdBy;
		this.createdAt = at;
		markNew();
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	void propose(Instant at) {
		if (this.status != Status.DRAFT) {
			throw new IllegalStateException("Only a draft can be proposed; this version is " + this.status + ".");
		}
		this.status = Status.PROPOSED;
		this.proposedAt = at;
	}

	void activate(Instant at) {
		this.status = Status.ACTIVE;
		this.activatedAt = at;
	}

	void retire(Instant at) {
		this.status = Status.RETIRED;
		this.retiredAt = at;
	}

	public UUID id() {
		return this.id;
	}

	public int version() {
		return this.version;
	}

	public String name() {
		return this.name;
	}

	public Status status() {
		return this.status;
	}

	String definitionJson() {
		return this.definition;
	}

	public String createdBy() {
		return this.createdBy;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	public Instant proposedAt() {
		return this.proposedAt;
	}

	public Instant activatedAt() {
		return this.activatedAt;
	}

}
