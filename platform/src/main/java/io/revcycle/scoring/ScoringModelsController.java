package io.revcycle.scoring;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.revcycle.kernel.Audited;
import io.revcycle.http.CursorPage;
import io.revcycle.http.Problems;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.tenancy.TenantPrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/scoring-models}: drafts, proposals, approvals by both sides, back-tests.
 */
@RestController
class ScoringModelsController {

	private final ScoringModels models;

	private final SignOff signOff;

	private final Scoring scoring;

	private final Rescoring rescoring;

	private final Backtest backtest;

	private final Approvals approvals;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	ScoringModelsController(ScoringModels models, SignOff signOff, Scoring scoring, Rescoring rescoring,
			Backtest backtest, Approvals approvals, Clock clock, ApplicationEventPublisher events) {
		this.events = events;
		this.approvals = approvals;
		this.clock = clock;
		this.models = models;
		this.signOff = signOff;
		this.scoring = scoring;
		this.rescoring = rescoring;
		this.backtest = backtest;
	}

	record ModelView(UUID id, int version, String name, ScoringModel.Status status, ScoringDefinition definition,
			String createdBy, Instant createdAt, Instant proposedAt, Instant activatedAt,
			List<Approvals.View> approvals, Rescoring.Progress rescoring) {
	}

	record NewModel(@Size(max = 200, message = "must be at most 200 characters") String name,
			ScoringDefinition definition) {
	}

	record Approval(String side) {
	}

	/** The versions, newest first. */
	@GetMapping("/api/v1/scoring-models")
	@Transactional
	CursorPage<ModelView> list(@RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		this.scoring.active();
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		List<ScoringModel> rows = (after == null) ? this.models.findAllNewestFirst(Limit.of(size + 1))
				: this.models.findOlderThan((int) after.number(), Limit.of(size + 1));
		return CursorPage.of(rows, size, (m) -> new CursorPage.Position(m.createdAt(), m.version()), this::view);
	}

	@GetMapping("/api/v1/scoring-models/{id}")
	@Transactional(readOnly = true)
	ModelView get(@PathVariable UUID id) {
		return view(find(id));
	}

	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping("/api/v1/scoring-models")
	@PreAuthorize("hasAnyRole('tenant-admin', 'marketing')")
	@Transactional
	ResponseEntity<ModelView> create(@Valid @RequestBody(required = false) NewModel request) {
		ScoringModel model = this.signOff.draft((request != null) ? request.name() : null,
				(request != null) ? request.definition() : null, caller().subject());
		this.events.publishEvent(new Audited("scoring_model.drafted", "scoring-model:" + model.version(),
				this.scoring.active().definition(), this.scoring.definition(model)));
		return ResponseEntity.created(URI.create("/api/v1/scoring-models/" + model.id())).body(view(model));
	}

	@PostMapping("/api/v1/scoring-models/{id}/propose")
	@PreAuthorize("hasAnyRole('tenant-admin', 'marketing')")
	@Transactional
	ModelView propose(@PathVariable UUID id) {
		ScoringModel model = find(id);
		model.propose(this.clock.instant());
		this.events.publishEvent(Audited.of("scoring_model.proposed", "scoring-model:" + model.version()));
		return view(model);
	}

	@PostMapping("/api/v1/scoring-models/{id}/approvals")
	@PreAuthorize("hasAnyRole('marketing', 'sdr', 'ae')")
	@Transactional
	ModelView approve(@PathVariable UUID id, @RequestBody(required = false) Approval request) {
		ScoringModel model = find(id);
		TenantPrincipal caller = caller();
		boolean activated;
		ScoringDefinition before = this.scoring.active().definition();
		activated = this.signOff.approve(model, caller.subject(), Set.copyOf(caller.roles()),
				(request != null) ? request.side() : null);
		this.events.publishEvent(Audited.of("scoring_model.approved", "scoring-model:" + model.version()));
		if (activated) {
			this.events.publishEvent(new Audited("scoring_model.activated", "scoring-model:" + model.version(), before,
					this.scoring.definition(model)));
			this.rescoring.register(model.id());
			UUID tenant = caller.tenantId();
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					ScoringModelsController.this.rescoring.start(tenant, model.id());
				}
			});
		}
		return view(model);
	}

	@PostMapping("/api/v1/scoring-models/{id}/backtest")
	@PreAuthorize("hasAnyRole('tenant-admin', 'marketing', 'sdr', 'ae')")
	@Transactional(readOnly = true)
	Map<String, Object> backtest(@PathVariable UUID id) {
		ScoringModel model = find(id);
		Scoring.ActiveModel active = this.scoring.active();
		List<Backtest.Figures> figures = this.backtest.run(List.of(model, active.model()),
				List.of(this.scoring.definition(model), active.definition()));
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("model", figures.get(0));
		result.put("active", figures.get(1));
		return result;
	}

	private ScoringModel find(UUID id) {
		return this.models.findById(id).orElseThrow(() -> Problems.notFound("scoring model", id));
	}

	private ModelView view(ScoringModel model) {
		return new ModelView(model.id(), model.version(), model.name(), model.status(), this.scoring.definition(model),
				model.createdBy(), model.createdAt(), model.proposedAt(), model.activatedAt(),
				this.approvals.views(model.id()), this.rescoring.progress(model.id()));
	}

	private static TenantPrincipal caller() {
		return TenantContext.principal().orElseThrow();
	}

}
