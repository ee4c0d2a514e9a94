package io.revcycle.plugin.testkit.plugins;

import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.EventTypes;

/** {@link BookingLikeConnectorFactory} with a version of its own in the descriptor. */
public class PinnedBookingLikeConnectorFactory extends BookingLikeConnectorFactory {

	@Override
	public ConnectorDescriptor descriptor() {
		return ConnectorDescriptor.of("booking-like", "Booking-like")
			.version("1.0.0")
			.category(ConnectorDescriptor.Category.SCHEDULING)
			.description("A booking system's webhooks, for the test kit's tests")
			.produces(EventTypes.DEMO_REQUESTED, EventTypes.NOTE)
			.build();
	}

}
