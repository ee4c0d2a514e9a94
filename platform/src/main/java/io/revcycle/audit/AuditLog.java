package io.revcycle.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.revcycle.http.CursorPage;
import io.revcycle.kernel.Audited;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.tenancy.TenantPrincipal;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tenant's audit log. Every {@link Audited} event is written in the transaction of
 * the change it reports (or one of its own when the change had none), so an entry exists
 * exactly when the change was committed. Entries are never changed nor removed.
 */
@Component
public class AuditLog {

	private static final String API_KEY = "api-key:";

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	AuditLog(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Who did it.
	 *
	 * @param kind {@code user}, {@code api-key} or {@code system}
	 * @param id the user id or API key id, null for the system
	 * @param email the user's email when the user is a member of the tenant, else null
	 */
	public record Actor(String kind, String id, String email) {
	}

	/**
	 * An entry as the API shows it.
	 *
	 * @param id the entry's sequence number
	 * @param at when
	 * @param actor who
	 * @param action what, for example {@code stage_model.approved}
	 * @param target what it was done to, may be null
	 * @param diff for configuration, the changes {@code [{"path", "before", "after"}]};
	 * null otherwise
	 */
	public record Entry(long id, Instant at, Actor actor, String action, String target, JsonNode diff) {
	}

	@EventListener
	@Transactional
	void on(Audited audited) {
		record(audited);
	}

	/**
	 * Records an entry for the current tenant, by the current caller.
	 * @param audited what happened
	 */
	@Transactional
	public void record(Audited audited) {
		TenantPrincipal caller = TenantContext.principal().orElse(null);
		String kind = "system";
		String id = null;
		if (caller != null && caller.subject() != null) {
			kind = caller.subject().startsWith(API_KEY) ? "api-key" : "user";
			id = caller.subject().startsWith(API_KEY) ? caller.subject().substring(API_KEY.length()) : caller.subject();
		}
		String diff = null;
		if (audited.before() != null || audited.after() != null) {
			List<JsonDiff.Change> changes = JsonDiff.between(tree(audited.before()), tree(audited.after()));
			diff = this.json.writeValueAsString(changes);
		}
		this.jdbc.update(
				"insert into audit_entries (tenant_id, at, actor_kind, actor_id, actor_email, action, target, diff) "
						+ "values (?, ?, ?, ?, (select email from member_directory where user_id::text = ?), ?, ?, "
						+ "?::jsonb)",
				TenantContext.require(), Timestamp.from(this.clock.instant()), kind, id, id, audited.action(),
				audited.target(), diff);
	}

	private JsonNode tree(Object value) {
		return (value == null) ? null : this.json.valueToTree(value);
	}

	/**
	 * A page of the tenant's entries, newest first.
	 * @param after the last entry of the previous page, or null
	 * @param action only entries of this action (or of actions starting with it and a
	 * dot), or null for all
	 * @param limit how many rows to read
	 */
	public List<Entry> page(CursorPage.Position after, String action, int limit) {
		String where = "";
		List<Object> args = new java.util.ArrayList<>();
		if (after != null) {
			where = " where (at, id) < (?, ?)";
			args.add(Timestamp.from(after.at()));
			args.add(after.number());
		}
		if (action != null) {
			where += (where.isEmpty() ? " where" : " and") + " (action = ? or action like ? escape '\\')";
			args.add(action);
			args.add(action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ".%");
		}
		args.add(limit);
		return this.jdbc.query("select id, at, actor_kind, actor_id, actor_email, action, target, diff::text "
				+ "from audit_entries" + where + " order by at desc, id desc limit ?", (rs, row) -> {
					String diff = rs.getString(8);
					return new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(),
							new Actor(rs.getString(3), rs.getString(4), rs.getString(5)), rs.getString(6),
							rs.getString(7), (diff != null) ? this.json.readTree(diff) : null);
				}, args.toArray());
	}

}
