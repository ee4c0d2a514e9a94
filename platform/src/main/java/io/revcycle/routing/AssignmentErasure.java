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
		this.jdbc.update(PersonErased.freeTextUpdate("routing_assignments", "reason"), erased.freeTextArguments());
	}

}
