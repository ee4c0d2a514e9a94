package io.revcycle.sla;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import io.revcycle.kernel.Audited;
import io.revcycle.cycle.Cycle;
import io.revcycle.http.CursorPage;
import io.revcycle.kernel.InvalidInput;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|PUT /api/v1/sla-policies}, {@code GET /api/v1/sla-breaches} and
 * {@code GET /api/v1/sla-timers}, the lists paginated and filtered.
 */
@RestController
class SlaController {

	/** The states a timer list can be filtered by. */
	static final Set<String> STATES = Set.of("open", "met", "breached", "cancelled");

	private final SlaPolicies settings;

	private final Timers timers;

	private final Breaches breaches;

	private final Cycle cycle;

	private final ApplicationEventPublisher events;

	SlaController(SlaPolicies settings, Timers timers, Breaches breaches, Cycle cycle,
			ApplicationEventPublisher events) {
		this.events = events;
		this.settings = settings;
		this.timers = timers;
		this.breaches = breaches;
		this.cycle = cycle;
	}

	@GetMapping("/api/v1/sla-policies")
	@Transactional(readOnly = true)
	SlaTerms policies() {
		return this.settings.current();
	}

	@PutMapping("/api/v1/sla-policies")
	@PreAuthorize("hasRole('tenant-admin')")
	@Transactional
	SlaTerms update(@RequestBody SlaTerms update) {
		SlaTerms before = this.settings.current();
		SlaTerms after = this.settings.save(update, this.cycle.stageNames());
		this.events.publishEvent(new Audited("sla_policies.changed", "sla-policies", before, after));
		return after;
	}

	/**
	 * Breach steps, newest first.
	 * @param personId only this person's
	 * @param stage only of this stage
	 */
	@GetMapping("/api/v1/sla-breaches")
	@Transactional(readOnly = true)
	CursorPage<Breaches.View> breaches(@RequestParam(required = false) UUID personId,
			@RequestParam(required = false) String stage, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		return CursorPage.of(this.breaches.page(personId, stage, after, size + 1), size,
				(b) -> new CursorPage.Position(b.at(), b.id()), (b) -> b);
	}

	/**
	 * Timers, newest first.
	 * @param personId only this person's
	 * @param state {@code open} (not closed yet, overdue or not), {@code met},
	 * {@code breached} (overdue, closed or not) or {@code cancelled}
	 * @param ownerId only those of this owner
	 * @param stage only of this stage
	 */
	@GetMapping("/api/v1/sla-timers")
	@Transactional(readOnly = true)
	CursorPage<Timers.View> timers(@RequestParam(required = false) UUID personId,
			@RequestParam(required = false) String state, @RequestParam(required = false) UUID ownerId,
			@RequestParam(required = false) String stage, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		String wanted = (state != null) ? state.trim().toLowerCase(Locale.ROOT) : null;
		if (wanted != null && !STATES.contains(wanted)) {
			throw InvalidInput.of("state", "must be one of " + List.copyOf(new java.util.TreeSet<>(STATES)));
		}
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		return CursorPage.of(this.timers.page(new Timers.Filter(personId, wanted, ownerId, stage), after, size + 1),
				size, (t) -> new CursorPage.Position(t.openedAt(), t.id()), (t) -> t);
	}

}
