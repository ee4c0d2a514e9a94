package io.revcycle.tenancy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The users of the current tenant, as other features need them: who exists, who manages
 * whom, who administers.
 */
@Component
@Transactional(readOnly = true)
public class Members {

	private final JdbcTemplate jdbc;

	Members(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Whether the user belongs to the current tenant. */
	public boolean exists(UUID userId) {
		return !this.jdbc.queryForList("select id from tenant_users where id = ?", UUID.class, userId).isEmpty();
	}

	/** The user's manager, if one is set. */
	public Optional<UUID> managerOf(UUID userId) {
		return this.jdbc
			.queryForList("select manager_id from tenant_users where id = ? and manager_id is not null", UUID.class,
					userId)
			.stream()
			.findFirst();
	}

	/** The users with a role, oldest first. */
	public List<UUID> withRole(String role) {
		return this.jdbc.queryForList("select id from tenant_users where ? = any(roles) order by created_at",
				UUID.class, role);
	}

	/** The tenant's administrators. */
	public List<UUID> admins() {
		return this.jdbc.queryForList(
				"select id from tenant_users where 'tenant-admin' = any(roles) order by created_at", UUID.class);
	}

}
