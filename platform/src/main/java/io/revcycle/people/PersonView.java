package io.revcycle.people;

import java.time.Instant;
import java.util.UUID;

/**
 * A person as the API shows it. {@code slaDueAt} is the due time of the person's open SLA
 * timer, where the answer looked it up (lists and reads of people), else null.
 */
public record PersonView(UUID id, String email, String firstName, String lastName, String title, String phone,
		String stage, Instant stageEnteredAt, int fitScore, int behaviourScore, UUID ownerId, UUID accountId,
		Instant createdAt, Instant updatedAt, Instant slaDueAt) {

	public static PersonView of(Person person) {
		return new PersonView(person.id(), person.email(), person.firstName(), person.lastName(), person.title(),
				person.phone(), person.stage(), person.stageEnteredAt(), person.fitScore(), person.behaviourScore(),
				person.ownerId(), person.accountId(), person.createdAt(), person.updatedAt(), null);
	}

}
