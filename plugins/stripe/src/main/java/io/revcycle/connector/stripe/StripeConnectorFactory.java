package io.revcycle.connector.stripe;

import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.EventTypes;

/**
 * The Stripe connector's factory: Stripe webhooks, verified with the endpoint's signing
 * secret, become payments, refunds, contacts and subscription changes (see
 * {@link StripeConnector} for the mapping). Holds no tenant state.
 */
public class StripeConnectorFactory implements ConnectorFactory {

	/** The connector's id: the plugin id and the source of its events. */
	public static final String ID = "stripe";

	/** The endpoint's signing secret ({@code whsec_...}). */
	public static final String WEBHOOK_SECRET = "webhookSecret";

	/** A secret or restricted API key, used by {@link Connector#check()} only. */
	public static final String API_KEY = "apiKey";

	/** The Stripe API's base URL. */
	public static final String API_BASE = "apiBase";

	/** Whether charges that cannot be told apart from invoice payments count. */
	public static final String COUNT_UNLINKED_CHARGES = "countUnlinkedCharges";

	/** Stripe's API, and the only host the connector calls. */
	public static final String DEFAULT_API_BASE = "https://api.stripe.com";

	/** An event type beyond {@link EventTypes}: a subscription changed but goes on. */
	public static final String SUBSCRIPTION_UPDATED = "subscription_updated";

	/**
	 * An event type beyond {@link EventTypes}: a subscription's items are now worth more
	 * a month (more seats, a dearer plan); the stage model moves a customer to Expansion.
	 */
	public static final String SUBSCRIPTION_UPGRADED = "subscription_upgraded";

	/**
	 * Version and plugin API range: the jar's {@code Plugin-Version} and
	 * {@code Plugin-Requires}.
	 */
	private static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.of(ID, "Stripe")
		.category(ConnectorDescriptor.Category.PAYMENTS)
		.description("Payments, refunds, new customers and subscription starts, changes and cancellations from "
				+ "Stripe webhooks.")
		.produces(EventTypes.PAYMENT_SUCCEEDED, EventTypes.PAYMENT_REFUNDED, EventTypes.CONTACT_CREATED,
				EventTypes.SUBSCRIPTION_STARTED, EventTypes.SUBSCRIPTION_CANCELED, SUBSCRIPTION_UPDATED,
				SUBSCRIPTION_UPGRADED)
		.hosts("api.stripe.com")
		.build();

	private static final ConfigSpec SPEC = ConfigSpec.of(
			ConfigField.string(WEBHOOK_SECRET)
				.withDisplayName("Signing secret")
				.asRequired()
				.asSecret()
				.withValidation(StripeConnectorFactory::checkWebhookSecret)
				.withDescription("The webhook endpoint's signing secret (whsec_...): in the Stripe Dashboard, "
						+ "Developers > Webhooks > this endpoint > Signing secret."),
			ConfigField.string(API_KEY)
				.withDisplayName("API key")
				.asSecret()
				.withValidation(StripeConnectorFactory::checkApiKey)
				.withDescription("A secret key (sk_...) or a restricted key (rk_...) with read access to Balance. "
						+ "Used only to check the connection; webhooks need no key."),
			ConfigField.url(API_BASE)
				.withDisplayName("API base URL")
				.withDefault(DEFAULT_API_BASE)
				.withDescription("Where the Stripe API answers; leave the default."),
			ConfigField.bool(COUNT_UNLINKED_CHARGES)
				.withDisplayName("Count charges that may belong to invoices")
				.withDefault("false")
				.withDescription("Since API version 2025-03-31.basil a charge no longer says whether it paid an "
						+ "invoice, and invoice payments already arrive as invoice.paid. Leave off unless this "
						+ "account bills nothing through invoices or subscriptions: on, every charge of an endpoint "
						+ "on such a version counts as a payment, and invoice payments would count twice."));

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
		return new StripeConnector(context);
	}

	private static String checkWebhookSecret(String value) {
		if (!value.startsWith("whsec_") || value.length() <= "whsec_".length()) {
			return "must be the endpoint's signing secret, which starts with whsec_";
		}
		if (!value.chars().allMatch((c) -> c == '_' || Character.isLetterOrDigit(c) && c < 128)) {
			return "must be letters and digits after whsec_ (check for spaces or quotes copied with it)";
		}
		return null;
	}

	private static String checkApiKey(String value) {
		if (value.startsWith("pk_")) {
			return "is a publishable key (pk_...): use a secret key (sk_...) or a restricted key (rk_...)";
		}
		if (!(value.startsWith("sk_test_") || value.startsWith("sk_live_") || value.startsWith("rk_test_")
				|| value.startsWith("rk_live_"))) {
			return "must be a secret key (sk_test_/sk_live_...) or a restricted key (rk_test_/rk_live_...)";
		}
		if (!value.chars().allMatch((c) -> c == '_' || Character.isLetterOrDigit(c) && c < 128)) {
			return "must be letters and digits after its prefix (check for spaces or quotes copied with it)";
		}
		return null;
	}

}
