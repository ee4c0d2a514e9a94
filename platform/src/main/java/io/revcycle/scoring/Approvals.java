package io.revcycle.scoring;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.tenancy.TenantContext;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The approvals each scoring model version has collected, one per side. */
@Component
class Approvals {

	private final JdbcTemplate jdbc;

	Approvals(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * An approval as the API shows it.
	 *
	 * @param side {@code marketing} or {@code sales}
	 * @param userId who approved
	 * @param approvedAt when
	 */
	record View(String side, String userId, Instant approvedAt) {
	}

	/** The approvals of a model: side to user, in the order given. */
	Map<String, String> of(UUID modelId) {
		Map<String, String> approvals = new LinkedHashMap<>();
		this.jdbc.query("select side, user_id from scoring_model_approvals where model_id = ? order by approved_at",
				(rs) -> {
					approvals.put(rs.getString(1), rs.getString(2));
				}, modelId);
		return approvals;
	}

	void record(UUID modelId, String userId, String side, Instant at) {
		this.jdbc.update("insert into scoring_model_approvals (tenant_id, model_id, user_id, side, approved_at) "
				+ "values (?, ?, ?, ?, ?)", TenantContext.require(), modelId, userId, side, Timestamp.from(at));
	}

	List<View> views(UUID modelId) {
		List<View> views = new ArrayList<>();
		this.jdbc.query(
				"select side, user_id, approved_at from scoring_model_approvals where model_id = ? order by approved_at",
				(rs) -> {
					views.add(new View(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
				}, modelId);
		return views;
	}

}
