package io.revcycle.notifications;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

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

	/** Notifies users of the current tenant. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void notify(Collection<UUID> users, String kind, String title, Map<String, Object> data) {
		UUID tenant = TenantContext.require();
		Timestamp now = Timestamp.from(this.clock.instant());
		String payload = this.json.writeValueAsString(data);
		for (UUID user : users) {
			this.jdbc.update(
					"insert into notifications (tenant_id, id, user_id, kind, title, data, created_at) "
							+ "values (?, ?, ?, ?, ?, ?::jsonb, ?)",
					tenant, UUID.randomUUID(), user, kind, title, payload, now);
		}
	}

}
