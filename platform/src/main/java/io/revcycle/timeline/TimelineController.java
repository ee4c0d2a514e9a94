package io.revcycle.timeline;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.http.CursorPage;
import io.revcycle.http.Problems;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/people/{id}/timeline} and {@code GET
 * /api/v1/accounts/{id}/timeline}: newest first, cursor paginated by (at, id), so a page
 * never repeats or skips an entry that was there when the first page was read.
 */
@RestController
class TimelineController {

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	TimelineController(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	record EntryView(Instant at, String kind, String type, String summary, Map<String, Object> data, long id) {
	}

	@GetMapping("/api/v1/people/{id}/timeline")
	@Transactional(readOnly = true)
	CursorPage<EntryView> person(@PathVariable UUID id, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		if (!exists("persons", id)) {
			throw Problems.notFound("person", id);
		}
		return page("person_id", id, limit, cursor);
	}

	@GetMapping("/api/v1/accounts/{id}/timeline")
	@Transactional(readOnly = true)
	CursorPage<EntryView> account(@PathVariable UUID id, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		if (!exists("accounts", id)) {
			throw Problems.notFound("account", id);
		}
		return page("account_id", id, limit, cursor);
	}

	private boolean exists(String table, UUID id) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject("select exists (select 1 from " + table + " where id = ?)",
				Boolean.class, id));
	}

	private CursorPage<EntryView> page(String column, UUID id, Integer limit, String cursor) {
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		String sql = "select at, kind, type, summary, data::text, id from timeline_entries where " + column + " = ?"
				+ ((after != null) ? " and (at, id) < (?, ?)" : "") + " order by at desc, id desc limit ?";
		List<EntryView> rows = (after != null)
				? this.jdbc.query(sql, this::entry, id, Timestamp.from(after.at()), after.number(), size + 1)
				: this.jdbc.query(sql, this::entry, id, size + 1);
		return CursorPage.of(rows, size, (entry) -> new CursorPage.Position(entry.at(), entry.id()), (entry) -> entry);
	}

	@SuppressWarnings("unchecked")
	private EntryView entry(ResultSet rs, int row) throws SQLException {
		return new EntryView(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4),
				this.json.readValue(rs.getString(5), Map.class), rs.getLong(6));
	}

}
