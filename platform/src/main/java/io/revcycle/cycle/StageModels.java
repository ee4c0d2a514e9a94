package io.revcycle.cycle;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import io.revcycle.tenancy.TenantContext;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Each tenant's stage models, versioned; the newest is in force. The default model is
 * stored as version 1 on first use.
 */
@Component
class StageModels {

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	StageModels(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * A version of the model.
	 *
	 * @param version the version
	 * @param definition what it says
	 */
	record Versioned(int version, StageModelDefinition definition) {
	}

	/** Stores a new version, which is in force from now on. */
	Versioned publish(StageModelDefinition definition) {
		int version = this.jdbc.queryForObject("select coalesce(max(version), 0) + 1 from stage_models", Integer.class);
		this.jdbc.update(
				"insert into stage_models (tenant_id, version, definition, created_at) values (?, ?, ?::jsonb, ?)",
				TenantContext.require(), version, this.json.writeValueAsString(definition),
				Timestamp.from(Instant.now()));
		return new Versioned(version, definition);
	}

	Versioned current() {
		List<Versioned> found = this.jdbc.query(
				"select version, definition::text from stage_models order by version desc limit 1",
				(rs, row) -> new Versioned(rs.getInt(1),
						this.json.readValue(rs.getString(2), StageModelDefinition.class)));
		if (!found.isEmpty()) {
			return found.get(0);
		}
		StageModelDefinition defaults = StageModelDefinition.defaults();
		this.jdbc.update(
				"insert into stage_models (tenant_id, version, definition, created_at) values (?, 1, ?::jsonb, ?) "
						+ "on conflict do nothing",
				TenantContext.require(), this.json.writeValueAsString(defaults), Timestamp.from(Instant.now()));
		return new Versioned(1, defaults);
	}

}
