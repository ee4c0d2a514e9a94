package io.revcycle.analytics;

import io.revcycle.people.PersonErased;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The funnel's stays of an erased person lose the reasons they ended for (free text that
 * may name the person), and any reason elsewhere loses the person's identifiers; the
 * stays stay, so the funnel's counts do not change.
 */
@Component
class StayErasure {

	private final JdbcTemplate jdbc;

	StayErasure(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener
	void on(PersonErased erased) {
		this.jdbc.update(PersonErased.freeTextUpdate("stage_stays", "reason"), erased.freeTextArguments());
	}

}
