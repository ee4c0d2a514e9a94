package io.revcycle.ingest;

import io.revcycle.people.PersonErased;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * An erased person's activities keep their type and time, for counts, and lose their
 * properties; an idempotency key that names the person is replaced by its digest (a retry
 * of that event is then a new one, and creates a new person).
 */
@Component
class ActivityErasure {

	private final JdbcTemplate jdbc;

	ActivityErasure(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener
	void on(PersonErased erased) {
		String pattern = erased.pattern();
		this.jdbc.update("update activities set properties = '{}' where person_id = ?", erased.personId());
		if (pattern != null) {
			this.jdbc.update("update activities set external_id = 'erased:' || md5(external_id) where external_id ~* ?",
					pattern);
			this.jdbc.update("update activities set properties = regexp_replace(properties::text, ?, ?, 'gi')::jsonb "
					+ "where properties::text ~* ?", pattern, PersonErased.REPLACEMENT, pattern);
		}
	}

}
