package io.revcycle.plugin.testkit.plugins;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

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

/** Gets wrong what the contract checks: the suite must fail it clause by clause. */
public class SloppyConnectorFactory implements ConnectorFactory {

	@Override
	public ConnectorDescriptor descriptor() {
		return new ConnectorDescriptor("sloppy", "Sloppy", "1.0", PluginApi.REQUIRES,
				ConnectorDescriptor.Category.OTHER, "Wrong in every way the contract checks", Set.of("Note"), Set.of(),
				Set.of("https://api.sloppy.example/"));
	}

	@Override
	public ConfigSpec configSpec() {
		return ConfigSpec.of(ConfigField.string("apiKey").asRequired().asSecret());
	}

	@Override
	public Connector create(ConnectorContext context) {
		return new Connector() {

			@Override
			public CheckResult check() {
				// accepts any key, and echoes it (the host masks it in the message)
				return CheckResult.ok("key " + context.config().require("apiKey") + " accepted");
			}

			@Override
			public WebhookResult handleWebhook(WebhookRequest request) {
				// verifies nothing, invents ids, identifies nobody, and stores the key in
				// the event (which the host does not edit)
				Event event = Event.of("note", Instant.now(), UUID.randomUUID().toString(),
						new Event.Person(null, "Ada", context.config().require("apiKey"), null, null, null, null));
				return WebhookResult.accept(List.of(event));
			}

		};
	}

}
