package io.revcycle.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.revcycle.people.People;
import io.revcycle.people.PeopleImported;
import io.revcycle.people.Person;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * People an import created or changed are scored and moved through the cycle in the
 * import's transaction, as ingested ones are.
 */
@Component
class ImportedPeople {

	private final People people;

	private final Scoring scoring;

	ImportedPeople(People people, Scoring scoring) {
		this.people = people;
		this.scoring = scoring;
	}

	@EventListener
	void on(PeopleImported event) {
		List<Person> imported = new ArrayList<>();
		this.people.findAllById(event.personIds()).forEach(imported::add);
		this.scoring.advance(imported, Map.of(), Map.of(), event.at(), (id) -> Scoring.Cause.imported());
	}

}
