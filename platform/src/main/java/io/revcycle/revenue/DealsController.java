package io.revcycle.revenue;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

import io.revcycle.http.CursorPage;
import io.revcycle.http.Problems;
import io.revcycle.kernel.InvalidInput;
import io.revcycle.kernel.Money;
import io.revcycle.people.Accounts;
import io.revcycle.people.People;
import io.revcycle.people.Person;
import io.revcycle.tenancy.Members;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.tenancy.TenantPrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|POST /api/v1/deals}, {@code GET /api/v1/deals/{id}}, {@code POST
 * /api/v1/deals/{id}/won} and {@code /lost}, and {@code GET /api/v1/payments}. Sales
 * roles and admins write deals; everyone who works the revenue cycle reads them.
 */
@RestController
@Transactional
@PreAuthorize("hasAnyRole('tenant-admin', 'sdr', 'ae', 'marketing', 'finance')")
class DealsController {

	private static final String SELLERS = "hasAnyRole('tenant-admin', 'sdr', 'ae')";

	private static final Set<String> STATUSES = Set.of("open", "won", "lost");

	private final Deals deals;

	private final Payments payments;

	private final People people;

	private final Members members;

	private final Accounts accounts;

	DealsController(Deals deals, Payments payments, People people, Members members, Accounts accounts) {
		this.accounts = accounts;
		this.deals = deals;
		this.payments = payments;
		this.people = people;
		this.members = members;
	}

	/**
	 * A deal to open.
	 *
	 * @param name what it is called
	 * @param personId the buyer
	 * @param accountId the buyer's company; the person's account when left out
	 * @param amount what it is worth
	 * @param ownerId the user who owns it; the person's owner when left out, else the
	 * caller
	 * @param expectedCloseDate when it should close, or null
	 */
	record NewDeal(
			@NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters") String name,
			@NotNull(message = "is required") UUID personId, UUID accountId,
			@NotNull(message = "is required, as {\"amount\": \"12000.00\", \"currency\": \"EUR\"}") Money amount,
			UUID ownerId, LocalDate expectedCloseDate) {
	}

	/**
	 * Winning a deal.
	 *
	 * @param amount what it was won for, when that differs from its amount
	 */
	record Won(Money amount) {
	}

	record Lost(@NotBlank(message = "is required: why the deal was lost") @Size(max = 1000,
			message = "must be at most 1000 characters") String reason) {
	}

	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping("/api/v1/deals")
	@PreAuthorize(SELLERS)
	ResponseEntity<Deals.Deal> open(@Valid @RequestBody NewDeal request) {
		InvalidInput.Collector problems = new InvalidInput.Collector();
		problems.check(request.amount().amount().signum() < 0, "amount", "must not be negative");
		problems.check(request.ownerId() != null && !this.members.exists(request.ownerId()), "ownerId",
				"is not a user of this tenant");
		problems.check(request.accountId() != null && !this.accounts.existsById(request.accountId()), "accountId",
				"names no account of this tenant");
		problems.throwIfAny();
		this.deals.lockPerson(request.personId());
		Person person = this.people.findById(request.personId())
			.orElseThrow(() -> InvalidInput.of("personId", "names no person of this tenant"));
		UUID accountId = (request.accountId() != null) ? request.accountId() : person.accountId();
		UUID owner = (request.ownerId() != null) ? request.ownerId()
				: (person.ownerId() != null) ? person.ownerId() : callerUser();
		Deals.Deal deal = this.deals.open(person, request.name().trim(), accountId, owner, request.amount(),
				request.expectedCloseDate(), caller());
		return ResponseEntity.created(URI.create("/api/v1/deals/" + deal.id())).body(deal);
	}

