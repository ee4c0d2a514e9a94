package io.revcycle.timeline;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

import io.revcycle.http.PgArrays;
import io.revcycle.tenancy.TenantContext;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
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

	/** Moves the entries of a person merged into another. */
	public void reassign(UUID fromPerson, UUID toPerson) {
		this.jdbc.update("update timeline_entries set person_id = ? where person_id = ?", toPerson, fromPerson);
	}

}
