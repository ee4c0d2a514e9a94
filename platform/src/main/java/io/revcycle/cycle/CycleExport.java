package io.revcycle.cycle;

import java.util.List;

import io.revcycle.kernel.Exported;

import org.springframework.stereotype.Component;

/**
 * What this feature gives to the tenant's export: stage model versions with their
 * approvals, and the stage history.
 */
@Component
class CycleExport implements Exported {

	@Override
	public List<Table> tables() {
		return List.of(new Exported.Table("stage_models", "stage_models", "version"),
				new Exported.Table("stage_model_approvals", "stage_model_approvals", "model_id", "side"),
				new Exported.Table("stage_history", "stage_history", "id"));
	}

}
