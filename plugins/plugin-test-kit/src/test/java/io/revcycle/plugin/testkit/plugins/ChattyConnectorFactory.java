package io.revcycle.plugin.testkit.plugins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;

import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.Http;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

/** Calls its base URL from check() and, wrongly, from handleWebhook(). */
public class ChattyConnectorFactory implements ConnectorFactory {

	@Override
	public ConnectorDescriptor descriptor() {
		return Descriptors.of("chatty");
	}

	@Override
	public ConfigSpec configSpec() {
		return Descriptors.SPEC;
	}

	@Override
	public Connector create(ConnectorContext context) {
		URI base = URI.create(context.config().require("baseUrl"));
		return new Connector() {

			@Override
			public CheckResult check() throws IOException {
				return CheckResult.ok("status " + context.http().send(Http.Request.get(base)).status());
			}

			@Override
			public WebhookResult handleWebhook(WebhookRequest request) {
				try {
					context.http().send(Http.Request.get(base));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				return WebhookResult.accept(List.of());
			}

		};
	}

}
