package io.revcycle.timeline;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.http.CursorPage;
import io.revcycle.kernel.PgArrays;
import io.revcycle.tenancy.TenantContext;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Appends to timelines, in batches, inside the caller's transaction.
 */
@Component
public class Timeline {

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	Timeline(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** Appends entries, in the order given. */
	public void append(List<TimelineEntry> entries) {
		if (entries.isEmpty()) {
			return;
		}
		UUID tenant = TenantContext.require();
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement(
					"insert into timeline_entries (tenant_id, person_id, account_id, at, kind, type, summary, data) "
							+ "select ?, p, a, t, k, ty, s, d::jsonb from unnest(?, ?, ?, ?, ?, ?, ?) "
							+ "with ordinality as e(p, a, t, k, ty, s, d, n) order by n");
			statement.setObject(1, tenant);
			PgArrays.bind(connection, statement, 2, entries,
					new PgArrays.Column<TimelineEntry>("uuid", TimelineEntry::personId),
					new PgArrays.Column<TimelineEntry>("uuid", TimelineEntry::accountId),
					new PgArrays.Column<TimelineEntry>("timestamptz", (e) -> Timestamp.from(e.at())),
					new PgArrays.Column<TimelineEntry>("text", TimelineEntry::kind),
					new PgArrays.Column<TimelineEntry>("text", TimelineEntry::type),
					new PgArrays.Column<TimelineEntry>("text", TimelineEntry::summary),
					new PgArrays.Column<TimelineEntry>("text", (e) -> this.json.writeValueAsString(e.data())));
			return statement;
		});
	}

	/**
	 * An entry as the API shows it.
	 *
	 * @param at when it happened
	 * @param kind {@code activity}, {@code stage}, {@code score}, {@code sla} or
	 * {@code note}
	 * @param type the activity type, or what changed
	 * @param summary one line for people
	 * @param data the details
	 * @param id its position among entries of the same instant
	 */
	public record Entry(Instant at, String kind, String type, String summary, Map<String, Object> data, long id) {
	}

	/**
	 * A page of a person's timeline, newest first, after a position (or from the start).
	 */
	public List<Entry> ofPerson(UUID personId, CursorPage.Position after, int limit) {
		return page("person_id", personId, after, limit);
	}

	/**
	 * A page of an account's timeline, newest first, after a position (or from the
	 * start).
	 */
	public List<Entry> ofAccount(UUID accountId, CursorPage.Position after, int limit) {
		return page("account_id", accountId, after, limit);
	}

	@SuppressWarnings("unchecked")
	private List<Entry> page(String column, UUID id, CursorPage.Position after, int limit) {
		String sql = "select at, kind, type, summary, data::text, id from timeline_entries where " + column + " = ?"
				+ ((after != null) ? " and (at, id) < (?, ?)" : "") + " order by at desc, id desc limit ?";
		RowMapper<Entry> entry = (rs, row) -> new Entry(rs.getTimestamp(1).toInstant(), rs.getString(2),
				rs.getString(3), rs.getString(4), this.json.readValue(rs.getString(5), Map.class), rs.getLong(6));
		return (after != null) ? this.jdbc.query(sql, entry, id, Timestamp.from(after.at()), after.number(), limit)
				: this.jdbc.query(sql, entry, id, limit);
	}

	/** Moves the entries of a person merged into another. */
	public void reassign(UUID fromPerson, UUID toPerson) {
		this.jdbc.update("update timeline_entries set person_id = ? where person_id = ?", toPerson, fromPerson);
	}

	/**
	 * Removes what a person's entries say (summaries and data), keeping when and what
	 * kind of thing happened; the entries of other people that name one of the
	 * identifiers lose those mentions.
	 * @param personId the person
	 * @param pattern a PostgreSQL regular expression of the person's identifiers, or null
	 * @param replacement the text that replaces them
	 */
	public void erase(UUID personId, String pattern, String replacement) {
		this.jdbc.update("update timeline_entries set summary = type, data = '{}' where person_id = ?", personId);
		if (pattern != null) {
			this.jdbc.update("update timeline_entries set summary = regexp_replace(summary, ?, ?, 'gi'), "
					+ "data = regexp_replace(data::text, ?, ?, 'gi')::jsonb where summary ~* ? or data::text ~* ?",
					pattern, replacement, pattern, replacement, pattern, pattern);
		}
	}

}
