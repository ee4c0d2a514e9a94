package io.revcycle.webhooks;

import java.util.List;

import io.revcycle.kernel.Exported;

import org.springframework.stereotype.Component;

/**
 * What this feature gives to the tenant's export: webhook endpoints (never their secrets)
 * and delivery attempts.
 */
@Component
class WebhookExport implements Exported {

	@Override
	public List<Table> tables() {
		return List.of(new Exported.Table("webhooks", "webhook_endpoints", "id").hiding("secret", "previous_secret"),
				new Exported.Table("webhook_attempts", "webhook_attempts", "id"));
	}

}
