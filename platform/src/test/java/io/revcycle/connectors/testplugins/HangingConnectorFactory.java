package io.revcycle.connectors.testplugins;

import java.util.List;
import java.util.Set;

import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.PluginApi;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

/** A broken plugin: its webhook handler never returns (it even ignores interrupts). */
public class HangingConnectorFactory implements ConnectorFactory {

	@Override
	public ConnectorDescriptor descriptor() {
		return new ConnectorDescriptor("hanging", "Hanging", "1.0.0", PluginApi.REQUIRES,
				ConnectorDescriptor.Category.OTHER, "Never answers a webhook", Set.of("note"), Set.of(), Set.of());
	}

	@Override
	public ConfigSpec configSpec() {
		return new ConfigSpec(List.of());
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
				long until = System.nanoTime() + 60_000_000_000L;
				while (System.nanoTime() < until) {
					try {
						Thread.sleep(1000);
					}
					catch (InterruptedException ex) {
						// a badly written plugin swallows the interrupt and goes on
					}
				}
				return WebhookResult.accept(List.of());
			}

		};
	}

}
