package io.revcycle.cycle;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.revcycle.http.Problems;
import io.revcycle.people.Account;
import io.revcycle.people.Accounts;
import io.revcycle.people.People;
import io.revcycle.people.Person;
import io.revcycle.people.PersonView;
import io.revcycle.tenancy.Members;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.tenancy.TenantPrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/stage-model} and {@code POST /api/v1/people/{id}/stage-actions}.
 */
@RestController
class CycleController {

	private final Cycle cycle;

	private final People people;

	private final Clock clock;

	private final Members members;

	private final Accounts accounts;

	CycleController(Cycle cycle, People people, Clock clock, Members members, Accounts accounts) {
		this.accounts = accounts;
		this.members = members;
		this.cycle = cycle;
		this.people = people;
		this.clock = clock;
	}

	@GetMapping("/api/v1/stage-model")
	@Transactional
	Cycle.Model model() {
		return this.cycle.model();
	}

	@PutMapping("/api/v1/stage-model")
	@PreAuthorize("hasRole('tenant-admin')")
	@Transactional
	Cycle.Model publish(@RequestBody StageModelDefinition definition) {
		return this.cycle.publish(definition);
	}

	record OwnerChange(UUID ownerId) {
	}

	/** Gives a person an owner (or none): a user of the tenant. */
	@PostMapping("/api/v1/people/{id}/owner")
	@PreAuthorize("hasAnyRole('tenant-admin', 'sdr', 'ae')")
	@Transactional
	PersonView assign(@PathVariable UUID id, @RequestBody OwnerChange request) {
		Person person = this.people.findById(id).orElseThrow(() -> Problems.notFound("person", id));
		if (request.ownerId() != null && !this.members.exists(request.ownerId())) {
			throw Problems.badRequest("ownerId: no user " + request.ownerId() + " in this tenant.");
		}
		person.assignOwner(request.ownerId());
		return PersonView.of(person);
	}

	/**
	 * Gives an account an owner (or none): MQLs of the account are routed to them first.
	 */
	@PostMapping("/api/v1/accounts/{id}/owner")
	@PreAuthorize("hasAnyRole('tenant-admin', 'sdr', 'ae')")
	@Transactional
	Map<String, Object> assignAccount(@PathVariable UUID id, @RequestBody OwnerChange request) {
		Account account = this.accounts.findById(id).orElseThrow(() -> Problems.notFound("account", id));
		if (request.ownerId() != null && !this.members.exists(request.ownerId())) {
			throw Problems.badRequest("ownerId: no user " + request.ownerId() + " in this tenant.");
		}
		account.assignOwner(request.ownerId());
		return Map.of("id", account.id(), "ownerId", String.valueOf(request.ownerId()));
	}

	record StageAction(@NotBlank(message = "is required") String action,
			@Size(max = 1000, message = "must be at most 1000 characters") String reason) {
	}

	@PostMapping("/api/v1/people/{id}/stage-actions")
	@Transactional
	PersonView act(@PathVariable UUID id, @Valid @RequestBody StageAction request) {
		Person person = this.people.findById(id).orElseThrow(() -> Problems.notFound("person", id));
		TenantPrincipal caller = TenantContext.principal().orElseThrow();
		try {
			this.cycle.act(person, request.action().trim(), (request.reason() != null) ? request.reason().trim() : null,
					caller.subject(), Set.copyOf(caller.roles()), this.clock.instant());
		}
		catch (IllegalArgumentException ex) {
			throw Problems.badRequest(ex.getMessage());
		}
		return PersonView.of(person);
	}

}
