package io.revcycle.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.revcycle.jobs.Job;
import io.revcycle.jobs.Jobs;
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

	private final Jobs jobs;

	EventsController(EventIntake intake, Jobs jobs) {
		this.intake = intake;
		this.jobs = jobs;
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

	/**
	 * {@code POST /api/v1/events/import}: an NDJSON file, one event per line as this API
	 * takes it, imported by a background job; 202 with the job.
	 */
	@io.swagger.v3.oas.annotations.parameters.RequestBody(
			description = "Newline-delimited JSON: one event per " + "line, each as POST /api/v1/events takes it",
			required = true,
			content = { @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/x-ndjson",
					schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string")) })
	@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202",
			description = "The job that imports the file (see GET /api/v1/jobs/{id})",
			content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json",
					schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = Job.class)))
	@PostMapping(path = "/api/v1/events/import", consumes = { "application/x-ndjson", "application/jsonl" })
	org.springframework.http.ResponseEntity<Job> importEvents(jakarta.servlet.http.HttpServletRequest request)
			throws java.io.IOException {
		return Jobs.accepted(this.jobs.submit(EventsImportJob.KIND, "application/x-ndjson", request.getInputStream()));
	}

	@PostMapping("/api/v1/events")
	EventIntake.Outcome ingest(@Valid @RequestBody Batch batch) {
		List<EventIntake.Incoming> events = new ArrayList<>(batch.events().size());
		InvalidInput.Collector problems = new InvalidInput.Collector();
		for (int i = 0; i < batch.events().size(); i++) {
			events.add(incoming(batch.events().get(i), "events[" + i + "].", problems));
		}
		problems.throwIfAny();
		return this.intake.submit(events);
	}

	/**
	 * An event as the intake takes it; a problem with its money is added to the problems,
	 * under the event's path.
	 */
	static EventIntake.Incoming incoming(Event e, String path, InvalidInput.Collector problems) {
		Map<String, Object> properties = (e.properties() != null) ? e.properties() : Map.of();
		Money money = null;
		try {
			money = (e.amount() != null) ? Money.parse(e.amount().amount(), e.amount().currency())
					: EventIntake.moneyIn(properties);
		}
		catch (IllegalArgumentException ex) {
			problems.add(path + ((e.amount() != null) ? "amount" : "properties"), ex.getMessage());
		}
		return new EventIntake.Incoming(e.type(), e.occurredAt(), e.source(), e.externalId(),
				new EventIntake.Who(e.person().email(), e.person().firstName(), e.person().lastName(),
						e.person().title(), e.person().phone(), e.person().anonymousId(), e.person().externalId()),
				(e.account() != null)
						? new EventIntake.Company(e.account().domain(), e.account().name(), e.account().industry(),
								e.account().employees(), e.account().annualRevenue(), e.account().country())
						: null,
				e.campaign(), properties, e.actor(), money);
	}

	private static boolean notBlank(String value) {
		return value != null && !value.isBlank();
	}

}
