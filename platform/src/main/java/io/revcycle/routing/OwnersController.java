package io.revcycle.routing;

import java.time.Clock;
import java.util.UUID;

import io.revcycle.http.Problems;
import io.revcycle.kernel.InvalidInput;
import io.revcycle.people.Account;
import io.revcycle.people.Accounts;
import io.revcycle.people.People;
import io.revcycle.people.Person;
import io.revcycle.people.PersonView;
import io.revcycle.tenancy.Members;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.tenancy.TenantPrincipal;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/people/{id}/owner} and {@code POST /api/v1/accounts/{id}/owner}: a
 * user gives a person or an account an owner (or none), a user of the tenant. A person's
 * new owner is told; MQLs of an account go to its owner first.
 */
@RestController
class OwnersController {

	private final People people;

	private final Accounts accounts;

	private final Members members;

	private final Routing routing;

	private final Clock clock;

	OwnersController(People people, Accounts accounts, Members members, Routing routing, Clock clock) {
		this.people = people;
		this.accounts = accounts;
		this.members = members;
		this.routing = routing;
		this.clock = clock;
	}

	/**
	 * @param ownerId a user of the tenant, or null for none
	 */
	record OwnerChange(UUID ownerId) {
	}

	/**
	 * An account and its owner.
	 *
	 * @param id the account
	 * @param ownerId its owner, or null
	 */
	record AccountOwner(UUID id, UUID ownerId) {
	}

	@PostMapping("/api/v1/people/{id}/owner")
	@PreAuthorize("hasAnyRole('tenant-admin', 'sdr', 'ae')")
	@Transactional
	PersonView assign(@PathVariable UUID id, @RequestBody OwnerChange request) {
		Person person = this.people.findById(id).orElseThrow(() -> Problems.notFound("person", id));
		checkOwner(request.ownerId());
		this.routing.assignByUser(person, request.ownerId(), caller(), this.clock.instant());
		return PersonView.of(person);
	}

	@PostMapping("/api/v1/accounts/{id}/owner")
	@PreAuthorize("hasAnyRole('tenant-admin', 'sdr', 'ae')")
	@Transactional
	AccountOwner assignAccount(@PathVariable UUID id, @RequestBody OwnerChange request) {
		Account account = this.accounts.findById(id).orElseThrow(() -> Problems.notFound("account", id));
		checkOwner(request.ownerId());
		account.assignOwner(request.ownerId());
		return new AccountOwner(account.id(), request.ownerId());
	}

	private void checkOwner(UUID ownerId) {
		if (ownerId != null && !this.members.exists(ownerId)) {
			throw InvalidInput.of("ownerId", "no user " + ownerId + " in this tenant");
		}
	}

	private static String caller() {
		return TenantContext.principal().map(TenantPrincipal::subject).orElse("unknown");
	}

}
