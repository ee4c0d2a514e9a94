package io.revcycle.scoring;

import java.util.List;

import io.revcycle.kernel.Exported;

import org.springframework.stereotype.Component;

/**
 * What this feature gives to the tenant's export: scoring models with their approvals and
 * rescoring runs.
 */
@Component
class ScoringExport implements Exported {

	@Override
	public List<Table> tables() {
		return List.of(new Exported.Table("scoring_models", "scoring_models", "id"),
				new Exported.Table("scoring_model_approvals", "scoring_model_approvals", "model_id", "side"),
				new Exported.Table("rescoring_runs", "rescoring_runs", "model_id"));
	}

}
