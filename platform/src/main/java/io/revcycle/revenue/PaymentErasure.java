package io.revcycle.revenue;

import io.revcycle.people.PersonErased;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Payments and deals keep their amounts (revenue stays true); references that name an
 * erased person are replaced by their digest, and deal names lose the person's
 * identifiers.
 */
@Component
class PaymentErasure {

	private final JdbcTemplate jdbc;

	PaymentErasure(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener
	void on(PersonErased erased) {
		String pattern = erased.pattern();
		if (pattern != null) {
			this.jdbc.update("update payments set external_id = 'erased:' || md5(external_id) where external_id ~* ?",
					pattern);
			this.jdbc.update("update deals set name = regexp_replace(name, ?, ?, 'gi') where name ~* ?", pattern,
					PersonErased.REPLACEMENT, pattern);
		}
	}

}
