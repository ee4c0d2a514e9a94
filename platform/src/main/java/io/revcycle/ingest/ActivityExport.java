package io.revcycle.ingest;

import java.util.List;

import io.revcycle.kernel.Exported;

import org.springframework.stereotype.Component;

/**
 * What this feature gives to the tenant's export: the activities.
 */
@Component
class ActivityExport implements Exported {

	@Override
	public List<Table> tables() {
		return List.of(new Exported.Table("activities", "activities", "id"));
	}

}
