package io.revcycle.sla;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.revcycle.http.InvalidInput;
import io.revcycle.http.PerTransaction;
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
class SlaSettings {

	private static final Logger log = LoggerFactory.getLogger(SlaSettings.class);

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final Set<UUID> reported = ConcurrentHashMap.newKeySet();

	SlaSettings(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * The settings.
	 *
	 * @param policies one per stage at most
	 * @param calendar the business calendar
	 */
	record Settings(List<SlaPolicy> policies, BusinessCalendar calendar) {

		Optional<SlaPolicy> policy(String stage) {
			return this.policies.stream().filter((p) -> p.stage().equals(stage)).findFirst();
		}

		/**
		 * Checks the whole document; every problem is named by its path.
		 * @param stages the stages of the tenant's model: a policy names one of them
		 * @throws InvalidInput when the settings are not usable
		 */
		void validate(List<String> stages) {
			InvalidInput.Collector problems = new InvalidInput.Collector();
			problems.check(this.policies == null, "policies", "is required (may be empty)");
			if (!problems.check(this.calendar == null, "calendar", "is required")) {
				this.calendar.validate(problems);
			}
			Set<String> seen = new HashSet<>();
			for (int i = 0; this.policies != null && i < this.policies.size(); i++) {
				SlaPolicy policy = this.policies.get(i);
				String at = "policies[" + i + "]";
				if (problems.check(policy == null, at, "must be a policy")) {
					continue;
				}
				if (!problems.check(policy.stage() == null || !seen.add(policy.stage()), at + ".stage",
						"is required, once per stage")) {
					problems.check(!stages.contains(policy.stage()), at + ".stage",
							"'" + policy.stage() + "' is not a stage of the stage model; its stages are " + stages);
				}
				problems.check(policy.minutes() <= 0 || policy.minutes() > 366 * 24 * 60, at + ".minutes",
						"must be more than 0 and at most a year (527040)");
				if (problems.check(policy.ladder() == null || policy.ladder().isEmpty(), at + ".ladder",
						"at least one step is required")) {
					continue;
				}
				int previous = -1;
				for (int s = 0; s < policy.ladder().size(); s++) {
					SlaPolicy.Step step = policy.ladder().get(s);
					String stepAt = at + ".ladder[" + s + "]";
					if (problems.check(step == null, stepAt, "must be a step")) {
						continue;
					}
					problems.check(!SlaPolicy.ACTIONS.contains(step.action()), stepAt + ".action",
							"must be one of " + SlaPolicy.ACTIONS);
					problems.check(step.afterMinutes() < 0 || step.afterMinutes() > 366 * 24 * 60,
							stepAt + ".afterMinutes", "must be 0 to 527040 minutes after the due time");
					problems.check(step.afterMinutes() < previous, stepAt + ".afterMinutes",
							"steps must come in order");
					if (SlaPolicy.AUTO_RECYCLE.equals(step.action())) {
						problems.check("Recycled".equals(policy.stage()), stepAt + ".action",
								"a Recycled person cannot be recycled again");
						problems.check(s != policy.ladder().size() - 1, stepAt + ".action",
								"auto_recycle closes the timer, so it must be the last step");
					}
					previous = step.afterMinutes();
				}
				for (String field : List.of("satisfiedBy", "restartOn")) {
					List<String> types = "satisfiedBy".equals(field) ? policy.satisfiedBy() : policy.restartOn();
					problems.check(types != null && types.stream().anyMatch((t) -> t == null || t.isBlank()),
							at + "." + field, "activity types must not be blank");
				}
			}
			problems.throwIfAny();
		}

	}

	private final PerTransaction<Map<UUID, Settings>> cached = new PerTransaction<>();

	/** The settings in force; read once per transaction and tenant. */
	Settings current() {
		return this.cached.get(HashMap::new).computeIfAbsent(TenantContext.require(), (tenant) -> load());
	}

	/**
	 * The stored settings; the defaults when there are none, or when what is stored can
	 * no longer be read (logged once): a stored document never breaks the tenant.
	 */
	private Settings load() {
		List<String[]> found = this.jdbc.query("select policies::text, calendar::text from sla_settings",
				(rs, row) -> new String[] { rs.getString(1), rs.getString(2) });
		if (found.isEmpty()) {
			return defaults();
		}
		try {
			Settings settings = new Settings(List.of(this.json.readValue(found.get(0)[0], SlaPolicy[].class)),
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

	private static Settings defaults() {
		return new Settings(SlaPolicy.defaults(), BusinessCalendar.defaults());
	}

	/**
	 * Replaces the settings.
	 * @param stages the stages of the tenant's model, which policies must name
	 */
	Settings save(Settings settings, List<String> stages) {
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
