package io.revcycle.sla;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.revcycle.http.Problems;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|PUT /api/v1/sla-policies}, {@code GET /api/v1/sla-breaches},
 * {@code GET /api/v1/sla-timers}, {@code GET /api/v1/notifications} and {@code POST
 * /api/v1/notifications/{id}/read}.
 */
@RestController
class SlaController {

	private final SlaSettings settings;

	private final JdbcTemplate jdbc;

	SlaController(SlaSettings settings, JdbcTemplate jdbc) {
		this.settings = settings;
		this.jdbc = jdbc;
	}

	@GetMapping("/api/v1/sla-policies")
	@Transactional(readOnly = true)
	SlaSettings.Settings policies() {
		return this.settings.current();
	}

	@PutMapping("/api/v1/sla-policies")
	@PreAuthorize("hasRole('tenant-admin')")
	@Transactional
	SlaSettings.Settings update(@RequestBody SlaSettings.Settings update) {
		try {
			return this.settings.save(update);
		}
		catch (IllegalArgumentException ex) {
			throw Problems.badRequest(ex.getMessage());
		}
	}

	record BreachView(UUID id, UUID timerId, UUID personId, String stage, int step, String action, Instant dueAt,
			Instant at, List<UUID> notified) {
	}

	record TimerView(UUID id, UUID personId, String stage, Instant openedAt, Instant dueAt, Instant closedAt,
			String status, Instant nextStepAt) {
	}

	record Page<T>(List<T> items, String nextCursor) {
	}

	@GetMapping("/api/v1/sla-breaches")
	@Transactional(readOnly = true)
	Page<BreachView> breaches() {
		return new Page<>(this.jdbc.query(
				"select id, timer_id, person_id, stage, step, action, due_at, at, notified "
						+ "from sla_breaches order by at desc, step desc limit 500",
				(rs, row) -> new BreachView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
						rs.getObject(3, UUID.class), rs.getString(4), rs.getInt(5), rs.getString(6),
						rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(),
						Arrays.asList((UUID[]) rs.getArray(9).getArray()))),
				null);
	}

	@GetMapping("/api/v1/sla-timers")
	@Transactional(readOnly = true)
	Page<TimerView> timers(@RequestParam UUID personId) {
		return new Page<>(this.jdbc
			.query("select id, person_id, stage, opened_at, due_at, closed_at, status, next_step_at from sla_timers "
					+ "where person_id = ? and tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid "
					+ "order by opened_at desc",
					(rs, row) -> new TimerView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
							rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(),
							(rs.getTimestamp(6) != null) ? rs.getTimestamp(6).toInstant() : null, rs.getString(7),
							(rs.getTimestamp(8) != null) ? rs.getTimestamp(8).toInstant() : null),
					personId),
				null);
	}

}
