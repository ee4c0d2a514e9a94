package io.revcycle.notifications;

import java.util.List;

import io.revcycle.kernel.Exported;

import org.springframework.stereotype.Component;

/**
 * What this feature gives to the tenant's export: the notifications and the alert rules.
 */
@Component
class NotificationExport implements Exported {

	@Override
	public List<Table> tables() {
		return List.of(new Exported.Table("notifications", "notifications", "id"),
				new Exported.Table("alert_rules", "alert_rules"));
	}

}
