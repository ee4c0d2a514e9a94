package io.revcycle.connectors;

import io.revcycle.people.PersonErased;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Connector actions that name an erased person lose the person's identifiers.
 */
@Component
class ActionErasure {

	private final JdbcTemplate jdbc;

	ActionErasure(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener
	void on(PersonErased erased) {
		String pattern = erased.pattern();
		if (pattern != null) {
			this.jdbc.update("update connector_actions set input = regexp_replace(input::text, ?, ?, 'gi')::jsonb, "
					+ "message = regexp_replace(message, ?, ?, 'gi'), idempotency_key = case when idempotency_key ~* ? "
					+ "then 'erased:' || md5(idempotency_key) else idempotency_key end "
					+ "where input::text ~* ? or message ~* ? or idempotency_key ~* ?", pattern,
					PersonErased.REPLACEMENT, pattern, PersonErased.REPLACEMENT, pattern, pattern, pattern, pattern);
		}
	}

}
