package io.revcycle.tenancy;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The users of the current tenant, as other features need them: who exists, who manages
 * whom, who administers. Deactivated users are not members any more: only
 * {@link #resolve(Collection)} still finds them, because history names them.
 */
@Component
@Transactional(readOnly = true)
public class Members {

	private final JdbcTemplate jdbc;

	Members(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Whether the user is an active member of the current tenant. */
	public boolean exists(UUID userId) {
		return !this.jdbc
			.queryForList("select id from tenant_users where id = ? and status = 'active'", UUID.class, userId)
			.isEmpty();
	}

	/**
	 * An active member's team, or empty when the member has none or is no active member.
	 */
	public Optional<String> teamOf(UUID userId) {
		return this.jdbc
			.queryForList("select team from tenant_users where id = ? and status = 'active'", String.class, userId)
			.stream()
			.filter(java.util.Objects::nonNull)
			.findFirst();
	}

	/** The user's manager, if one is set and still an active member. */
	public Optional<UUID> managerOf(UUID userId) {
		return this.jdbc
			.queryForList("select m.id from tenant_users u join tenant_users m on m.tenant_id = u.tenant_id "
					+ "and m.id = u.manager_id where u.id = ? and m.status = 'active'", UUID.class, userId)
			.stream()
			.findFirst();
	}

	/** The active users with a role, oldest first. */
	public List<UUID> withRole(String role) {
		return this.jdbc.queryForList(
				"select id from tenant_users where ? = any(roles) and status = 'active' order by created_at",
				UUID.class, role);
	}

	/** The tenant's active administrators. */
	public List<UUID> admins() {
		return withRole(Roles.TENANT_ADMIN);
	}

	/**
	 * The users named by ids or emails (emails case-insensitively), in one query.
	 * @param names user ids or emails, as callers gave them; blanks are ignored
	 * @return the user of each name that is one of this tenant's users; names of nobody
	 * are absent
	 */
	public Map<String, UUID> resolve(Collection<String> names) {
		Map<String, UUID> found = new HashMap<>();
		String[] given = names.stream()
			.filter((n) -> n != null && !n.isBlank())
			.map(String::trim)
			.toArray(String[]::new);
		if (given.length == 0) {
			return found;
		}
		String[] lower = Arrays.stream(given).map((n) -> n.toLowerCase(Locale.ROOT)).toArray(String[]::new);
		this.jdbc.query("select u.id, n.name from unnest(?::text[], ?::text[]) as n(name, lower) join tenant_users u "
				+ "on u.id::text = n.lower or lower(u.email) = n.lower", (rs) -> {
					found.put(rs.getString(2), rs.getObject(1, UUID.class));
				}, given, lower);
		return found;
	}

	/**
	 * The managers of a team's members (or of every user with a manager, when the team is
	 * null), oldest first.
	 */
	public List<UUID> managersOf(String team) {
		return this.jdbc.queryForList("select m.id from tenant_users m where m.id in (select u.manager_id "
				+ "from tenant_users u where u.manager_id is not null and (cast(? as text) is null "
				+ "or lower(u.team) = lower(cast(? as text)))) order by m.created_at", UUID.class, team, team);
	}

	/**
	 * A user as other features see them.
	 *
	 * @param id the user
	 * @param team the team, or null
	 * @param managerId the manager, or null
	 * @param createdAt when the user joined the tenant
	 */
	public record Member(UUID id, String team, UUID managerId, Instant createdAt) {
	}

	/**
	 * The active users of a team (case-insensitive), or every active user when the team
	 * is null, oldest first.
	 */
	public List<Member> inTeam(String team) {
		return this.jdbc.query(
				"select id, team, manager_id, created_at from tenant_users where status = 'active' "
						+ "and (cast(? as text) is null or lower(team) = lower(cast(? as text))) order by created_at",
				(rs, row) -> new Member(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
						rs.getTimestamp(4).toInstant()),
				team, team);
	}

	/** The managers of users, by user; users without an active manager are absent. */
	public Map<UUID, UUID> managers(Collection<UUID> userIds) {
		Map<UUID, UUID> managers = new HashMap<>();
		if (userIds.isEmpty()) {
			return managers;
		}
		this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement("select u.id, m.id from tenant_users u join tenant_users m "
					+ "on m.tenant_id = u.tenant_id and m.id = u.manager_id and m.status = 'active' where u.id = any(?)");
			statement.setArray(1, connection.createArrayOf("uuid", userIds.toArray()));
			return statement;
		}, (rs) -> {
			managers.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
		});
		return managers;
	}

}
