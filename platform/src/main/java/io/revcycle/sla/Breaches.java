package io.revcycle.sla;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.revcycle.http.CursorPage;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The breach steps recorded for the current tenant. */
@Component
class Breaches {

	private final JdbcTemplate jdbc;

	Breaches(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A breach step as the API shows it.
	 *
	 * @param id the id
	 * @param timerId the timer
	 * @param personId the person
	 * @param stage the stage whose SLA was breached
	 * @param step the step of the escalation ladder, from 0
	 * @param action what the step did
	 * @param dueAt when the timer was due
	 * @param at when the step ran
	 * @param notified who was notified
	 */
	record View(UUID id, UUID timerId, UUID personId, String stage, int step, String action, Instant dueAt, Instant at,
			List<UUID> notified) {
	}

	/** A page, newest first; {@code personId} and {@code stage} filter when given. */
	List<View> page(UUID personId, String stage, CursorPage.Position after, int limit) {
		StringBuilder sql = new StringBuilder(
				"select id, timer_id, person_id, stage, step, action, due_at, at, notified from sla_breaches where true");
		List<Object> arguments = new ArrayList<>();
		if (personId != null) {
			sql.append(" and person_id = ?");
			arguments.add(personId);
		}
		if (stage != null) {
			sql.append(" and stage = ?");
			arguments.add(stage);
		}
		if (after != null) {
			sql.append(" and (at, id) < (?, ?)");
			arguments.add(Timestamp.from(after.at()));
			arguments.add(after.uuid());
		}
		sql.append(" order by at desc, id desc limit ?");
		arguments.add(limit);
		return this.jdbc.query(sql.toString(),
				(rs, row) -> new View(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
						rs.getObject(3, UUID.class), rs.getString(4), rs.getInt(5), rs.getString(6),
						rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(),
						Arrays.asList((UUID[]) rs.getArray(9).getArray())),
				arguments.toArray());
	}

}
