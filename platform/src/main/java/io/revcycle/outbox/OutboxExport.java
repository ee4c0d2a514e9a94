package io.revcycle.outbox;

import java.util.List;

import io.revcycle.kernel.Exported;

import org.springframework.stereotype.Component;

/**
 * What this feature gives to the tenant's export: the outbox and the payloads of its
 * events.
 */
@Component
class OutboxExport implements Exported {

	@Override
	public List<Table> tables() {
		return List.of(new Exported.Table("outbox", "outbox", "id"),
				new Exported.Table("outbox_payloads", "outbox_payloads", "event_id"));
	}

}
