package io.revcycle.people;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.revcycle.tenancy.TenantContext;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The current tenant's MQLs that nobody owns, longest in the stage first, each with its
 * account's country and industry (what routing's territory rules look at). Read with the
 * partial index {@code persons_unassigned_mql}.
 */
@Component
public class UnassignedMqls {

	/**
	 * The SQL names the stage as a literal, not a bind parameter: a generic prepared plan
	 * could not know that a parameter equals the partial index's {@code 'MQL'} and would
	 * not use it.
	 */
	static final String SQL = "select p.id, p.email, p.first_name, p.last_name, p.title, p.phone, p.stage, "
			+ "p.stage_entered_at, p.fit_score, p.behaviour_score, p.owner_id, p.account_id, p.created_at, "
			+ "p.updated_at, d.due_at, a.country, a.industry from persons p "
			+ "left join accounts a on a.tenant_id = p.tenant_id and a.id = p.account_id "
			+ "left join sla_open_due d on d.tenant_id = p.tenant_id and d.person_id = p.id "
			+ "where p.tenant_id = ? and p.stage = 'MQL' and p.owner_id is null";

	private final JdbcTemplate jdbc;

	UnassignedMqls(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * An unowned MQL with what routing needs to place it.
	 *
	 * @param person the person
	 * @param country its account's country, or null
	 * @param industry its account's industry, or null
	 */
	public record Lead(PersonView person, String country, String industry) {
	}

	/**
	 * Up to {@code limit} unowned MQLs in the order they entered the stage (then by id),
	 * after the given one.
	 * @param afterAt the stage entry time of the last one already read, or null from the
	 * start
	 * @param afterId its id (with {@code afterAt})
	 */
	public List<Lead> oldestFirst(Instant afterAt, UUID afterId, int limit) {
		StringBuilder sql = new StringBuilder(SQL);
		List<Object> arguments = new ArrayList<>();
		arguments.add(TenantContext.require());
		if (afterAt != null) {
			sql.append(" and (p.stage_entered_at, p.id) > (?, ?)");
			arguments.add(Timestamp.from(afterAt));
			arguments.add(afterId);
		}
		sql.append(" order by p.stage_entered_at, p.id limit ?");
		arguments.add(limit);
		return this.jdbc.query(sql.toString(),
				(rs, row) -> new Lead(PeopleSearch.view(rs, row), rs.getString(16), rs.getString(17)),
				arguments.toArray());
	}

}
