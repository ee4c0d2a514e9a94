package io.revcycle.connector.booking;

import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.EventTypes;

/**
 * A booking system's webhooks: a meeting booked is a demo request, a booking canceled a
 * note on the person's timeline. Holds no state; each instance gets a
 * {@link BookingConnector}.
 */
public final class BookingConnectorFactory implements ConnectorFactory {

	static final String SIGNING_KEY = "signingKey";

	@Override
	public ConnectorDescriptor descriptor() {
		// version and plugin API range: the jar's Plugin-Version and Plugin-Requires
		return ConnectorDescriptor.of("booking", "Booking")
			.category(ConnectorDescriptor.Category.SCHEDULING)
			.description("Demo requests and cancellations from a booking system's signed webhooks.")
			.produces(EventTypes.DEMO_REQUESTED, EventTypes.NOTE)
			.build();
	}

	@Override
	public ConfigSpec configSpec() {
		return ConfigSpec.of(ConfigField.string(SIGNING_KEY)
			.withDisplayName("Webhook signing key")
			.asRequired()
			.asSecret()
			.withPattern("\\S{16,}")
			.withDescription("The key the booking system signs its webhooks with, shown when the webhook "
					+ "subscription is created"));
	}

	@Override
	public Connector create(ConnectorContext context) {
		return new BookingConnector(context);
	}

}
