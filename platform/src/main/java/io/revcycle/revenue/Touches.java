package io.revcycle.revenue;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.kernel.DaySpan;
import io.revcycle.kernel.PgArrays;
import io.revcycle.tenancy.TenantContext;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Campaign touches (every activity that named a campaign) and when each person became
 * known: the two things a person's path to a payment is made of, besides their deals.
 */
@Component
class Touches {

	private final JdbcTemplate jdbc;

	Touches(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A touch to store.
	 *
	 * @param activityId the activity
	 * @param campaignId the campaign it named
	 * @param personId who was touched
	 * @param at when
	 */
	record Stored(UUID activityId, UUID campaignId, UUID personId, Instant at) {
	}

	/** Stores touches, in the order given (which orders touches at the same instant). */
	void record(List<Stored> touches) {
		if (touches.isEmpty()) {
			return;
		}
		UUID tenant = TenantContext.require();
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection
				.prepareStatement("insert into campaign_touches (tenant_id, activity_id, campaign_id, person_id, at) "
						+ "select ?, a, c, p, t from unnest(?, ?, ?, ?) with ordinality as u(a, c, p, t, n) "
						+ "order by n");
			statement.setObject(1, tenant);
			PgArrays.bind(connection, statement, 2, touches, new PgArrays.Column<Stored>("uuid", Stored::activityId),
					new PgArrays.Column<Stored>("uuid", Stored::campaignId),
					new PgArrays.Column<Stored>("uuid", Stored::personId),
					new PgArrays.Column<Stored>("timestamptz", (t) -> Timestamp.from(t.at())));
			return statement;
		});
	}

	/**
	 * Records when people became known, keeping each person's earliest time.
	 * @return the people whose time this moved earlier (or set)
	 */
	List<UUID> known(Map<UUID, Instant> knownAt) {
		if (knownAt.isEmpty()) {
			return List.of();
		}
		List<UUID> ids = new ArrayList<>(knownAt.keySet());
		// most people of a batch were known before, and earlier: those rows are neither
		// written nor locked
		return this.jdbc.queryForList("insert into lead_creations (tenant_id, person_id, known_at) "
				+ "select ?, p, k from unnest(?::uuid[], ?::timestamptz[]) as u(p, k) "
				+ "where not exists (select 1 from lead_creations l where l.person_id = u.p and l.known_at <= u.k) "
				+ "on conflict (tenant_id, person_id) do update set known_at = excluded.known_at "
				+ "where excluded.known_at < lead_creations.known_at returning person_id", UUID.class,
				TenantContext.require(), ids.toArray(UUID[]::new),
				ids.stream().map((id) -> Timestamp.from(knownAt.get(id))).toArray(Timestamp[]::new));
	}

	/** When each of these people became known, where that is known. */
	Map<UUID, Instant> knownAt(UUID[] personIds) {
		Map<UUID, Instant> known = new HashMap<>();
		this.jdbc.query("select person_id, known_at from lead_creations where person_id = any(?::uuid[])", (rs) -> {
			known.put(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant());
		}, (Object) personIds);
		return known;
	}

	/** The touches of these people between two instants (inclusive), oldest first. */
	Map<UUID, List<Attribution.Touch>> paths(UUID[] personIds, Instant from, Instant to) {
		Map<UUID, List<Attribution.Touch>> paths = new HashMap<>();
		this.jdbc.query("select person_id, campaign_id, at from campaign_touches where person_id = any(?::uuid[]) "
				+ "and at >= ? and at <= ? order by person_id, at, seq", (rs) -> {
					paths.computeIfAbsent(rs.getObject(1, UUID.class), (k) -> new ArrayList<>())
						.add(new Attribution.Touch(rs.getObject(2, UUID.class), rs.getTimestamp(3).toInstant()));
				}, personIds, Timestamp.from(from), Timestamp.from(to));
		return paths;
	}

	/**
	 * Moves a merged-away visitor's touches to the person it became; the person became
	 * known no later than the visitor did.
	 */
	void moveTo(UUID from, UUID into) {
		this.jdbc.update("update campaign_touches set person_id = ? where person_id = ?", into, from);
		this.jdbc.update("insert into lead_creations (tenant_id, person_id, known_at) select tenant_id, ?, known_at "
				+ "from lead_creations where person_id = ? on conflict (tenant_id, person_id) do update set "
				+ "known_at = least(lead_creations.known_at, excluded.known_at)", into, from);
		this.jdbc.update("delete from lead_creations where person_id = ?", from);
	}

	/**
	 * Per campaign, the touches and the people it reached for the first time between two
	 * instants (from inclusive, to exclusive): whole days from the daily rollup, the rest
	 * from the touches and first touches themselves.
	 */
	Map<UUID, long[]> reach(Instant from, Instant to) {
		DaySpan span = DaySpan.of(from, to);
		Map<UUID, long[]> reach = new HashMap<>();
		this.jdbc.query(
				"select campaign_id, sum(t), sum(r) from (select campaign_id, touches as t, reached as r "
						+ "from campaign_days where " + DaySpan.days("day") + " union all select campaign_id, "
						+ span.sign("at") + ", 0 from campaign_touches where " + DaySpan.edges("at")
						+ " union all select campaign_id, 0, " + span.sign("first_at") + " from campaign_people where "
						+ DaySpan.edges("first_at") + ") x group by campaign_id having sum(t) <> 0 or sum(r) <> 0",
				(rs) -> {
					reach.put(rs.getObject(1, UUID.class), new long[] { rs.getLong(2), rs.getLong(3) });
				}, DaySpan.parameters(span.dayParameters(), span.signParameter(), span.edgeParameters(),
						span.signParameter(), span.edgeParameters()));
		return reach;
	}

}
