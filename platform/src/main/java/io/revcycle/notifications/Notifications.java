package io.revcycle.notifications;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.http.CursorPage;
import io.revcycle.kernel.PgArrays;
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

	/**
	 * A notification as its user reads it.
	 *
	 * @param id the id
	 * @param kind what it is about, for example {@code sla_breached}
	 * @param title one line for people
	 * @param data the details
	 * @param createdAt when it was written
	 * @param readAt when its user read it, or null
	 */
	public record View(UUID id, String kind, String title, Map<String, Object> data, Instant createdAt,
			Instant readAt) {
	}

	/**
	 * A page of a user's inbox, newest first.
	 * @param after the position of the last notification of the previous page, or null
	 * @param limit how many to read
	 */
	@SuppressWarnings("unchecked")
	List<View> inbox(UUID user, boolean unreadOnly, CursorPage.Position after, int limit) {
		StringBuilder sql = new StringBuilder(
				"select id, kind, title, data::text, created_at, read_at " + "from notifications where user_id = ?");
		List<Object> arguments = new ArrayList<>(List.of(user));
		if (unreadOnly) {
			sql.append(" and read_at is null");
		}
		if (after != null) {
			sql.append(" and (created_at, id) < (?, ?)");
			arguments.add(Timestamp.from(after.at()));
			arguments.add(after.uuid());
		}
		sql.append(" order by created_at desc, id desc limit ?");
		arguments.add(limit);
		return this.jdbc.query(sql.toString(),
				(rs, row) -> new View(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
						this.json.readValue(rs.getString(4), Map.class), rs.getTimestamp(5).toInstant(),
						(rs.getTimestamp(6) != null) ? rs.getTimestamp(6).toInstant() : null),
				arguments.toArray());
	}

	/** How many notifications a user has not read. */
	long unread(UUID user) {
		Long count = this.jdbc.queryForObject(
				"select count(*) from notifications where user_id = ? and read_at is null", Long.class, user);
		return (count != null) ? count : 0;
	}

	/** Marks a user's notification read; false when the user has no such notification. */
	boolean markRead(UUID user, UUID id) {
		return this.jdbc.update("update notifications set read_at = coalesce(read_at, ?) where id = ? and user_id = ?",
				Timestamp.from(this.clock.instant()), id, user) > 0;
	}

	/** Marks all of a user's notifications read. */
	void markAllRead(UUID user) {
		this.jdbc.update("update notifications set read_at = ? where user_id = ? and read_at is null",
				Timestamp.from(this.clock.instant()), user);
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
