package io.revcycle.people;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.TenantId;

/**
 * A person: a lead or contact of a tenant, on one timeline from first touch to customer.
 */
@Entity
@Table(name = "persons")
public class Person {

	/** The stage of a person known only by identity so far. */
	public static final String KNOWN = "Known";

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

	protected Person() {
	}

	Person(UUID id, String email, String firstName, String lastName, Instant createdAt) {
		this.id = id;
		this.email = email;
		this.firstName = firstName;
		this.lastName = lastName;
		this.stage = KNOWN;
		this.createdAt = createdAt;
		this.updatedAt = createdAt;
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
