package io.revcycle.connectors;

import java.util.List;

import io.revcycle.kernel.Exported;

import org.springframework.stereotype.Component;

/**
 * What this feature gives to the tenant's export: connector instances (never their
 * secrets), cursors and actions.
 */
@Component
class ConnectorExport implements Exported {

	@Override
	public List<Table> tables() {
		return List.of(new Exported.Table("connector_instances", "connector_instances", "id").hiding("secrets"),
				new Exported.Table("connector_cursors", "connector_cursors", "instance_id", "name"),
				new Exported.Table("connector_actions", "connector_actions", "id"));
	}

}
