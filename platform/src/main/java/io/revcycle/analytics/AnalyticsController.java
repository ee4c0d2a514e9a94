package io.revcycle.analytics;

import java.math.BigDecimal;
import java.time.Clock;

import io.revcycle.kernel.InvalidInput;
import io.revcycle.revenue.AttributionModel;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/analytics/campaigns}, {@code /funnel}, {@code /pipeline} and
 * {@code /revenue-plan}. Windows are {@code from} (inclusive) and {@code to} (exclusive),
 * ISO dates or instants, the year before now by default; {@code asOf} answers as the data
 * stood then. Marketing, finance and admins read every report; sales roles the funnel,
 * the pipeline and the plan.
 */
@RestController
// not read-only: a tenant's first read stores its default stage model
@Transactional
@PreAuthorize("hasAnyRole('tenant-admin', 'marketing', 'finance', 'sdr', 'ae')")
class AnalyticsController {

	private final CampaignReport campaigns;

	private final Funnel funnel;

	private final Pipeline pipeline;

	private final RevenuePlan plan;

	private final Clock clock;

	AnalyticsController(CampaignReport campaigns, Funnel funnel, Pipeline pipeline, RevenuePlan plan, Clock clock) {
		this.campaigns = campaigns;
		this.funnel = funnel;
		this.pipeline = pipeline;
		this.plan = plan;
		this.clock = clock;
	}

	@GetMapping("/api/v1/analytics/campaigns")
	@PreAuthorize("hasAnyRole('tenant-admin', 'marketing', 'finance')")
	CampaignReport.Report campaigns(@RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) String model,
			@RequestParam(required = false) String asOf) {
		AttributionModel chosen = (model == null) ? AttributionModel.DEFAULT : AttributionModel.of(model)
			.orElseThrow(() -> InvalidInput.of("model", "must be one of " + AttributionModel.ids()));
		return this.campaigns.report(Window.of(from, to, asOf, this.clock.instant()), chosen);
	}

	@GetMapping("/api/v1/analytics/funnel")
	Funnel.Report funnel(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) String asOf) {
		return this.funnel.report(Window.of(from, to, asOf, this.clock.instant()));
	}

	@GetMapping("/api/v1/analytics/pipeline")
	Pipeline.Report pipeline() {
		return this.pipeline.report();
	}

	@GetMapping("/api/v1/analytics/revenue-plan")
	RevenuePlan.Plan revenuePlan(@RequestParam(required = false) String target,
			@RequestParam(required = false) String currency, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to) {
		if (target == null || target.isBlank()) {
			throw InvalidInput.of("target", "is required: the revenue to reach, such as 250000");
		}
		BigDecimal amount;
		try {
			amount = new BigDecimal(target.trim());
		}
		catch (NumberFormatException ex) {
			throw InvalidInput.of("target", "must be a decimal number such as 250000");
		}
		return this.plan.plan(Window.of(from, to, null, this.clock.instant()), amount,
				(currency != null && !currency.isBlank()) ? currency.trim() : null);
	}

}
