package io.revcycle.plugin.testkit.plugins;

import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

/** Hangs in every webhook until interrupted. */
public class HangingConnectorFactory implements ConnectorFactory {

	@Override
	public ConnectorDescriptor descriptor() {
		return Descriptors.of("hanging");
	}

	@Override
	public ConfigSpec configSpec() {
		return Descriptors.SPEC;
	}

	@Override
	public Connector create(ConnectorContext context) {
		return new Connector() {

			@Override
			public CheckResult check() {
				return CheckResult.ok("fine");
			}

			@Override
			public WebhookResult handleWebhook(WebhookRequest request) {
				try {
					Thread.sleep(60_000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return WebhookResult.reject("interrupted");
			}

		};
	}

}
