package io.revcycle.audit;

import java.util.List;

import io.revcycle.kernel.Exported;

import org.springframework.stereotype.Component;

/**
 * What this feature gives to the tenant's export: the audit log.
 */
@Component
class AuditExport implements Exported {

	@Override
	public List<Table> tables() {
		return List.of(new Exported.Table("audit", "audit_entries", "id"));
	}

}
