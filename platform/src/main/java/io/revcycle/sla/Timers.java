package io.revcycle.sla;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.revcycle.cycle.StageEntered;
import io.revcycle.ingest.ActivitiesRecorded;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Opens a timer when a person enters a stage with an SLA, and closes the open one when
 * the person leaves its stage: met if before the due time. Runs in the transaction of the
 * stage change.
 */
@Component
class Timers {

	private final JdbcTemplate jdbc;

	private final SlaSettings settings;

	private final JsonMapper json;

	Timers(JdbcTemplate jdbc, SlaSettings settings, JsonMapper json) {
		this.jdbc = jdbc;
		this.settings = settings;
		this.json = json;
	}

	/** Activities a policy names satisfy the open timer of their person's stage. */
	@EventListener
	void on(ActivitiesRecorded event) {
		SlaSettings.Settings current = this.settings.current();
		List<UUID> satisfied = new ArrayList<>();
		List<String> stages = new ArrayList<>();
		for (SlaPolicy policy : current.policies()) {
			if (policy.satisfiedBy() == null || policy.satisfiedBy().isEmpty()) {
				continue;
			}
			event.typesByPerson().forEach((person, types) -> {
				if (types.stream().anyMatch(policy.satisfiedBy()::contains)) {
					satisfied.add(person);
					stages.add(policy.stage());
				}
			});
		}
		if (satisfied.isEmpty()) {
			return;
		}
		Timestamp at = Timestamp.from(event.at());
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement("update sla_timers t set closed_at = ?, "
					+ "next_step_at = null, status = case when t.status = 'OPEN' then (case when ? <= t.due_at "
					+ "then 'MET' else 'BREACHED' end) else t.status end from unnest(?, ?) as s(person, stage) "
					+ "where t.person_id = s.person and t.stage = s.stage and t.closed_at is null");
			statement.setTimestamp(1, at);
			statement.setTimestamp(2, at);
			statement.setArray(3, connection.createArrayOf("uuid", satisfied.toArray()));
			statement.setArray(4, connection.createArrayOf("text", stages.toArray()));
			return statement;
		});
	}

	@EventListener
	void on(StageEntered event) {
		Timestamp at = Timestamp.from(event.at());
		this.jdbc.update("update sla_timers set closed_at = ?, next_step_at = null, "
				+ "status = case when status = 'OPEN' then (case when ? <= due_at then 'MET' else 'BREACHED' end) "
				+ "else status end where person_id = ? and closed_at is null", at, at, event.personId());
		SlaSettings.Settings current = this.settings.current();
		current.policy(event.stage()).ifPresent((policy) -> {
			Instant due = policy.businessTime()
					? current.calendar().plusBusinessTime(event.at(), Duration.ofMinutes(policy.minutes()))
					: event.at().plus(Duration.ofMinutes(policy.minutes()));
			Instant firstStep = due.plus(Duration.ofMinutes(policy.ladder().get(0).afterMinutes()));
			this.jdbc.update("insert into sla_timers (tenant_id, id, person_id, stage, owner_id, opened_at, due_at, "
					+ "status, ladder, next_step, next_step_at) select ?, ?, ?, ?, owner_id, ?, ?, 'OPEN', ?::jsonb, 0, ? "
					+ "from persons where id = ?", event.tenantId(), UUID.randomUUID(), event.personId(), event.stage(),
					at, Timestamp.from(due), this.json.writeValueAsString(policy.ladder()), Timestamp.from(firstStep),
					event.personId());
		});
	}

}
