package io.revcycle.cycle;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Set;
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

	/** Stores a new version, which is in force from now on. */
	Versioned publish(StageModelDefinition definition) {
		int version = this.jdbc.queryForObject("select coalesce(max(version), 0) + 1 from stage_models", Integer.class);
		this.jdbc.update(
				"insert into stage_models (tenant_id, version, definition, created_at) values (?, ?, ?::jsonb, ?)",
				TenantContext.require(), version, this.json.writeValueAsString(definition),
				Timestamp.from(this.clock.instant()));
		return new Versioned(version, definition);
	}

	Versioned current() {
		List<Object[]> stored = this.jdbc.query(
				"select version, definition::text from stage_models order by version desc limit " + LOOK_BACK,
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
				"insert into stage_models (tenant_id, version, definition, created_at) values (?, 1, ?::jsonb, ?) "
						+ "on conflict do nothing",
				TenantContext.require(), this.json.writeValueAsString(defaults), Timestamp.from(this.clock.instant()));
		return new Versioned(1, defaults);
	}

}
