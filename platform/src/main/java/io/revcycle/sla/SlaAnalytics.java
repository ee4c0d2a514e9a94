package io.revcycle.sla;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/analytics/sla}: SLA compliance per stage, team and owner (share of
 * timers met, median and p90 time to satisfy), and breaches by escalation step.
 */
@RestController
class SlaAnalytics {

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
			join persons p on p.id = t.person_id
			left join tenant_users u on u.id = p.owner_id
			where t.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
			group by %s order by %s
			""";

	private final JdbcTemplate jdbc;

	SlaAnalytics(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@GetMapping("/api/v1/analytics/sla")
	@Transactional(readOnly = true)
	Map<String, Object> compliance() {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("byStage", query("t.stage as stage", "t.stage"));
		result.put("byTeam", query("t.stage as stage, u.team as team", "t.stage, u.team"));
		result.put("byOwner", query("t.stage as stage, p.owner_id as \"ownerId\"", "t.stage, p.owner_id"));
		result.put("breachesByStep", this.jdbc.queryForList(
				"select stage, step, action, count(*) as breaches from sla_breaches group by stage, step, action "
						+ "order by stage, step"));
		return result;
	}

	private List<Map<String, Object>> query(String columns, String groupBy) {
		return this.jdbc.queryForList(COMPLIANCE.formatted(columns, groupBy, groupBy));
	}

}
