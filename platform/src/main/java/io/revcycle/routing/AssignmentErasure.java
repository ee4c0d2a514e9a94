package io.revcycle.routing;

import io.revcycle.people.PersonErased;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The owner assignments of an erased person lose their reasons (free text that may name
 * the person), and any reason elsewhere loses the person's identifiers; who owned whom,
 * and when, stays.
 */
@Component
class AssignmentErasure {

	private final JdbcTemplate jdbc;

	AssignmentErasure(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener
	void on(PersonErased erased) {
		String pattern = erased.pattern();
		this.jdbc.update(
				"update routing_assignments set reason = case when person_id = ? then ? "
						+ "else regexp_replace(reason, ?, ?, 'gi') end "
						+ "where reason is not null and (person_id = ? or (?::text is not null and reason ~* ?))",
				erased.personId(), PersonErased.REPLACEMENT, (pattern != null) ? pattern : "(?!)",
				PersonErased.REPLACEMENT, erased.personId(), pattern, (pattern != null) ? pattern : "(?!)");
	}

}
