package io.revcycle.timeline;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.http.CursorPage;
import io.revcycle.kernel.Money;
import io.revcycle.kernel.PgArrays;
import io.revcycle.tenancy.TenantContext;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Appends to timelines, in batches, inside the caller's transaction, and reads them. A
 * timeline shows the activities ingest stored as they are (from the view it publishes),
 * among the entries appended here: stage and score changes, SLA steps, notes, deals.
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

	/**
	 * The entries written here and the activities ingest stored (read from the view it
	 * publishes, not copied), merged by time and position.
	 */
	private List<Entry> page(String column, UUID id, CursorPage.Position after, int limit) {
		String entries = "select at, kind, type, summary, data::text as data, id, null as source, "
				+ "null as external_id, null as actor, null as campaign, null::numeric as amount, null as currency, "
				+ "false as erased from timeline_entries where " + column + " = ?"
				+ ((after != null) ? " and (at, id) < (?, ?)" : "") + " order by at desc, id desc limit ?";
		String activities = "select occurred_at, 'activity', type, null, properties::text, timeline_id, source, "
				+ "external_id, actor, campaign, amount, currency, erased from activity_log where " + column + " = ?"
				+ ((after != null) ? " and occurred_at <= ? and (occurred_at, timeline_id) < (?, ?)" : "")
				+ " order by occurred_at desc, timeline_id desc limit ?";
		String sql = "select * from ((" + entries + ") union all (" + activities + ")) e "
				+ "order by at desc, id desc limit ?";
		List<Object> arguments = new ArrayList<>();
		arguments.add(id);
		if (after != null) {
			arguments.addAll(List.of(Timestamp.from(after.at()), after.number()));
		}
		arguments.add(limit);
		arguments.add(id);
		if (after != null) {
			arguments.addAll(List.of(Timestamp.from(after.at()), Timestamp.from(after.at()), after.number()));
		}
		arguments.addAll(List.of(limit, limit));
		return this.jdbc.query(sql, this::entry, arguments.toArray());
	}

	@SuppressWarnings("unchecked")
	private Entry entry(ResultSet rs, int row) throws SQLException {
		Instant at = rs.getTimestamp("at").toInstant();
		String type = rs.getString("type");
		Map<String, Object> data = this.json.readValue(rs.getString("data"), Map.class);
		if (!"activity".equals(rs.getString("kind")) || rs.getString("source") == null) {
			return new Entry(at, rs.getString("kind"), type, rs.getString("summary"), data, rs.getLong("id"));
		}
		if (rs.getBoolean("erased")) {
			return new Entry(at, "activity", type, type, Map.of(), rs.getLong("id"));
		}
		Money money = money(rs.getBigDecimal("amount"), rs.getString("currency"));
		Map<String, Object> shown = new LinkedHashMap<>(data);
		shown.put("source", rs.getString("source"));
		shown.put("externalId", rs.getString("external_id"));
		if (rs.getString("actor") != null) {
			shown.put("actor", rs.getString("actor"));
		}
		if (rs.getString("campaign") != null) {
			shown.put("campaign", rs.getString("campaign"));
		}
		if (money != null) {
			shown.put("amount", money);
		}
		Object url = data.get("url");
		String detail = (money != null) ? " " + money : (url != null) ? " " + url : "";
		return new Entry(at, "activity", type, type.replace('_', ' ') + detail, shown, rs.getLong("id"));
	}

	/**
	 * An activity's money as ingest took it; none when what is stored is not valid money
	 * (activities stored before ingest kept money apart: their properties still say it).
	 */
	private static Money money(BigDecimal amount, String currency) {
		if (amount == null || currency == null) {
			return null;
		}
		try {
			return new Money(amount, currency);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
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
