package io.revcycle.people;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.revcycle.kernel.AssignedId;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.TenantId;
import org.hibernate.type.SqlTypes;

/**
 * A person: a lead or contact of a tenant, on one timeline from first touch to customer.
 */
@Entity
@Table(name = "persons")
public class Person extends AssignedId {

	/** The stage of a person known only by identity so far. */
	public static final String KNOWN = "Known";

	/** The stage of a visitor known only by an anonymous id. */
	public static final String ANONYMOUS = "Anonymous";

	/** The running behaviour sums of a person with no activity: none. */
	public static final String NOTHING_DONE = "{}";

	@TenantId
	@Column(name = "tenant_id")
	private UUID tenantId;

	@Id
	private UUID id;

	private String email;

	@Column(name = "first_name")
	private String firstName;

	@Column(name = "last_name")
	private String lastName;

	private String stage;

	@Column(name = "fit_score")
	private int fitScore;

	@Column(name = "behaviour_score")
	private int behaviourScore;

	@Column(name = "owner_id")
	private UUID ownerId;

	@Column(name = "account_id")
	private UUID accountId;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "updated_at")
	private Instant updatedAt;

	private String title;

	private String phone;

	@Column(name = "stage_entered_at")
	private Instant stageEnteredAt;

	@Column(name = "score_computed_at")
	private Instant scoreComputedAt;

	@Column(name = "score_stale_at")
	private Instant scoreStaleAt;

	@Column(name = "erased_at")
	private Instant erasedAt;

	/**
	 * The scoring feature's running behaviour sums (JSON it alone reads), or null when
	 * they must be computed again from the person's history.
	 */
	@Column(name = "behaviour_sums")
	@JdbcTypeCode(SqlTypes.JSON)
	private String behaviourSums;

	protected Person() {
	}

	/**
	 * A new person: {@value #KNOWN} when the email is known, {@value #ANONYMOUS}
	 * otherwise.
	 * @param id the id
	 * @param email the email, lower case, or null for an anonymous visitor
	 * @param at when the person was first seen
	 */
	public Person(UUID id, String email, Instant at) {
		this.id = id;
		this.email = email;
		this.stage = (email != null) ? KNOWN : ANONYMOUS;
		this.stageEnteredAt = at;
		this.createdAt = at;
		this.updatedAt = at;
		this.behaviourSums = NOTHING_DONE;
		markNew();
	}

	Person(UUID id, String email, String firstName, String lastName, Instant createdAt) {
		this(id, email, createdAt);
		this.firstName = firstName;
		this.lastName = lastName;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	/**
	 * Takes what an event says about the person: a known value is never erased by a
	 * missing one, a new value replaces an old one.
	 */
	public void describe(String firstName, String lastName, String title, String phone, Instant at) {
		this.firstName = (firstName != null) ? firstName : this.firstName;
		this.lastName = (lastName != null) ? lastName : this.lastName;
		this.title = (title != null) ? title : this.title;
		this.phone = (phone != null) ? phone : this.phone;
		this.updatedAt = at;
	}

	/** Gives an anonymous visitor its email: it becomes known. */
	public void identify(String email) {
		this.email = email;
	}

	/** Links the person to its company. */
	public void linkAccount(UUID accountId) {
		this.accountId = accountId;
	}

	/**
	 * Records a new score.
	 * @param staleAt when decay will have changed the behaviour score enough to compute
	 * it again, or null when it cannot decay
	 * @param sums the running behaviour sums the score came from, or null when they
	 * cannot be kept (the history has activities after {@code at})
	 */
	public void scored(int fit, int behaviour, Instant at, Instant staleAt, String sums) {
		this.fitScore = fit;
		this.behaviourScore = behaviour;
		this.scoreComputedAt = at;
		this.scoreStaleAt = staleAt;
		this.behaviourSums = sums;
	}

	/**
	 * The running behaviour sums of the person's activities, as the scoring feature
	 * stored them ({@value #NOTHING_DONE} for a person with no activity yet), or null
	 * when they must be computed again from the person's history.
	 */
	public String behaviourSums() {
		return this.behaviourSums;
	}

	/**
	 * Forgets the running behaviour sums: the person's activities changed other than by
	 * new ones being added (a merge brought another's history, an erasure took
	 * properties), so the next score reads the whole history.
	 */
	public void forgetBehaviourSums() {
		this.behaviourSums = null;
	}

	/**
	 * When decay will have changed the stored behaviour score enough to compute it again.
	 */
	public Instant scoreStaleAt() {
		return this.scoreStaleAt;
	}

	/** Moves the person to a stage; the stage model decides whether it may. */
	public void enter(String stage, Instant at) {
		this.stage = stage;
		this.stageEnteredAt = at;
		this.updatedAt = at;
	}

	/** Gives the person an owner. */
	public void assignOwner(UUID ownerId) {
		this.ownerId = ownerId;
	}

	/**
	 * Forgets who the person is: email, names, title and phone. The stage, scores, owner
	 * and account stay, for anonymous aggregates.
	 */
	void erase(Instant at) {
		this.email = null;
		this.firstName = null;
		this.lastName = null;
		this.title = null;
		this.phone = null;
		this.behaviourSums = null;
		this.erasedAt = at;
		this.updatedAt = at;
	}

	/** When the person's personal data was erased, or null. */
	public Instant erasedAt() {
		return this.erasedAt;
	}

	public String title() {
		return this.title;
	}

	public String phone() {
		return this.phone;
	}

	public Instant stageEnteredAt() {
		return this.stageEnteredAt;
	}

	public Instant scoreComputedAt() {
		return this.scoreComputedAt;
	}

	/** The domain of the email, lower case, or null. */
	public String emailDomain() {
		return (this.email != null && this.email.contains("@")) ? this.email.substring(this.email.lastIndexOf('@') + 1)
				: null;
	}

	public UUID id() {
		return this.id;
	}

	public UUID tenantId() {
		return this.tenantId;
	}

	public String email() {
		return this.email;
	}

	public String firstName() {
		return this.firstName;
	}

	public String lastName() {
		return this.lastName;
	}

	public String stage() {
		return this.stage;
	}

	public int fitScore() {
		return this.fitScore;
	}

	public int behaviourScore() {
		return this.behaviourScore;
	}

	public UUID ownerId() {
		return this.ownerId;
	}

	public UUID accountId() {
		return this.accountId;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	public Instant updatedAt() {
		return this.updatedAt;
	}

}
