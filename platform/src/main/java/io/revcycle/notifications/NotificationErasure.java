package io.revcycle.notifications;

import io.revcycle.people.PersonErased;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Notifications about an erased person lose every mention of the person's identifiers.
 */
@Component
class NotificationErasure {

	private final JdbcTemplate jdbc;

	NotificationErasure(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener
	void on(PersonErased erased) {
		String pattern = erased.pattern();
		if (pattern != null) {
			this.jdbc.update("update notifications set title = regexp_replace(title, ?, ?, 'gi'), "
					+ "data = regexp_replace(data::text, ?, ?, 'gi')::jsonb where title ~* ? or data::text ~* ?",
					pattern, PersonErased.REPLACEMENT, pattern, PersonErased.REPLACEMENT, pattern, pattern);
		}
	}

}
