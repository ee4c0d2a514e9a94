package io.revcycle.plugin.testkit.plugins;

import java.util.List;

import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

/** Answers at once; logs the API key it was given (the host must mask it). */
public class QuietConnectorFactory extends SimpleConnectorFactory {

	public QuietConnectorFactory() {
		super("quiet");
	}

	@Override
	protected CheckResult check(ConnectorContext context) {
		context.logger().log(System.Logger.Level.INFO, "checking with key {0}", context.config().require("apiKey"));
		return CheckResult.ok("loaded by " + getClass().getClassLoader().getClass().getSimpleName());
	}

	@Override
	protected WebhookResult handleWebhook(ConnectorContext context, WebhookRequest request) {
		return WebhookResult.accept(List.of());
	}

}
