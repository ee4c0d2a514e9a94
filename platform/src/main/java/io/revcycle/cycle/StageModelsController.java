package io.revcycle.cycle;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.revcycle.http.CursorPage;
import io.revcycle.http.Problems;
import io.revcycle.kernel.Audited;
import io.revcycle.kernel.Conflict;
import io.revcycle.kernel.InvalidInput;
import io.revcycle.tenancy.Roles;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.tenancy.TenantPrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.context.ApplicationEventPublisher;
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
 * {@code /api/v1/stage-models}: the versions of the stage model and the definition both
 * teams sign. A draft (tenant-admin, marketing, sdr, ae) is proposed, then comes into
 * force only when a marketing user and a sales user (SDR or AE), two different people,
 * both approved it; the version in force before is retired and kept.
 */
@RestController
class StageModelsController {

	private static final String MARKETING = "marketing";

	private static final String SALES = "sales";

	private final StageModels models;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	StageModelsController(StageModels models, ApplicationEventPublisher events, Clock clock) {
		this.models = models;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * A version as the API shows it.
	 *
	 * @param id the id
	 * @param version the version number
	 * @param name its name
	 * @param status {@code DRAFT}, {@code PROPOSED}, {@code ACTIVE} or {@code RETIRED}
	 * @param signed whether a marketing user and a sales user both approved it
	 * @param definition the stages (each with its plain-language definition, entry and
	 * exit criteria), the transitions and the fast-track window
	 * @param approvals the approvals so far
	 */
	record ModelView(UUID id, int version, String name, String status, boolean signed, StageModelDefinition definition,
			String createdBy, Instant createdAt, Instant proposedAt, Instant activatedAt,
			List<StageModels.Approval> approvals) {
	}

	record NewModel(@Size(max = 200, message = "must be at most 200 characters") String name,
			StageModelDefinition definition) {
	}

	record Approval(String side) {
	}

	@GetMapping("/api/v1/stage-models")
	@Transactional
	CursorPage<ModelView> list(@RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		return CursorPage.of(this.models.page((after != null) ? (int) after.number() : null, size + 1), size,
				(m) -> new CursorPage.Position(m.createdAt(), m.version()), this::view);
	}

	@GetMapping("/api/v1/stage-models/{id}")
	@Transactional(readOnly = true)
	ModelView get(@PathVariable UUID id) {
		return view(find(id));
	}

	/**
	 * A draft, from the definition given or (without one) a copy of the model in force.
	 */
	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping("/api/v1/stage-models")
	@PreAuthorize("hasAnyRole('tenant-admin', 'marketing', 'sdr', 'ae')")
	@Transactional
	ResponseEntity<ModelView> create(@Valid @RequestBody(required = false) NewModel request) {
		StageModelDefinition definition = (request != null && request.definition() != null) ? request.definition()
				: this.models.current().definition();
		definition.validate();
		StageModels.Stored draft = this.models.draft((request != null) ? request.name() : null, definition,
				caller().subject());
		this.events.publishEvent(new Audited("stage_model.drafted", "stage-model:" + draft.version(),
				this.models.current().definition(), definition));
		return ResponseEntity.created(URI.create("/api/v1/stage-models/" + draft.id())).body(view(draft));
	}

	@PostMapping("/api/v1/stage-models/{id}/propose")
	@PreAuthorize("hasAnyRole('tenant-admin', 'marketing', 'sdr', 'ae')")
	@Transactional
	ModelView propose(@PathVariable UUID id) {
		StageModels.Stored model = lock(id);
		if (!"DRAFT".equals(model.status())) {
			throw new Conflict(
					"Only a draft can be proposed; version " + model.version() + " is " + model.status() + ".");
		}
		if (model.definition() == null) {
			throw new Conflict("Version " + model.version() + " cannot be read; draft a new version.");
		}
		model.definition().validate();
		this.models.propose(id, this.clock.instant());
		this.events.publishEvent(Audited.of("stage_model.proposed", "stage-model:" + model.version()));
		return view(find(id));
	}

	/**
	 * An approval, by a marketing user for marketing or an SDR or AE for sales; the
	 * second side's approval puts the version in force.
	 */
	@PostMapping("/api/v1/stage-models/{id}/approvals")
	@PreAuthorize("hasAnyRole('marketing', 'sdr', 'ae')")
	@Transactional
	ModelView approve(@PathVariable UUID id, @RequestBody(required = false) Approval request) {
		StageModels.Stored model = lock(id);
		TenantPrincipal caller = caller();
		String side = side(Set.copyOf(caller.roles()), (request != null) ? request.side() : null);
		if (!"PROPOSED".equals(model.status())) {
			throw new Conflict("Only a proposed model can be approved; version " + model.version() + " is "
					+ model.status() + ".");
		}
		Map<String, String> approvals = new HashMap<>();
		this.models.approvals(id).forEach((a) -> approvals.put(a.side(), a.userId()));
		if (approvals.containsKey(side)) {
			throw new Conflict("The " + side + " side has approved version " + model.version()
					+ " already; it needs the other side's approval.");
		}
		if (approvals.containsValue(caller.subject())) {
			throw new Conflict("You approved this version for the other side already: marketing and sales must be "
					+ "two different people.");
		}
		Instant now = this.clock.instant();
		this.models.approve(id, caller.subject(), side, now);
		this.events.publishEvent(Audited.of("stage_model.approved", "stage-model:" + model.version() + ":" + side));
		approvals.put(side, caller.subject());
		if (approvals.containsKey(MARKETING) && approvals.containsKey(SALES)) {
			StageModelDefinition before = this.models.current().definition();
			this.models.activate(id, now);
			this.events.publishEvent(
					new Audited("stage_model.activated", "stage-model:" + model.version(), before, model.definition()));
		}
		return view(find(id));
	}

	private static String side(Set<String> roles, String requested) {
		boolean marketing = roles.contains(Roles.MARKETING);
		boolean sales = roles.contains(Roles.SDR) || roles.contains(Roles.AE);
		if (requested != null) {
			if ((MARKETING.equals(requested) && marketing) || (SALES.equals(requested) && sales)) {
				return requested;
			}
			throw new SecurityException("You cannot approve for the " + requested + " side with the roles " + roles
					+ ": marketing approves with the marketing role, sales with sdr or ae.");
		}
		if (marketing && sales) {
			throw InvalidInput.of("side",
					"you hold marketing and sales roles; say which side you approve for ('marketing' or 'sales')");
		}
		return marketing ? MARKETING : SALES;
	}

	private StageModels.Stored find(UUID id) {
		return this.models.find(id).orElseThrow(() -> Problems.notFound("stage model", id));
	}

	private StageModels.Stored lock(UUID id) {
		return this.models.lock(id).orElseThrow(() -> Problems.notFound("stage model", id));
	}

	private ModelView view(StageModels.Stored model) {
		return new ModelView(model.id(), model.version(), model.name(), model.status(), model.signed(),
				model.definition(), model.createdBy(), model.createdAt(), model.proposedAt(), model.activatedAt(),
				this.models.approvals(model.id()));
	}

	private static TenantPrincipal caller() {
		return TenantContext.principal().orElseThrow();
	}

}
