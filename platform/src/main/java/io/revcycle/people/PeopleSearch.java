package io.revcycle.people;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.revcycle.http.CursorPage;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Lists the current tenant's people by the filters of {@code GET /api/v1/people}: an
 * SDR's work queue ({@code owner=me&stage=MQL&sort=slaDue}), the unassigned queue
 * ({@code owner=none}), an account's people, changes since a time. Each person carries
 * the due time of its open SLA timer, from the view the SLA feature publishes.
 */
@Component
class PeopleSearch {

	private static final String COLUMNS = "p.id, p.email, p.first_name, p.last_name, p.title, p.phone, p.stage, "
			+ "p.stage_entered_at, p.fit_score, p.behaviour_score, p.owner_id, p.account_id, p.created_at, "
			+ "p.updated_at, d.due_at";

	private final JdbcTemplate jdbc;

	PeopleSearch(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The orders a list can come in. */
	enum Sort {

		/** Newest first (the default). */
		CREATED_AT("createdAt"),
		/** The open SLA due soonest first; people without one last. */
		SLA_DUE("slaDue"),
		/** Changed longest ago first: for clients that sync changes with updatedSince. */
		UPDATED_AT("updatedAt");

		private final String parameter;

		Sort(String parameter) {
			this.parameter = parameter;
		}

		String parameter() {
			return this.parameter;
		}

	}

	/**
	 * What a list is filtered by; null parts do not filter.
	 *
	 * @param email the email, regardless of case
	 * @param owner the owner's user id
	 * @param unowned only people without an owner
	 * @param stage the stage
	 * @param accountId the account
	 * @param updatedSince changed at or after this time
	 */
	record Filter(String email, UUID owner, boolean unowned, String stage, UUID accountId, Instant updatedSince) {
	}

	/** Up to {@code limit} people after the cursor's position, in the sort's order. */
	List<PersonView> page(Filter filter, Sort sort, CursorPage.Position after, int limit) {
		StringBuilder sql = new StringBuilder("select " + COLUMNS + " from persons p "
				+ "left join sla_open_due d on d.tenant_id = p.tenant_id and d.person_id = p.id where true");
		List<Object> arguments = new ArrayList<>();
		if (filter.email() != null) {
			sql.append(" and p.email_key = lower(?)");
			arguments.add(filter.email());
		}
		if (filter.owner() != null) {
			sql.append(" and p.owner_id = ?");
			arguments.add(filter.owner());
		}
		if (filter.unowned()) {
			sql.append(" and p.owner_id is null");
		}
		if (filter.stage() != null) {
			sql.append(" and p.stage = ?");
			arguments.add(filter.stage());
		}
		if (filter.accountId() != null) {
			sql.append(" and p.account_id = ?");
			arguments.add(filter.accountId());
		}
		if (filter.updatedSince() != null) {
			sql.append(" and p.updated_at >= ?");
			arguments.add(Timestamp.from(filter.updatedSince()));
		}
		switch (sort) {
			case SLA_DUE -> {
				if (after != null) {
					sql.append(" and (coalesce(d.due_at, 'infinity'), p.id) > (cast(? as timestamptz), ?)");
					arguments.add(after.at().equals(Instant.MAX) ? "infinity" : after.at().toString());
					arguments.add(after.uuid());
				}
				sql.append(" order by coalesce(d.due_at, 'infinity'), p.id");
			}
			case UPDATED_AT -> {
				if (after != null) {
					sql.append(" and (p.updated_at, p.id) > (?, ?)");
					arguments.add(Timestamp.from(after.at()));
					arguments.add(after.uuid());
				}
				sql.append(" order by p.updated_at, p.id");
			}
			default -> {
				if (after != null) {
					sql.append(" and (p.created_at, p.id) < (?, ?)");
					arguments.add(Timestamp.from(after.at()));
					arguments.add(after.uuid());
				}
				sql.append(" order by p.created_at desc, p.id desc");
			}
		}
		sql.append(" limit ?");
		arguments.add(limit);
		return this.jdbc.query(sql.toString(), PeopleSearch::view, arguments.toArray());
	}

	/** One person, with the due time of its open SLA timer. */
	PersonView one(UUID id) {
		List<PersonView> found = this.jdbc.query("select " + COLUMNS + " from persons p left join sla_open_due d "
				+ "on d.tenant_id = p.tenant_id and d.person_id = p.id where p.id = ?", PeopleSearch::view, id);
		return found.isEmpty() ? null : found.get(0);
	}

	/** The position of a person in a list of the sort's order. */
	static CursorPage.Position position(PersonView person, Sort sort) {
		return switch (sort) {
			case SLA_DUE ->
				new CursorPage.Position((person.slaDueAt() != null) ? person.slaDueAt() : Instant.MAX, person.id());
			case UPDATED_AT -> new CursorPage.Position(person.updatedAt(), person.id());
			default -> new CursorPage.Position(person.createdAt(), person.id());
		};
	}

	static PersonView view(ResultSet rs, int row) throws SQLException {
		return new PersonView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
				rs.getString(5), rs.getString(6), rs.getString(7), instant(rs.getTimestamp(8)), rs.getInt(9),
				rs.getInt(10), rs.getObject(11, UUID.class), rs.getObject(12, UUID.class),
				rs.getTimestamp(13).toInstant(), rs.getTimestamp(14).toInstant(), instant(rs.getTimestamp(15)));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
