package io.revcycle.sla;

import java.util.List;

import io.revcycle.kernel.Exported;

import org.springframework.stereotype.Component;

/**
 * What this feature gives to the tenant's export: SLA terms and calendar, timers and
 * breaches.
 */
@Component
class SlaExport implements Exported {

	@Override
	public List<Table> tables() {
		return List.of(new Exported.Table("sla_settings", "sla_settings"),
				new Exported.Table("sla_timers", "sla_timers", "id"),
				new Exported.Table("sla_breaches", "sla_breaches", "id"));
	}

}
