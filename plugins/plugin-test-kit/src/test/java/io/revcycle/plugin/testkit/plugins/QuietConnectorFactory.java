package io.revcycle.plugin.testkit.plugins;

import java.util.List;

import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

/** Answers at once; logs the API key it was given (the host must mask it). */
public class QuietConnectorFactory implements ConnectorFactory {

	@Override
	public ConnectorDescriptor descriptor() {
		return Descriptors.of("quiet");
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
				context.logger()
					.log(System.Logger.Level.INFO, "checking with key {0}", context.config().require("apiKey"));
				return CheckResult.ok("loaded by " + getClass().getClassLoader().getClass().getSimpleName());
			}

			@Override
			public WebhookResult handleWebhook(WebhookRequest request) {
				return WebhookResult.accept(List.of());
			}

		};
	}

}