	@GetMapping("/api/v1/deals")
	CursorPage<Deals.Deal> list(@RequestParam(required = false) String status,
			@RequestParam(required = false) UUID personId, @RequestParam(required = false) UUID accountId,
			@RequestParam(required = false) String ownerId, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		if (status != null && !STATUSES.contains(status)) {
			throw Problems.badRequest("status must be open, won or lost.");
		}
		UUID owner = null;
		if (ownerId != null) {
			owner = "me".equalsIgnoreCase(ownerId) ? callerUser() : uuid(ownerId, "ownerId");
		}
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		return CursorPage.of(
				this.deals.page(new Deals.Filter(status, personId, accountId, owner),
						(after != null) ? after.at() : null, (after != null) ? after.uuid() : null, size + 1),
				size, (d) -> new CursorPage.Position(d.openedAt(), d.id()), (d) -> d);
	}

	@GetMapping("/api/v1/deals/{id}")
	Deals.Deal get(@PathVariable UUID id) {
		return this.deals.find(id).orElseThrow(() -> Problems.notFound("deal", id));
	}

	@PostMapping("/api/v1/deals/{id}/won")
	@PreAuthorize(SELLERS)
	Deals.Deal won(@PathVariable UUID id, @RequestBody(required = false) Won request) {
		Deals.Deal deal = lockedDeal(id);
		Money amount = (request != null && request.amount() != null) ? request.amount() : deal.amount();
		if (amount.amount().signum() < 0) {
			throw InvalidInput.of("amount", "must not be negative");
		}
		return this.deals.win(deal, person(deal), amount, caller());
	}

	@PostMapping("/api/v1/deals/{id}/lost")
	@PreAuthorize(SELLERS)
	Deals.Deal lost(@PathVariable UUID id, @Valid @RequestBody Lost request) {
		Deals.Deal deal = lockedDeal(id);
		return this.deals.lose(deal, person(deal), request.reason().trim(), caller());
	}

	/**
	 * A payment or refund as the API shows it.
	 *
	 * @param refundOf for a refund, the payment it gives cash back from, when known
	 */
	record PaymentView(UUID id, String kind, UUID personId, Money amount, Instant at, String source, String externalId,
			UUID refundOf) {

		static PaymentView of(Payments.Payment p) {
			return new PaymentView(p.id(), p.kind(), p.personId(), p.amount(), p.at(), p.source(), p.externalId(),
					p.refundOf());
		}

	}

	/**
	 * Payments and refunds, newest first: all of them, one person's, or those of the
	 * people of an account ({@code accountId}; an account of another tenant answers 404,
	 * as one that does not exist).
	 */
	@GetMapping("/api/v1/payments")
	@PreAuthorize("hasAnyRole('tenant-admin', 'marketing', 'finance', 'ae')")
	@Transactional(readOnly = true)
	CursorPage<PaymentView> payments(@RequestParam(required = false) UUID personId,
			@RequestParam(required = false) UUID accountId, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		java.util.List<UUID> accountPeople = null;
		if (accountId != null) {
			if (this.accounts.findById(accountId).isEmpty()) {
				throw Problems.notFound("account", accountId);
			}
			accountPeople = this.people.idsInAccount(accountId);
		}
		return CursorPage.of(
				this.payments.page(personId, accountPeople, (after != null) ? after.at() : null,
						(after != null) ? after.uuid() : null, size + 1),
				size, (p) -> new CursorPage.Position(p.at(), p.id()), PaymentView::of);
	}

	/** The deal, its person locked first (the order ingest takes), then the deal read. */
	private Deals.Deal lockedDeal(UUID id) {
		Deals.Deal deal = get(id);
		this.deals.lockPerson(deal.personId());
		return get(id);
	}

	private Person person(Deals.Deal deal) {
		return this.people.findById(deal.personId()).orElseThrow(() -> Problems.notFound("deal", deal.id()));
	}

	private static String caller() {
		return TenantContext.principal().map(TenantPrincipal::subject).orElse("system");
	}

	/** The calling user's id, or null for an API key. */
	private static UUID callerUser() {
		String subject = caller();
		try {
			return subject.startsWith("api-key:") ? null : UUID.fromString(subject);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static UUID uuid(String text, String name) {
		try {
			return UUID.fromString(text.trim());
		}
		catch (IllegalArgumentException ex) {
			throw Problems.badRequest(name + " must be a user id or 'me'.");
		}
	}

}
