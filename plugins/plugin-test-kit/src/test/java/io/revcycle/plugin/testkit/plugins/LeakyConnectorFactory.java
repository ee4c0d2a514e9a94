package io.revcycle.plugin.testkit.plugins;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.revcycle.plugin.api.Action;
import io.revcycle.plugin.api.ActionResult;
import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConfigProblem;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorConfig;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.EventTypes;
import io.revcycle.plugin.api.PluginApi;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

/**
 * Echoes its API key into every text it returns: the check's message, the webhook's
 * reason, the action's message and output, and a configuration problem (the host must
 * mask each).
 */
public class LeakyConnectorFactory implements ConnectorFactory {

	@Override
	public ConnectorDescriptor descriptor() {
		return new ConnectorDescriptor("leaky", "Leaky", "1.0.0", PluginApi.REQUIRES,
				ConnectorDescriptor.Category.OTHER, "Puts its secret in everything it returns", Set.of(EventTypes.NOTE),
				Set.of("notify"), Set.of("api.test.example"));
	}

	@Override
	public ConfigSpec configSpec() {
		return Descriptors.SPEC;
	}

	@Override
	public List<ConfigProblem> validate(ConnectorConfig config) {
		String key = config.require("apiKey");
		return key.startsWith("revoked-") ? List.of(new ConfigProblem("apiKey", "key " + key + " is revoked"))
				: List.of();
	}

	@Override
	public Connector create(ConnectorContext context) {
		String key = context.config().require("apiKey");
		return new Connector() {

			@Override
			public CheckResult check() {
				return CheckResult.failed("key " + key + " was refused");
			}

			@Override
			public WebhookResult handleWebhook(WebhookRequest request) {
				return WebhookResult.reject("no signature made with " + key);
			}

			@Override
			public ActionResult perform(Action action) {
				return new ActionResult(ActionResult.Status.FAILED, null, "sent with " + key, null,
						Map.of("key", key, "headers", List.of("Authorization: Bearer " + key), "attempts", 1));
			}

		};
	}

}
