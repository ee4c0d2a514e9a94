package io.revcycle.plugin.testkit.plugins;

import java.util.Set;

import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.EventTypes;
import io.revcycle.plugin.api.PluginApi;

/** Shared by the small test plugins (each jar gets its own copy). */
public final class Descriptors {

	public static final ConfigSpec SPEC = ConfigSpec.of(
			ConfigField.string("apiKey").asRequired().asSecret().withDescription("The API key"),
			ConfigField.url("baseUrl").withDefault("https://api.test.example").withDescription("The API's address"));

	private Descriptors() {
	}

	public static ConnectorDescriptor of(String id) {
		return new ConnectorDescriptor(id, id, "1.0.0", PluginApi.REQUIRES, ConnectorDescriptor.Category.OTHER,
				"A connector the test kit's tests load", Set.of(EventTypes.NOTE), Set.of(), Set.of("api.test.example"));
	}

}
