package io.revcycle.cycle;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.revcycle.kernel.InvalidInput;
import io.revcycle.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Each tenant's stage models, versioned; the newest usable one is in force. The default
 * model is stored as version 1 on first use. A stored version that can no longer be read
 * or is not valid (written before a rule existed) never breaks the tenant: the newest
 * version before it that is valid is used instead, and the problem is logged.
 */
@Component
class StageModels {

	private static final Logger log = LoggerFactory.getLogger(StageModels.class);

	/** Versions looked at, newest first, for one that is usable. */
	private static final int LOOK_BACK = 20;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	/** Versions already reported as unusable, so the log says it once. */
	private final Set<String> reported = ConcurrentHashMap.newKeySet();

	StageModels(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * A version of the model.
	 *
	 * @param version the version
	 * @param definition what it says
	 */
	record Versioned(int version, StageModelDefinition definition) {
	}

	/**
	 * Stores a new version, which is in force from now on without sign-off (the direct
	 * publication of tenants whose model both teams never signed).
	 */
	Versioned publish(StageModelDefinition definition, String createdBy) {
		this.current();
		int version = nextVersion();
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.update("update stage_models set status = 'RETIRED', retired_at = ? where status = 'ACTIVE'", now);
		this.jdbc.update(
				"insert into stage_models (tenant_id, version, definition, created_at, status, created_by, "
						+ "activated_at, name) values (?, ?, ?::jsonb, ?, 'ACTIVE', ?, ?, ?)",
				TenantContext.require(), version, this.json.writeValueAsString(definition), now, createdBy, now,
				"Version " + version);
		return new Versioned(version, definition);
	}

	private int nextVersion() {
		return this.jdbc.queryForObject("select coalesce(max(version), 0) + 1 from stage_models", Integer.class);
	}

	/**
	 * A version with its lifecycle.
	 *
	 * @param id the id
	 * @param version the version number
	 * @param name its name
	 * @param status {@code DRAFT}, {@code PROPOSED}, {@code ACTIVE} or {@code RETIRED}
	 * @param definition what it says, or null when it cannot be read
	 * @param signed whether both teams signed it
	 * @param createdBy who drafted it ({@code null} for the default)
	 * @param createdAt when
	 * @param proposedAt when it was proposed, or null
	 * @param activatedAt when it came into force, or null
	 */
	record Stored(UUID id, int version, String name, String status, StageModelDefinition definition, boolean signed,
			String createdBy, Instant createdAt, Instant proposedAt, Instant activatedAt) {
	}

	private static final String STORED = "select id, version, name, status, definition::text, signed, created_by, "
			+ "created_at, proposed_at, coalesce(activated_at, case when status in ('ACTIVE', 'RETIRED') "
			+ "then created_at end) from stage_models";

	private Stored stored(java.sql.ResultSet rs) throws java.sql.SQLException {
		StageModelDefinition definition;
		try {
			definition = this.json.readValue(rs.getString(5), StageModelDefinition.class);
		}
		catch (JacksonException ex) {
			definition = null;
		}
		Timestamp proposed = rs.getTimestamp(9);
		Timestamp activated = rs.getTimestamp(10);
		return new Stored(rs.getObject(1, UUID.class), rs.getInt(2),
				(rs.getString(3) != null) ? rs.getString(3) : "Version " + rs.getInt(2), rs.getString(4), definition,
				rs.getBoolean(6), rs.getString(7), rs.getTimestamp(8).toInstant(),
				(proposed != null) ? proposed.toInstant() : null, (activated != null) ? activated.toInstant() : null);
	}

	/** A version of the current tenant; empty for another tenant's. */
	Optional<Stored> find(UUID id) {
		return this.jdbc.query(STORED + " where id = ?", (rs, row) -> stored(rs), id).stream().findFirst();
	}

	/** The same version, locked until the transaction ends. */
	Optional<Stored> lock(UUID id) {
		return this.jdbc.query(STORED + " where id = ? for update", (rs, row) -> stored(rs), id).stream().findFirst();
	}

	/** Versions, newest first, older than {@code before} (or from the newest). */
	List<Stored> page(Integer before, int limit) {
		this.current();
		return (before == null)
				? this.jdbc.query(STORED + " order by version desc limit ?", (rs, row) -> stored(rs), limit)
				: this.jdbc.query(STORED + " where version < ? order by version desc limit ?", (rs, row) -> stored(rs),
						before, limit);
	}

	/** Whether both teams ever signed a version of the tenant's model. */
	boolean everSigned() {
		return Boolean.TRUE
			.equals(this.jdbc.queryForObject("select exists (select 1 from stage_models where signed)", Boolean.class));
	}

	/** Stores a draft. */
	Stored draft(String name, StageModelDefinition definition, String createdBy) {
		this.current();
		int version = nextVersion();
		UUID id = UUID.randomUUID();
		this.jdbc.update(
				"insert into stage_models (tenant_id, id, version, name, status, definition, created_by, "
						+ "created_at) values (?, ?, ?, ?, 'DRAFT', ?::jsonb, ?, ?)",
				TenantContext.require(), id, version,
				(name != null && !name.isBlank()) ? name.trim() : "Version " + version,
				this.json.writeValueAsString(definition), createdBy, Timestamp.from(this.clock.instant()));
		return find(id).orElseThrow();
	}

	/**
	 * The definitions of the versions that await sign-off; those unreadable are left out.
	 */
	List<StageModelDefinition> proposed() {
		List<StageModelDefinition> proposed = new java.util.ArrayList<>();
		this.jdbc.query("select definition::text from stage_models where status = 'PROPOSED'", (rs) -> {
			try {
				proposed.add(this.json.readValue(rs.getString(1), StageModelDefinition.class));
			}
			catch (JacksonException ex) {
				// an unreadable proposal matches nothing
			}
		});
		return proposed;
	}

	void propose(UUID id, Instant at) {
		this.jdbc.update("update stage_models set status = 'PROPOSED', proposed_at = ? where id = ?",
				Timestamp.from(at), id);
	}

	/** Puts a signed version in force; the one in force before is retired and kept. */
	void activate(UUID id, Instant at) {
		Timestamp now = Timestamp.from(at);
		this.jdbc.update("update stage_models set status = 'RETIRED', retired_at = ? where status = 'ACTIVE'", now);
		this.jdbc.update("update stage_models set status = 'ACTIVE', activated_at = ?, signed = true where id = ?", now,
				id);
	}

	Versioned current() {
		List<Object[]> stored = this.jdbc.query(
				"select version, definition::text from stage_models where status in ('ACTIVE', 'RETIRED') "
						+ "order by coalesce(activated_at, created_at) desc, version desc limit " + LOOK_BACK,
				(rs, row) -> new Object[] { rs.getInt(1), rs.getString(2) });
		for (Object[] row : stored) {
			int version = (Integer) row[0];
			try {
				StageModelDefinition definition = this.json.readValue((String) row[1], StageModelDefinition.class);
				definition.validate();
				return new Versioned(version, definition);
			}
			catch (JacksonException | InvalidInput | NullPointerException ex) {
				if (this.reported.add(TenantContext.require() + "/" + version)) {
					log.error(
							"Stage model version {} of tenant {} is not usable ({}); an earlier version is used "
									+ "until a valid one is published",
							version, TenantContext.require(), ex.getMessage());
				}
			}
		}
		if (!stored.isEmpty()) {
			return new Versioned((Integer) stored.get(0)[0], StageModelDefinition.defaults());
		}
		StageModelDefinition defaults = StageModelDefinition.defaults();
		this.jdbc.update(
				"insert into stage_models (tenant_id, version, definition, created_at, name) "
						+ "values (?, 1, ?::jsonb, ?, 'Default') on conflict do nothing",
				TenantContext.require(), this.json.writeValueAsString(defaults), Timestamp.from(this.clock.instant()));
		return new Versioned(1, defaults);
	}

	/**
	 * An approval as the API shows it.
	 *
	 * @param side {@code marketing} or {@code sales}
	 * @param userId who approved
	 * @param approvedAt when
	 */
	record Approval(String side, String userId, Instant approvedAt) {
	}

	List<Approval> approvals(UUID modelId) {
		return this.jdbc.query(
				"select side, user_id, approved_at from stage_model_approvals where model_id = ? order by approved_at",
				(rs, row) -> new Approval(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()), modelId);
	}

	void approve(UUID modelId, String userId, String side, Instant at) {
		this.jdbc.update("insert into stage_model_approvals (tenant_id, model_id, user_id, side, approved_at) "
				+ "values (?, ?, ?, ?, ?)", TenantContext.require(), modelId, userId, side, Timestamp.from(at));
	}

}
