package io.revcycle.plugin.api;

/**
 * The version of this API, following semantic versioning: a connector declares the range
 * it needs in its {@code Plugin-Requires} manifest entry (and in
 * {@link ConnectorDescriptor#requires()}), and the host refuses connectors whose range
 * excludes this version. Minor versions only add (a new default method, a new optional
 * record component accessor, a new event type); anything else is a new major version.
 */
public final class PluginApi {

	/** The API version the host implements. */
	public static final String VERSION = "1.1.0";

	/** The range a connector written against this version declares. */
	public static final String REQUIRES = ">=1.0.0 & <2.0.0";

	private PluginApi() {
	}

}
