package io.revcycle.plugin.api;

/**
 * The version of this API, following semantic versioning: a connector declares the range
 * it needs in its {@code Plugin-Requires} manifest entry and the host refuses connectors
 * whose range excludes this version.
 */
public final class PluginApi {

	/** The API version the host implements. */
	public static final String VERSION = "0.1.0";

	private PluginApi() {
	}

}
