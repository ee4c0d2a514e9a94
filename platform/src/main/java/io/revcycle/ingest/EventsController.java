package io.revcycle.ingest;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/events}: 1 to 1000 events. One invalid event rejects the whole call
 * (the problem names its index and field) and nothing is stored. A retried call answers
 * {@code duplicate} for what was stored before.
 */
@RestController
class EventsController {

	/**
	 * A call that races a concurrent one for the same new person, account or event is
	 * retried this often.
	 */
	private static final int ATTEMPTS = 5;

	/** Unique violation, deadlock, serialization failure. */
	private static final Set<String> RETRYABLE_STATES = Set.of("23505", "40P01", "40001");

	private final Ingest ingest;

	EventsController(Ingest ingest) {
		this.ingest = ingest;
	}

	record Batch(@NotNull(message = "is required") @Size(min = 1, max = 1000,
			message = "must hold 1 to 1000 events") List<@Valid @NotNull(message = "must be an event") Event> events) {
	}

	record Event(
			@NotBlank(message = "is required") @Pattern(regexp = "[a-z][a-z0-9_]{1,63}",
					message = "must be a lowercase event type such as page_view") String type,
			@NotNull(message = "is required (an ISO-8601 instant)") Instant occurredAt,
			@NotBlank(message = "is required") @Size(max = 100,
					message = "must be at most 100 characters") String source,
			@NotBlank(message = "is required") @Size(max = 200,
					message = "must be at most 200 characters") String externalId,
			@NotNull(message = "is required") @Valid PersonIn person, @Valid AccountIn account,
			@Size(max = 200, message = "must be at most 200 characters") String campaign,
			Map<String, Object> properties) {
	}

	record PersonIn(
			@Email(message = "must be an email address") @Size(max = 254,
					message = "must be at most 254 characters") String email,
			@Size(max = 200, message = "must be at most 200 characters") String firstName,
			@Size(max = 200, message = "must be at most 200 characters") String lastName,
			@Size(max = 200, message = "must be at most 200 characters") String title,
			@Size(max = 50, message = "must be at most 50 characters") String phone,
			@Size(max = 200, message = "must be at most 200 characters") String anonymousId,
			@Size(max = 200, message = "must be at most 200 characters") String externalId) {

		@AssertTrue(message = "needs an email, an anonymousId or an externalId")
		boolean isIdentified() {
			return notBlank(this.email) || notBlank(this.anonymousId) || notBlank(this.externalId);
		}

	}

	record AccountIn(
			@Pattern(regexp = "(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+",
					message = "must be a domain such as acme.com") String domain,
			@Size(max = 200, message = "must be at most 200 characters") String name,
			@Size(max = 200, message = "must be at most 200 characters") String industry,
			@PositiveOrZero(message = "must be zero or more") Integer employees,
			@PositiveOrZero(message = "must be zero or more") BigDecimal annualRevenue,
			@Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166 two-letter country code") String country) {
	}

	@PostMapping("/api/v1/events")
	Ingest.Outcome ingest(@Valid @RequestBody Batch batch) {
		for (int attempt = 1;; attempt++) {
			try {
				return this.ingest.ingest(batch.events()
					.stream()
					.map((e) -> new Ingest.Incoming(e.type(), e.occurredAt(), e.source(), e.externalId(),
							new Ingest.Who(e.person().email(), e.person().firstName(), e.person().lastName(),
									e.person().title(), e.person().phone(), e.person().anonymousId(),
									e.person().externalId()),
							(e.account() != null) ? new Ingest.Company(e.account().domain(), e.account().name(),
									e.account().industry(), e.account().employees(), e.account().annualRevenue(),
									e.account().country()) : null,
							e.campaign(), (e.properties() != null) ? e.properties() : Map.of()))
					.toList());
			}
			catch (RuntimeException ex) {
				if (attempt >= ATTEMPTS || !lostARace(ex)) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Whether a call failed only because a concurrent call created the same person,
	 * account or event first, or the two deadlocked: then a retry sees the other's rows
	 * and succeeds.
	 */
	static boolean lostARace(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql) {
				for (SQLException next = sql; next != null; next = next.getNextException()) {
					if (RETRYABLE_STATES.contains(next.getSQLState())) {
						return true;
					}
				}
			}
		}
		return false;
	}

	private static boolean notBlank(String value) {
		return value != null && !value.isBlank();
	}

}
