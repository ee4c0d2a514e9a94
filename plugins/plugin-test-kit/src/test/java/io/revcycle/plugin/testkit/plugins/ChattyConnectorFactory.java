package io.revcycle.plugin.testkit.plugins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;

import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.Http;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

/** Calls its base URL from check() and, wrongly, from handleWebhook(). */
public class ChattyConnectorFactory extends SimpleConnectorFactory {

	public ChattyConnectorFactory() {
		super("chatty");
	}

	@Override
	protected CheckResult check(ConnectorContext context) throws IOException {
		return CheckResult.ok("status " + context.http().send(Http.Request.get(base(context))).status());
	}

	@Override
	protected WebhookResult handleWebhook(ConnectorContext context, WebhookRequest request) {
		try {
			context.http().send(Http.Request.get(base(context)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return WebhookResult.accept(List.of());
	}

	private static URI base(ConnectorContext context) {
		return URI.create(context.config().require("baseUrl"));
	}

}
