package io.revcycle.connector.example;

import java.net.URI;
import java.util.List;

import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigProblem;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorConfig;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.EventTypes;

/**
 * The entry point the host finds through
 * {@code META-INF/services/io.revcycle.plugin.api.ConnectorFactory}. It holds no state:
 * each configured instance gets its own {@link ExampleConnector}.
 */
public final class ExampleConnectorFactory implements ConnectorFactory {

	static final String BASE_URL = "baseUrl";

	static final String API_KEY = "apiKey";

	static final String SIGNING_SECRET = "signingSecret";

	@Override
	public ConnectorDescriptor descriptor() {
		// version and plugin API range: the jar's Plugin-Version and Plugin-Requires
		return ConnectorDescriptor.of("example", "Example")
			.category(ConnectorDescriptor.Category.FORMS)
			.description("Turns Example's signed webhooks into contact and form events.")
			.produces(EventTypes.CONTACT_CREATED, EventTypes.FORM_SUBMITTED)
			.hosts("api.example.com")
			.build();
	}

	@Override
	public ConfigSpec configSpec() {
		return ConfigSpec.of(
				ConfigField.url(BASE_URL)
					.withDisplayName("API address")
					.withDefault("https://api.example.com")
					.withDescription("Example's API; change it only for a test account"),
				ConfigField.string(API_KEY)
					.withDisplayName("API key")
					.asRequired()
					.asSecret()
					.withDescription("An API key with read access, from Example's Settings > API keys"),
				ConfigField.string(SIGNING_SECRET)
					.withDisplayName("Webhook signing secret")
					.asRequired()
					.asSecret()
					.withPattern("whsec_[A-Za-z0-9]{16,}")
					.withDescription("The secret Example signs webhooks with, from Settings > Webhooks"));
	}

	@Override
	public List<ConfigProblem> validate(ConnectorConfig config) {
		URI base = URI.create(config.require(BASE_URL));
		boolean local = "localhost".equals(base.getHost()) || "127.0.0.1".equals(base.getHost());
		return ("https".equals(base.getScheme()) || local) ? List.of()
				: List.of(new ConfigProblem(BASE_URL, "must use https"));
	}

	@Override
	public Connector create(ConnectorContext context) {
		return new ExampleConnector(context);
	}

}
