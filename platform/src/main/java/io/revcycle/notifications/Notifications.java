package io.revcycle.notifications;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.http.PgArrays;
import io.revcycle.tenancy.TenantContext;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes notifications into users' inboxes, in the caller's transaction.
 */
@Component
public class Notifications {

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	Notifications(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * A notification for some users.
	 *
	 * @param users who gets it (each one a copy in their inbox)
	 * @param kind what it is about, for example {@code sla_breached}
	 * @param title one line for people
	 * @param data the details, as JSON-compatible values
	 */
	public record Notice(Collection<UUID> users, String kind, String title, Map<String, Object> data) {
	}

	/** Notifies users of the current tenant. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void notify(Collection<UUID> users, String kind, String title, Map<String, Object> data) {
		notify(List.of(new Notice(users, kind, title, data)));
	}

	/**
	 * Notifies users of the current tenant, in one statement whatever the number of
	 * notices.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void notify(List<Notice> notices) {
		List<Object[]> rows = new ArrayList<>();
		for (Notice notice : notices) {
			String payload = this.json.writeValueAsString(notice.data());
			for (UUID user : notice.users()) {
				rows.add(new Object[] { user, notice.kind(), notice.title(), payload });
			}
		}
		if (rows.isEmpty()) {
			return;
		}
		UUID tenant = TenantContext.require();
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection
				.prepareStatement("insert into notifications (tenant_id, id, user_id, kind, title, data, created_at) "
						+ "select ?, gen_random_uuid(), u, k, t, d::jsonb, ? from unnest(?, ?, ?, ?) as n(u, k, t, d)");
			statement.setObject(1, tenant);
			statement.setTimestamp(2, now);
			PgArrays.bind(connection, statement, 3, rows, new PgArrays.Column<Object[]>("uuid", (r) -> r[0]),
					new PgArrays.Column<Object[]>("text", (r) -> r[1]),
					new PgArrays.Column<Object[]>("text", (r) -> r[2]),
					new PgArrays.Column<Object[]>("text", (r) -> r[3]));
			return statement;
		});
	}

}
