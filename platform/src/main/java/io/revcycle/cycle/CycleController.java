package io.revcycle.cycle;

import java.time.Clock;
import java.util.Set;
import java.util.UUID;

import io.revcycle.kernel.Audited;
import io.revcycle.http.Problems;
import io.revcycle.people.People;
import io.revcycle.people.Person;
import io.revcycle.people.PersonView;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.tenancy.TenantPrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.context.ApplicationEventPublisher;
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

	private final ApplicationEventPublisher events;

	private final StageModels models;

	CycleController(Cycle cycle, People people, Clock clock, StageModels models, ApplicationEventPublisher events) {
		this.models = models;
		this.events = events;
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
		if (this.models.everSigned()) {
			throw Problems.conflict("Marketing and sales signed this tenant's stage model: a change is a proposal "
					+ "both sides approve. Draft it with POST /api/v1/stage-models, then propose it.");
		}
		Cycle.Model before = this.cycle.model();
		Cycle.Model after = this.cycle.publish(definition,
				TenantContext.principal().map(TenantPrincipal::subject).orElse(null));
		this.events.publishEvent(new Audited("stage_model.published", "stage-model:" + after.version(), before, after));
		return after;
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
