package io.revcycle.plugin.testkit.plugins;

import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

/** Hangs in every webhook until interrupted. */
public class HangingConnectorFactory extends SimpleConnectorFactory {

	public HangingConnectorFactory() {
		super("hanging");
	}

	@Override
	protected CheckResult check(ConnectorContext context) {
		return CheckResult.ok("fine");
	}

	@Override
	protected WebhookResult handleWebhook(ConnectorContext context, WebhookRequest request) {
		try {
			Thread.sleep(60_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return WebhookResult.reject("interrupted");
	}

}
