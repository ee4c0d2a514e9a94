package io.revcycle.scoring;

import java.time.Instant;
import java.util.UUID;

import java.util.Map;

import io.revcycle.kernel.Conflict;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import io.revcycle.kernel.AssignedId;
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

	/**
	 * Proposes a draft for both sides' approval.
	 * @throws Conflict when this version is not a draft
	 */
	void propose(Instant at) {
		if (this.status != Status.DRAFT) {
			throw new Conflict("Only a draft can be proposed; version " + this.version + " is " + this.status + ".");
		}
		this.status = Status.PROPOSED;
		this.proposedAt = at;
	}

	/** The side whose approval, with the marketing side's, activates a model. */
	static final String SALES = "sales";

	/** The marketing side. */
	static final String MARKETING = "marketing";

	/**
	 * Checks an approval against the lifecycle: only a proposed version is approved, once
	 * per side, by two different people.
	 * @param side the approving side
	 * @param userId who approves
	 * @param approvals the approvals so far, side to user
	 * @return whether, with this approval, both sides have approved
	 * @throws Conflict when the lifecycle does not allow the approval
	 */
	boolean approvedWith(String side, String userId, Map<String, String> approvals) {
		if (this.status != Status.PROPOSED) {
			throw new Conflict(
					"Only a proposed model can be approved; version " + this.version + " is " + this.status + ".");
		}
		if (approvals.containsKey(side)) {
			throw new Conflict("The " + side + " side has approved version " + this.version + " already.");
		}
		if (approvals.containsValue(userId)) {
			throw new Conflict("You approved this version for the other side already: marketing and sales must be "
					+ "two different people.");
		}
		Map<String, String> after = new java.util.HashMap<>(approvals);
		after.put(side, userId);
		return after.containsKey(MARKETING) && after.containsKey(SALES);
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
