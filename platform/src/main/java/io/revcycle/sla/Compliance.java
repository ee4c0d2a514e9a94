package io.revcycle.sla;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * SLA compliance of the current tenant, computed in the database: the share of timers met
 * and the time it took to satisfy them, per stage, per team and per owner (the timer's
 * owner, who had to act), and breaches per escalation step.
 */
@Component
class Compliance {

	private static final String COMPLIANCE = """
			select %s,
			       count(*) filter (where t.status = 'MET') as met,
			       count(*) filter (where t.status = 'BREACHED') as breached,
			       count(*) filter (where t.closed_at is null and t.status = 'OPEN') as open,
			       round(count(*) filter (where t.status = 'MET')::numeric
			             / nullif(count(*) filter (where t.status in ('MET', 'BREACHED')), 0), 4) as "shareMet",
			       percentile_cont(0.5) within group (order by extract(epoch from t.closed_at - t.opened_at))
			             filter (where t.closed_at is not null) as "medianSecondsToSatisfy",
			       percentile_cont(0.9) within group (order by extract(epoch from t.closed_at - t.opened_at))
			             filter (where t.closed_at is not null) as "p90SecondsToSatisfy"
			from sla_timers t
			left join member_directory m on m.tenant_id = t.tenant_id and m.user_id = t.owner_id
			where t.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
			group by %s order by %s
			""";

	private final JdbcTemplate jdbc;

	Compliance(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Compliance of a group of timers.
	 *
	 * @param stage the stage
	 * @param team the owners' team, in the report by team
	 * @param ownerId the owner, in the report by owner
	 * @param met timers satisfied in time
	 * @param breached timers breached
	 * @param open timers still running, not breached yet
	 * @param shareMet met among met and breached, or null before either
	 * @param medianSecondsToSatisfy the median time from opening to closing
	 * @param p90SecondsToSatisfy its 90th percentile
	 */
	@JsonInclude(JsonInclude.Include.NON_ABSENT)
	record Row(String stage, Optional<String> team, Optional<UUID> ownerId, long met, long breached, long open,
			BigDecimal shareMet, Double medianSecondsToSatisfy, Double p90SecondsToSatisfy) {
	}

	/**
	 * Breaches of one escalation step.
	 *
	 * @param stage the stage
	 * @param step the step, from 0
	 * @param action what it did
	 * @param breaches how many times it ran
	 */
	record StepCount(String stage, int step, String action, long breaches) {
	}

	List<Row> byStage() {
		return query("t.stage, null, null", "t.stage", Grouping.STAGE);
	}

	List<Row> byTeam() {
		return query("t.stage, m.team, null", "t.stage, m.team", Grouping.TEAM);
	}

	List<Row> byOwner() {
		return query("t.stage, null, t.owner_id", "t.stage, t.owner_id", Grouping.OWNER);
	}

	List<StepCount> breachesByStep() {
		return this.jdbc.query(
				"select stage, step, action, count(*) from sla_breaches group by stage, step, action "
						+ "order by stage, step",
				(rs, row) -> new StepCount(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4)));
	}

	private enum Grouping {

		STAGE, TEAM, OWNER

	}

	private List<Row> query(String columns, String groupBy, Grouping grouping) {
		return this.jdbc.query(COMPLIANCE.formatted(columns, groupBy, groupBy), (rs, row) -> new Row(rs.getString(1),
				(grouping == Grouping.TEAM) ? Optional.ofNullable(rs.getString(2)) : null,
				(grouping == Grouping.OWNER) ? Optional.ofNullable(rs.getObject(3, UUID.class)) : null, rs.getLong(4),
				rs.getLong(5), rs.getLong(6), rs.getBigDecimal(7), (Double) rs.getObject(8), (Double) rs.getObject(9)));
	}

}
