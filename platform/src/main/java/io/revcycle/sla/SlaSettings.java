package io.revcycle.sla;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.revcycle.http.PerTransaction;
import io.revcycle.tenancy.TenantContext;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A tenant's SLA policies and business calendar; the defaults until the tenant sets its
 * own.
 */
@Component
class SlaSettings {

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	SlaSettings(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
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

		void validate() {
			if (this.policies == null || this.calendar == null) {
				throw new IllegalArgumentException("policies and calendar are required.");
			}
			this.calendar.validate();
			Set<String> stages = new HashSet<>();
			for (int i = 0; i < this.policies.size(); i++) {
				SlaPolicy policy = this.policies.get(i);
				String at = "policies[" + i + "]";
				if (policy.stage() == null || !stages.add(policy.stage())) {
					throw new IllegalArgumentException(at + ".stage: is required, once per stage.");
				}
				if (policy.minutes() <= 0) {
					throw new IllegalArgumentException(at + ".minutes: must be more than 0.");
				}
				if (policy.ladder() == null || policy.ladder().isEmpty()) {
					throw new IllegalArgumentException(at + ".ladder: at least one step is required.");
				}
				int previous = -1;
				for (int s = 0; s < policy.ladder().size(); s++) {
					SlaPolicy.Step step = policy.ladder().get(s);
					if (!SlaPolicy.ACTIONS.contains(step.action())) {
						throw new IllegalArgumentException(
								at + ".ladder[" + s + "].action: must be one of " + SlaPolicy.ACTIONS + ".");
					}
					if (step.afterMinutes() < previous) {
						throw new IllegalArgumentException(
								at + ".ladder[" + s + "].afterMinutes: steps must come in order.");
					}
					if (SlaPolicy.AUTO_RECYCLE.equals(step.action())) {
						if ("Recycled".equals(policy.stage())) {
							throw new IllegalArgumentException(
									at + ".ladder[" + s + "].action: a Recycled person cannot be recycled again.");
						}
						if (s != policy.ladder().size() - 1) {
							throw new IllegalArgumentException(at + ".ladder[" + s
									+ "].action: auto_recycle closes the timer, so it must be the last step.");
						}
					}
					previous = step.afterMinutes();
				}
				for (String field : List.of("satisfiedBy", "restartOn")) {
					List<String> types = "satisfiedBy".equals(field) ? policy.satisfiedBy() : policy.restartOn();
					if (types != null && types.stream().anyMatch((t) -> t == null || t.isBlank())) {
						throw new IllegalArgumentException(at + "." + field + ": activity types must not be blank.");
					}
				}
			}
		}

	}

	private final PerTransaction<Map<UUID, Settings>> cached = new PerTransaction<>();

	/** The settings in force; read once per transaction and tenant. */
	Settings current() {
		return this.cached.get(HashMap::new).computeIfAbsent(TenantContext.require(), (tenant) -> load());
	}

	private Settings load() {
		List<Settings> found = this.jdbc.query("select policies::text, calendar::text from sla_settings",
				(rs, row) -> new Settings(List.of(this.json.readValue(rs.getString(1), SlaPolicy[].class)),
						this.json.readValue(rs.getString(2), BusinessCalendar.class)));
		return found.isEmpty() ? new Settings(SlaPolicy.defaults(), BusinessCalendar.defaults()) : found.get(0);
	}

	Settings save(Settings settings) {
		settings.validate();
		this.cached.forget();
		this.jdbc.update(
				"insert into sla_settings (tenant_id, policies, calendar, updated_at) values (?, ?::jsonb, "
						+ "?::jsonb, ?) on conflict (tenant_id) do update set policies = excluded.policies, "
						+ "calendar = excluded.calendar, updated_at = excluded.updated_at",
				TenantContext.require(), this.json.writeValueAsString(settings.policies()),
				this.json.writeValueAsString(settings.calendar()), Timestamp.from(Instant.now()));
		return settings;
	}

}
