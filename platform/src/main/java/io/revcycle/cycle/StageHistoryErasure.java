package io.revcycle.cycle;

import io.revcycle.people.PersonErased;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The stage history of an erased person loses the reasons users gave for its moves (free
 * text that may name the person), and any reason elsewhere loses the person's
 * identifiers; the moves themselves stay, so the funnel keeps counting them.
 */
@Component
class StageHistoryErasure {

	private final JdbcTemplate jdbc;

	StageHistoryErasure(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener
	void on(PersonErased erased) {
		this.jdbc.update(PersonErased.freeTextUpdate("stage_history", "reason"), erased.freeTextArguments());
	}

}
