package io.revcycle.people;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.revcycle.http.CursorPage;
import io.revcycle.http.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.data.domain.Limit;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/people}: create, find by email, list, read. Another tenant's person
 * answers 404, exactly like a person that does not exist.
 */
@RestController
@RequestMapping("/api/v1/people")
class PeopleController {

	private final People people;

	private final Clock clock;

	PeopleController(People people, Clock clock) {
		this.people = people;
		this.clock = clock;
	}

	record NewPerson(
			@NotBlank(message = "is required") @Email(message = "must be an email address") @Size(max = 254,
					message = "must be at most 254 characters") String email,
			@Size(max = 200, message = "must be at most 200 characters") String firstName,
			@Size(max = 200, message = "must be at most 200 characters") String lastName) {
	}

	record PersonView(UUID id, String email, String firstName, String lastName, String stage, int fitScore,
			int behaviourScore, UUID ownerId, UUID accountId, Instant createdAt, Instant updatedAt) {

		static PersonView of(Person person) {
			return new PersonView(person.id(), person.email(), person.firstName(), person.lastName(), person.stage(),
					person.fitScore(), person.behaviourScore(), person.ownerId(), person.accountId(),
					person.createdAt(), person.updatedAt());
		}

	}

	@PostMapping
	@Transactional
	ResponseEntity<PersonView> create(@Valid @RequestBody NewPerson request) {
		String email = request.email().trim().toLowerCase(Locale.ROOT);
		if (this.people.findByEmail(email).isPresent()) {
			throw Problems.conflict("A person with the email '" + email + "' already exists.");
		}
		Person person = this.people
			.save(new Person(UUID.randomUUID(), email, request.firstName(), request.lastName(), this.clock.instant()));
		return ResponseEntity.created(URI.create("/api/v1/people/" + person.id())).body(PersonView.of(person));
	}

	@GetMapping
	@Transactional(readOnly = true)
	CursorPage<PersonView> list(@RequestParam(required = false) String email,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
		if (email != null) {
			return new CursorPage<>(this.people.findByEmail(email.trim()).map(PersonView::of).stream().toList(), null);
		}
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		List<Person> rows = (after == null) ? this.people.firstPage(Limit.of(size + 1))
				: this.people.pageAfter(after.at(), after.id(), Limit.of(size + 1));
		return CursorPage.of(rows, size, (p) -> new CursorPage.Position(p.createdAt(), p.id()), PersonView::of);
	}

	@GetMapping("/{id}")
	@Transactional(readOnly = true)
	PersonView get(@PathVariable UUID id) {
		return this.people.findById(id).map(PersonView::of).orElseThrow(() -> Problems.notFound("person", id));
	}

}
