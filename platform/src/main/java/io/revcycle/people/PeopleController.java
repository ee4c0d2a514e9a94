package io.revcycle.people;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.revcycle.http.CursorPage;
import io.revcycle.kernel.InvalidInput;
import io.revcycle.http.Problems;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.tenancy.TenantPrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
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

	private final PeopleSearch search;

	private final Erasure erasure;

	PeopleController(People people, Accounts accounts, Clock clock, PeopleSearch search, Erasure erasure) {
		this.erasure = erasure;
		this.search = search;
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

	@ResponseStatus(HttpStatus.CREATED)
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

	/**
	 * People, filtered and paginated.
	 * @param owner a user id, {@code me} (the caller) or {@code none} (unassigned)
	 * @param sort {@code createdAt} (newest first, the default), {@code slaDue} (the open
	 * SLA due soonest first) or {@code updatedAt} (changed longest ago first, for syncing
	 * with {@code updatedSince})
	 */
	@GetMapping("/api/v1/people")
	@Transactional(readOnly = true)
	CursorPage<PersonView> list(@RequestParam(required = false) String email,
			@RequestParam(required = false) String owner, @RequestParam(required = false) String stage,
			@RequestParam(required = false) UUID accountId, @RequestParam(required = false) Instant updatedSince,
			@RequestParam(required = false) String sort, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		int size = CursorPage.limit(limit);
		PeopleSearch.Sort order = sort(sort);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		UUID ownerId = null;
		boolean unowned = false;
		if (owner != null) {
			String wanted = owner.trim();
			if (wanted.equalsIgnoreCase("none")) {
				unowned = true;
			}
			else if (wanted.equalsIgnoreCase("me")) {
				ownerId = TenantContext.principal()
					.map(TenantPrincipal::subject)
					.map(PeopleController::uuidOrNull)
					.orElseThrow(() -> InvalidInput.of("owner",
							"'me' needs a signed-in user; with an API key, pass the user's id"));
			}
			else {
				ownerId = uuidOrNull(wanted);
				if (ownerId == null) {
					throw InvalidInput.of("owner", "must be a user id, 'me' or 'none'");
				}
			}
		}
		if (stage != null && (stage.isBlank() || stage.length() > 40)) {
			throw InvalidInput.of("stage", "must be a stage name");
		}
		List<PersonView> rows = this.search.page(new PeopleSearch.Filter((email != null) ? email.trim() : null, ownerId,
				unowned, stage, accountId, updatedSince), order, after, size + 1);
		return CursorPage.of(rows, size, (p) -> PeopleSearch.position(p, order), (p) -> p);
	}

	private static PeopleSearch.Sort sort(String sort) {
		if (sort == null) {
			return PeopleSearch.Sort.CREATED_AT;
		}
		for (PeopleSearch.Sort candidate : PeopleSearch.Sort.values()) {
			if (candidate.parameter().equalsIgnoreCase(sort.trim())) {
				return candidate;
			}
		}
		throw InvalidInput.of("sort", "must be createdAt, slaDue or updatedAt");
	}

	private static UUID uuidOrNull(String text) {
		try {
			return UUID.fromString(text);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	@GetMapping("/api/v1/people/{id}")
	@Transactional(readOnly = true)
	PersonView get(@PathVariable UUID id) {
		PersonView found = this.search.one(id);
		if (found == null) {
			throw Problems.notFound("person", id);
		}
		return found;
	}

	/**
	 * Erases a person's personal data for good (tenant-admin), as the GDPR asks: the
	 * person keeps only an id, a stage and scores, which anonymous counts and revenue
	 * still use. {@code erase=true} is required: there is no other kind of deletion.
	 * Repeating it answers the same.
	 */
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@DeleteMapping("/api/v1/people/{id}")
	@PreAuthorize("hasRole('tenant-admin')")
	@Transactional
	ResponseEntity<Void> erase(@PathVariable UUID id, @RequestParam(required = false) Boolean erase) {
		if (!Boolean.TRUE.equals(erase)) {
			throw Problems.badRequest("erase: a person is only erased, for good: send erase=true.");
		}
		this.erasure.erase(id);
		return ResponseEntity.noContent().build();
	}

	/** Everything held about a person, for an access request (tenant-admin). */
	@GetMapping("/api/v1/people/{id}/export")
	@PreAuthorize("hasRole('tenant-admin')")
	@Transactional(readOnly = true)
	java.util.Map<String, Object> export(@PathVariable UUID id) {
		return this.erasure.export(id);
	}

}
