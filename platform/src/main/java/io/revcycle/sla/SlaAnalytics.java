package io.revcycle.sla;

import java.util.List;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/analytics/sla}: SLA compliance per stage, team and owner (share of
 * timers met, median and p90 time to satisfy), and breaches by escalation step.
 */
@RestController
class SlaAnalytics {

	private final Compliance compliance;

	SlaAnalytics(Compliance compliance) {
		this.compliance = compliance;
	}

	/**
	 * The report.
	 *
	 * @param byStage per stage
	 * @param byTeam per stage and team
	 * @param byOwner per stage and owner
	 * @param breachesByStep breaches per stage and escalation step
	 */
	record Report(List<Compliance.Row> byStage, List<Compliance.Row> byTeam, List<Compliance.Row> byOwner,
			List<Compliance.StepCount> breachesByStep) {
	}

	@GetMapping("/api/v1/analytics/sla")
	@Transactional(readOnly = true)
	Report compliance() {
		return new Report(this.compliance.byStage(), this.compliance.byTeam(), this.compliance.byOwner(),
				this.compliance.breachesByStep());
	}

}
