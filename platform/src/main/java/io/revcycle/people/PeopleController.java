package io.revcycle.people;

import java.net.URI;
import java.time.Clock;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/people}: create, find by email, list, read. Another tenant's person
 * answers 404, exactly like a person that does not exist.
 */
@RestController
class PeopleController {

	private final People people;

	private final Accounts accounts;

	private final Clock clock;

	PeopleController(People people, Accounts accounts, Clock clock) {
		this.people = people;
		this.accounts = accounts;
		this.clock = clock;
	}

	record NewPerson(
			@NotBlank(message = "is required") @Email(message = "must be an email address") @Size(max = 254,
					message = "must be at most 254 characters") String email,
			@Size(max = 200, message = "must be at most 200 characters") String firstName,
			@Size(max = 200, message = "must be at most 200 characters") String lastName) {
	}

	@GetMapping("/api/v1/accounts/{id}")
	@Transactional(readOnly = true)
	AccountView account(@PathVariable UUID id) {
		return this.accounts.findById(id).map(AccountView::of).orElseThrow(() -> Problems.notFound("account", id));
	}

	@PostMapping("/api/v1/people")
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

	@GetMapping("/api/v1/people")
	@Transactional(readOnly = true)
	CursorPage<PersonView> list(@RequestParam(required = false) String email,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
		if (email != null) {
			return new CursorPage<>(this.people.findByEmail(email.trim()).map(PersonView::of).stream().toList(), null);
		}
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		List<Person> rows = (after == null) ? this.people.firstPage(Limit.of(size + 1))
				: this.people.pageAfter(after.at(), after.uuid(), Limit.of(size + 1));
		return CursorPage.of(rows, size, (p) -> new CursorPage.Position(p.createdAt(), p.id()), PersonView::of);
	}

	@GetMapping("/api/v1/people/{id}")
	@Transactional(readOnly = true)
	PersonView get(@PathVariable UUID id) {
		return this.people.findById(id).map(PersonView::of).orElseThrow(() -> Problems.notFound("person", id));
	}

}
