package io.revcycle.outbox;

import java.util.List;

import io.revcycle.kernel.Exported;

import org.springframework.stereotype.Component;

/**
 * What this feature gives to the tenant's export: the outbox.
 */
@Component
class OutboxExport implements Exported {

	@Override
	public List<Table> tables() {
		return List.of(new Exported.Table("outbox", "outbox", "id"));
	}

}
