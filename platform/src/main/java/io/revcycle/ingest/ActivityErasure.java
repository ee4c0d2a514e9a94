package io.revcycle.ingest;

import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import io.revcycle.people.PeopleWriter;
import io.revcycle.people.PersonErased;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * An erased person's activities keep their type and time, for counts, and lose their
 * properties (their timeline entries then show only the type and time); an idempotency
 * key that names the person is replaced by its digest (a retry of that event is then a
 * new one, and creates a new person).
 */
@Component
class ActivityErasure {

	private final JdbcTemplate jdbc;

	private final PeopleWriter people;

	ActivityErasure(JdbcTemplate jdbc, PeopleWriter people) {
		this.jdbc = jdbc;
		this.people = people;
	}

	@EventListener
	void on(PersonErased erased) {
		String pattern = erased.pattern();
		this.jdbc.update("update activities set properties = '{}', erased = true where person_id = ?",
				erased.personId());
		if (pattern != null) {
			this.jdbc.update("update activities set external_id = 'erased:' || md5(external_id) where external_id ~* ?",
					pattern);
			List<UUID> changed = this.jdbc.queryForList(
					"update activities set properties = regexp_replace(properties::text, ?, ?, 'gi')::jsonb "
							+ "where properties::text ~* ? returning person_id",
					UUID.class, pattern, PersonErased.REPLACEMENT, pattern);
			// others' activities that named the person changed too: their scores read
			// them again
			this.people.forgetBehaviourSums(new HashSet<>(changed));
		}
	}

}
