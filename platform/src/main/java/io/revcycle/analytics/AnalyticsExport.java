package io.revcycle.analytics;

import java.util.List;

import io.revcycle.kernel.Exported;

import org.springframework.stereotype.Component;

/**
 * What this feature gives to the tenant's export: the funnel read model.
 */
@Component
class AnalyticsExport implements Exported {

	@Override
	public List<Table> tables() {
		return List.of(new Exported.Table("stage_stays", "stage_stays", "id"));
	}

}
