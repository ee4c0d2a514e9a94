package io.revcycle.connectors.testplugins;

import java.util.List;
import java.util.Set;

import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.PluginApi;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

/**
 * A connector that misbehaves as its instance's {@code mode} says, for the fault harness:
 * {@code hang} never answers a webhook (and ignores interrupts), {@code throw} throws,
 * {@code flood} writes 2,000 log lines per webhook, {@code ok} turns the body (an id)
 * into a note of person {@code <id>@hooks.example}.
 */
public class FaultyConnectorFactory implements ConnectorFactory {

	@Override
	public ConnectorDescriptor descriptor() {
		return new ConnectorDescriptor("faulty", "Faulty", "1.0.0", PluginApi.REQUIRES,
				ConnectorDescriptor.Category.OTHER, "Hangs, throws or floods the log, as configured", Set.of("note"),
				Set.of(), Set.of());
	}

	@Override
	public ConfigSpec configSpec() {
		return ConfigSpec.of(ConfigField.oneOf("mode", "ok", "hang", "throw", "flood").asRequired());
	}

	@Override
	public Connector create(ConnectorContext context) {
		String mode = context.config().require("mode");
		return new Connector() {

			@Override
			public CheckResult check() {
				return CheckResult.ok(mode);
			}

			@Override
			public WebhookResult handleWebhook(WebhookRequest request) {
				switch (mode) {
					case "hang" -> {
						long until = System.nanoTime() + 60_000_000_000L;
						while (System.nanoTime() < until) {
							try {
								Thread.sleep(1000);
							}
							catch (InterruptedException ex) {
								// a badly written plugin swallows the interrupt and goes
								// on
							}
						}
					}
					case "throw" -> throw new IllegalStateException("a plugin's own bug");
					case "flood" -> {
						for (int i = 0; i < 2000; i++) {
							context.logger()
								.log(System.Logger.Level.WARNING, "line {0} of a plugin that writes too much: {1}", i,
										"x".repeat(200));
						}
					}
					default -> {
						String id = request.bodyText().trim();
						return WebhookResult.accept(List.of(Event.of("note", request.receivedAt(), id,
								Event.Person.byEmail(id + "@hooks.example"))));
					}
				}
				return WebhookResult.accept(List.of());
			}

		};
	}

}
