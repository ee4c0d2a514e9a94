package io.revcycle.timeline;

import java.util.List;

import io.revcycle.kernel.Exported;

import org.springframework.stereotype.Component;

/**
 * What this feature gives to the tenant's export: the timelines.
 */
@Component
class TimelineExport implements Exported {

	@Override
	public List<Table> tables() {
		return List.of(new Exported.Table("timeline", "timeline_entries", "id"));
	}

}
