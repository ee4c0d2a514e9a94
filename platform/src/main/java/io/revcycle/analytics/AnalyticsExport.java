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
		return List.of(new Exported.Table("stage_stays", "stage_stays", "id"),
				new Exported.Table("campaign_conversions", "campaign_conversions", "person_id", "campaign_id", "stage"),
				new Exported.Table("conversion_days", "conversion_days", "day", "campaign_id", "stage"),
				new Exported.Table("stay_days", "stay_days", "day", "stage", "owner_id", "next_stage", "reason"),
				new Exported.Table("stay_durations", "stay_durations", "day", "stage", "owner_id", "bucket"));
	}

}
