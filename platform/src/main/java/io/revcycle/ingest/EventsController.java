package io.revcycle.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.revcycle.kernel.InvalidInput;
import io.revcycle.kernel.Money;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
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
 * (the problem names its index and field) and nothing is stored. A payment or refund
 * carries {@code "amount": {"amount", "currency"}}; the flat {@code properties.amount}
 * and {@code properties.currency} of earlier clients and connectors are read too. A
 * retried call answers {@code duplicate} for what was stored before. An event may name
 * its {@code actor}, the tenant user who did it (an id or an email): it is stored as
 * given, and counts as that user's only when it names one.
 */
@RestController
class EventsController {

	private final EventIntake intake;

	EventsController(EventIntake intake) {
		this.intake = intake;
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
			Map<String, Object> properties,
			@Size(max = 254, message = "must be at most 254 characters (a user id or email)") String actor,
			MoneyIn amount) {
	}

	/**
	 * Money as clients send it; checked as a whole by {@link Money#parse}.
	 *
	 * @param amount a decimal string such as {@code "12.50"}
	 * @param currency an ISO 4217 code such as {@code EUR}
	 */
	record MoneyIn(String amount, String currency) {
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
			@PositiveOrZero(message = "must be zero or more") @DecimalMax(value = "1e17",
					message = "must be less than 10^17") BigDecimal annualRevenue,
			@Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166 two-letter country code") String country) {
	}

	@PostMapping("/api/v1/events")
	EventIntake.Outcome ingest(@Valid @RequestBody Batch batch) {
		List<EventIntake.Incoming> events = new ArrayList<>(batch.events().size());
		InvalidInput.Collector problems = new InvalidInput.Collector();
		for (int i = 0; i < batch.events().size(); i++) {
			Event e = batch.events().get(i);
			Map<String, Object> properties = (e.properties() != null) ? e.properties() : Map.of();
			Money money = null;
			try {
				money = (e.amount() != null) ? Money.parse(e.amount().amount(), e.amount().currency())
						: EventIntake.moneyIn(properties);
			}
			catch (IllegalArgumentException ex) {
				problems.add("events[" + i + "]." + ((e.amount() != null) ? "amount" : "properties"), ex.getMessage());
			}
			events.add(new EventIntake.Incoming(e.type(), e.occurredAt(), e.source(), e.externalId(),
					new EventIntake.Who(e.person().email(), e.person().firstName(), e.person().lastName(),
							e.person().title(), e.person().phone(), e.person().anonymousId(), e.person().externalId()),
					(e.account() != null)
							? new EventIntake.Company(e.account().domain(), e.account().name(), e.account().industry(),
									e.account().employees(), e.account().annualRevenue(), e.account().country())
							: null,
					e.campaign(), properties, e.actor(), money));
		}
		problems.throwIfAny();
		return this.intake.submit(events);
	}

	private static boolean notBlank(String value) {
		return value != null && !value.isBlank();
	}

}
