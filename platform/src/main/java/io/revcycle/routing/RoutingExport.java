package io.revcycle.routing;

import java.util.List;

import io.revcycle.kernel.Exported;

import org.springframework.stereotype.Component;

/**
 * What this feature gives to the tenant's export: routing settings, reps and assignments.
 */
@Component
class RoutingExport implements Exported {

	@Override
	public List<Table> tables() {
		return List.of(new Exported.Table("routing_settings", "routing_settings"),
				new Exported.Table("routing_reps", "routing_reps", "user_id"),
				new Exported.Table("routing_assignments", "routing_assignments", "id"));
	}

}
