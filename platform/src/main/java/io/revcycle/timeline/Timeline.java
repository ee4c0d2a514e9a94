package io.revcycle.timeline;

import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

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
		this.jdbc.batchUpdate(
				"insert into timeline_entries (tenant_id, person_id, account_id, at, kind, type, summary, data) "
						+ "values (?, ?, ?, ?, ?, ?, ?, ?::jsonb)",
				entries, 500, (ps, entry) -> {
					ps.setObject(1, tenant);
					ps.setObject(2, entry.personId());
					ps.setObject(3, entry.accountId());
					ps.setTimestamp(4, Timestamp.from(entry.at()));
					ps.setString(5, entry.kind());
					ps.setString(6, entry.type());
					ps.setString(7, entry.summary());
					ps.setString(8, this.json.writeValueAsString(entry.data()));
				});
	}

	/** Moves the entries of a person merged into another. */
	public void reassign(UUID fromPerson, UUID toPerson) {
		this.jdbc.update("update timeline_entries set person_id = ? where person_id = ?", toPerson, fromPerson);
	}

}
