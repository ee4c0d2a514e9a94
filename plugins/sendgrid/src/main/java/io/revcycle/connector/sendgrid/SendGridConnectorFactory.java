package io.revcycle.connector.sendgrid;

import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.EventTypes;

/**
 * The SendGrid connector: email events from the Signed Event Webhook, and emails sent
 * through the v3 Mail Send API.
 */
public class SendGridConnectorFactory implements ConnectorFactory {

	/** The plugin and descriptor id. */
	public static final String ID = "sendgrid";

	/** The action that sends one email. */
	public static final String SEND_EMAIL = "send_email";

	/**
	 * Version and plugin API range: the jar's {@code Plugin-Version} and
	 * {@code Plugin-Requires}.
	 */
	private static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.of(ID, "SendGrid")
		.category(ConnectorDescriptor.Category.EMAIL)
		.description("Email delivery, opens, clicks, bounces and unsubscribes from SendGrid's signed Event Webhook;"
				+ " sends emails through SendGrid.")
		.produces(EventTypes.EMAIL_DELIVERED, EventTypes.EMAIL_OPENED, EventTypes.EMAIL_CLICKED,
				EventTypes.EMAIL_BOUNCED, EventTypes.EMAIL_UNSUBSCRIBED)
		.actions(SEND_EMAIL)
		.hosts("api.sendgrid.com", "api.eu.sendgrid.com")
		.build();

	private static final ConfigSpec SPEC = ConfigSpec.of(
			ConfigField.string("apiKey")
				.withDisplayName("API key")
				.asRequired()
				.asSecret()
				.withPattern("SG\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+")
				.withDescription("A SendGrid API key (SG....) with the Mail Send permission, from Settings > API Keys"),
			ConfigField.of("verificationKey", ConfigField.Type.TEXT)
				.withDisplayName("Event Webhook verification key")
				.withValidation(EventWebhookKey::problemWith)
				.withDescription("The Signed Event Webhook's public verification key, exactly as SendGrid shows it"
						+ " under Settings > Mail Settings > Event Webhook. Needed to receive events: without it"
						+ " every webhook is refused, since unsigned events cannot be trusted."),
			ConfigField.url("apiBase")
				.withDisplayName("API base URL")
				.withDefault("https://api.sendgrid.com")
				.withDescription("SendGrid's API; https://api.eu.sendgrid.com for EU regional subusers"),
			ConfigField.of("fromEmail", ConfigField.Type.EMAIL)
				.withDisplayName("From address")
				.withDescription(
						"The sender of emails this connector sends: a verified sender of the SendGrid account"),
			ConfigField.string("fromName")
				.withDisplayName("From name")
				.withDescription("The sender's name shown to recipients"));

	@Override
	public ConnectorDescriptor descriptor() {
		return DESCRIPTOR;
	}

	@Override
	public ConfigSpec configSpec() {
		return SPEC;
	}

	@Override
	public Connector create(ConnectorContext context) {
		return new SendGridConnector(context);
	}

}
