package io.revcycle.sla;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.revcycle.kernel.InvalidInput;
import io.revcycle.kernel.PerTransaction;
import io.revcycle.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A tenant's SLA policies and business calendar; the defaults until the tenant sets its
 * own.
 */
@Component
public class SlaPolicies {

	private static final Logger log = LoggerFactory.getLogger(SlaPolicies.class);

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final Set<UUID> reported = ConcurrentHashMap.newKeySet();

	SlaPolicies(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	private final PerTransaction<Map<UUID, SlaTerms>> cached = new PerTransaction<>();

	/** The settings in force; read once per transaction and tenant. */
	public SlaTerms current() {
		return this.cached.get(HashMap::new).computeIfAbsent(TenantContext.require(), (tenant) -> load());
	}

	/**
	 * The stored settings; the defaults when there are none, or when what is stored can
	 * no longer be read (logged once): a stored document never breaks the tenant.
	 */
	private SlaTerms load() {
		List<String[]> found = this.jdbc.query("select policies::text, calendar::text from sla_settings",
				(rs, row) -> new String[] { rs.getString(1), rs.getString(2) });
		if (found.isEmpty()) {
			return defaults();
		}
		try {
			SlaTerms settings = new SlaTerms(List.of(this.json.readValue(found.get(0)[0], SlaPolicy[].class)),
					this.json.readValue(found.get(0)[1], BusinessCalendar.class));
			settings.validate(settings.policies().stream().map(SlaPolicy::stage).toList());
			return settings;
		}
		catch (JacksonException | InvalidInput | NullPointerException ex) {
			if (this.reported.add(TenantContext.require())) {
				log.error("The stored SLA settings of tenant {} are not usable ({}); the defaults apply until valid "
						+ "settings are saved", TenantContext.require(), ex.getMessage());
			}
			return defaults();
		}
	}

	private static SlaTerms defaults() {
		return new SlaTerms(SlaPolicy.defaults(), BusinessCalendar.defaults());
	}

	/**
	 * Replaces the settings.
	 * @param stages the stages of the tenant's model, which policies must name
	 * @throws InvalidInput naming every problem by its path ({@code policies[0].minutes})
	 */
	public SlaTerms save(SlaTerms settings, List<String> stages) {
		settings.validate(stages);
		this.cached.forget();
		this.jdbc.update(
				"insert into sla_settings (tenant_id, policies, calendar, updated_at) values (?, ?::jsonb, "
						+ "?::jsonb, ?) on conflict (tenant_id) do update set policies = excluded.policies, "
						+ "calendar = excluded.calendar, updated_at = excluded.updated_at",
				TenantContext.require(), this.json.writeValueAsString(settings.policies()),
				this.json.writeValueAsString(settings.calendar()), Timestamp.from(this.clock.instant()));
		return settings;
	}

}
