package io.revcycle.outbox;

import io.revcycle.people.PersonErased;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Messages that name an erased person (pending or kept as delivered) lose the person's
 * identifiers: what is still to be delivered leaves without them.
 */
@Component
class OutboxErasure {

	private final JdbcTemplate jdbc;

	OutboxErasure(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener
	void on(PersonErased erased) {
		String pattern = erased.pattern();
		if (pattern != null) {
			this.jdbc.update("update outbox set payload = regexp_replace(payload::text, ?, ?, 'gi')::jsonb, "
					+ "last_error = regexp_replace(last_error, ?, ?, 'gi') where payload::text ~* ? or last_error ~* ?",
					pattern, PersonErased.REPLACEMENT, pattern, PersonErased.REPLACEMENT, pattern, pattern);
			this.jdbc.update("update outbox_payloads set payload = regexp_replace(payload::text, ?, ?, 'gi')::jsonb "
					+ "where payload::text ~* ?", pattern, PersonErased.REPLACEMENT, pattern);
		}
	}

}
