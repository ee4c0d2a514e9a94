package io.revcycle.plugin.testkit.plugins;

import java.io.IOException;

import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

/**
 * A small test plugin: the descriptor of its id and the shared spec from
 * {@link Descriptors}, and a connector whose {@code check()} and
 * {@code handleWebhook(..)} the subclass writes. A jar of a subclass needs this class
 * too.
 */
public abstract class SimpleConnectorFactory implements ConnectorFactory {

	private final String id;

	protected SimpleConnectorFactory(String id) {
		this.id = id;
	}

	@Override
	public ConnectorDescriptor descriptor() {
		return Descriptors.of(this.id);
	}

	@Override
	public ConfigSpec configSpec() {
		return Descriptors.SPEC;
	}

	@Override
	public Connector create(ConnectorContext context) {
		return new Connector() {

			@Override
			public CheckResult check() throws IOException {
				return SimpleConnectorFactory.this.check(context);
			}

			@Override
			public WebhookResult handleWebhook(WebhookRequest request) {
				return SimpleConnectorFactory.this.handleWebhook(context, request);
			}

		};
	}

	/** What {@link Connector#check()} does. */
	protected abstract CheckResult check(ConnectorContext context) throws IOException;

	/** What {@link Connector#handleWebhook(WebhookRequest)} does. */
	protected abstract WebhookResult handleWebhook(ConnectorContext context, WebhookRequest request);

}
