package io.revcycle.people;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.revcycle.kernel.AssignedId;
import org.hibernate.annotations.TenantId;

/**
 * A company, known by its web domain, with its firmographics.
 */
@Entity
@Table(name = "accounts")
public class Account extends AssignedId {

	@TenantId
	@Column(name = "tenant_id")
	private UUID tenantId;

	@Id
	private UUID id;

	private String domain;

	private String name;

	private String industry;

	private Integer employees;

	@Column(name = "annual_revenue")
	private BigDecimal annualRevenue;

	private String country;

	@Column(name = "owner_id")
	private UUID ownerId;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "updated_at")
	private Instant updatedAt;

	protected Account() {
	}

	public Account(UUID id, String domain, Instant at) {
		this.id = id;
		this.domain = domain;
		this.createdAt = at;
		this.updatedAt = at;
		markNew();
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	/**
	 * Takes firmographics from an event: known values are kept unless a new value is
	 * given. The account is updated (and its {@code updatedAt} moves) only when a value
	 * changes: most events repeat what is known, and an unchanged account is neither
	 * written nor locked by the batch that repeats it.
	 */
	public void describe(String name, String industry, Integer employees, BigDecimal annualRevenue, String country,
			Instant at) {
		boolean changed = changes(name, this.name) || changes(industry, this.industry)
				|| changes(employees, this.employees) || changes(country, this.country) || (annualRevenue != null
						&& (this.annualRevenue == null || annualRevenue.compareTo(this.annualRevenue) != 0));
		if (!changed) {
			return;
		}
		this.name = (name != null) ? name : this.name;
		this.industry = (industry != null) ? industry : this.industry;
		this.employees = (employees != null) ? employees : this.employees;
		this.annualRevenue = (annualRevenue != null) ? annualRevenue : this.annualRevenue;
		this.country = (country != null) ? country : this.country;
		this.updatedAt = at;
	}

	private static boolean changes(Object given, Object known) {
		return given != null && !given.equals(known);
	}

	/** Gives the account an owner, or none. */
	public void assignOwner(UUID ownerId) {
		this.ownerId = ownerId;
	}

	public UUID id() {
		return this.id;
	}

	public String domain() {
		return this.domain;
	}

	public String name() {
		return this.name;
	}

	public String industry() {
		return this.industry;
	}

	public Integer employees() {
		return this.employees;
	}

	public BigDecimal annualRevenue() {
		return this.annualRevenue;
	}

	public String country() {
		return this.country;
	}

	public UUID ownerId() {
		return this.ownerId;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	public Instant updatedAt() {
		return this.updatedAt;
	}

}
