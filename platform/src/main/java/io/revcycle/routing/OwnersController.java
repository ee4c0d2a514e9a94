package io.revcycle.routing;

import java.time.Clock;
import java.util.UUID;

import io.revcycle.http.ProblemResponse;
import io.revcycle.http.Problems;
import io.revcycle.kernel.InvalidInput;
import io.revcycle.people.Account;
import io.revcycle.people.Accounts;
import io.revcycle.people.People;
import io.revcycle.people.PeopleWriter;
import io.revcycle.people.Person;
import io.revcycle.people.PersonView;
import io.revcycle.tenancy.Members;
import io.revcycle.tenancy.Roles;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.tenancy.TenantPrincipal;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

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

	private final PeopleWriter writer;

	OwnersController(People people, Accounts accounts, Members members, Routing routing, PeopleWriter writer,
			Clock clock) {
		this.writer = writer;
		this.people = people;
		this.accounts = accounts;
		this.members = members;
		this.routing = routing;
		this.clock = clock;
	}

	/**
	 * @param ownerId a user of the tenant, {@code "me"} for the caller, or null for none
	 */
	record OwnerChange(String ownerId) {
	}

	/**
	 * An account and its owner.
	 *
	 * @param id the account
	 * @param ownerId its owner, or null
	 */
	record AccountOwner(UUID id, UUID ownerId) {
	}

	/**
	 * A rep (sdr, ae) takes an unowned person for themselves ({@code "ownerId": "me"} or
	 * their own id); 409 when someone owns it already, also when another rep took it a
	 * moment before. A tenant admin gives a person to anyone, or to nobody, whether or
	 * not it is owned.
	 */
	@ProblemResponse(status = 409,
			description = "A rep took a person someone owns already (also one another rep took a moment before): "
					+ "take the next one from GET /api/v1/routing/unassigned")
	@PostMapping("/api/v1/people/{id}/owner")
	@PreAuthorize("hasAnyRole('tenant-admin', 'sdr', 'ae')")
	@Transactional
	PersonView assign(@PathVariable UUID id, @RequestBody OwnerChange request) {
		Person person = this.people.findById(id).orElseThrow(() -> Problems.notFound("person", id));
		TenantPrincipal caller = TenantContext.principal().orElseThrow();
		UUID owner = owner(request.ownerId(), caller);
		checkOwner(owner);
		if (caller.hasRole(Roles.TENANT_ADMIN)) {
			this.routing.assignByUser(person, owner, caller.subject(), this.clock.instant());
			return PersonView.of(person);
		}
		if (owner == null || !owner.toString().equals(caller.subject())) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN,
					"A rep takes a person for themselves: send {\"ownerId\": \"me\"}. Only a tenant-admin assigns "
							+ "people to others or unassigns them.");
		}
		if (owner.equals(person.ownerId())) {
			return PersonView.of(person);
		}
		if (person.ownerId() != null || !this.routing.take(person, owner, caller.subject(), this.clock.instant())) {
			UUID current = this.writer.storedOwner(id);
			if (owner.equals(current)) {
				return PersonView.of(person);
			}
			throw Problems.conflict("Someone else owns this person already"
					+ ((current != null) ? " (user " + current + ")" : "")
					+ ": only an unowned person can be taken. Take the next one from GET /api/v1/routing/unassigned, "
					+ "or ask a tenant-admin to reassign it.");
		}
		return PersonView.of(person);
	}

	private static UUID owner(String text, TenantPrincipal caller) {
		if (text == null) {
			return null;
		}
		if (text.trim().equalsIgnoreCase("me")) {
			try {
				return UUID.fromString(caller.subject());
			}
			catch (IllegalArgumentException ex) {
				throw InvalidInput.of("ownerId", "'me' needs a signed-in user; an API key is nobody");
			}
		}
		try {
			return UUID.fromString(text.trim());
		}
		catch (IllegalArgumentException ex) {
			throw InvalidInput.of("ownerId", "must be a user id, \"me\" or null");
		}
	}

	@PostMapping("/api/v1/accounts/{id}/owner")
	@PreAuthorize("hasAnyRole('tenant-admin', 'sdr', 'ae')")
	@Transactional
	AccountOwner assignAccount(@PathVariable UUID id, @RequestBody OwnerChange request) {
		Account account = this.accounts.findById(id).orElseThrow(() -> Problems.notFound("account", id));
		UUID owner = owner(request.ownerId(), TenantContext.principal().orElseThrow());
		checkOwner(owner);
		account.assignOwner(owner);
		return new AccountOwner(account.id(), owner);
	}

	private void checkOwner(UUID ownerId) {
		if (ownerId != null && !this.members.exists(ownerId)) {
			throw InvalidInput.of("ownerId", "no user " + ownerId + " in this tenant");
		}
	}

}
