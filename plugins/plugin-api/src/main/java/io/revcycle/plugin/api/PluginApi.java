package io.revcycle.plugin.api;

/**
 * The version of this API, following semantic versioning: a connector declares the range
 * it needs in its {@code Plugin-Requires} manifest entry (and in
 * {@link ConnectorDescriptor#requires()}), and the host refuses connectors whose range
 * excludes this version. Minor versions only add (a new default method, a new optional
 * record component accessor, a new event type); anything else is a new major version.
 * <p>
 * 1.1.0 added, and nothing else changed: {@link RateLimits} and
 * {@link ConnectorContext#rateLimits()}; the builders
 * {@link ConnectorDescriptor#of(String, String)}, {@link Event#of(String)},
 * {@code Event.Person.email(..)} and {@code Event.Account.domain(..)}; a descriptor whose
 * version and range default to the jar's manifest; the category {@code SCHEDULING}; the
 * signature checks {@link Hmac}, {@link TimestampedSignature}, {@link SignatureCheck} and
 * {@link ConstantTime}; the reader {@link Json}; and a default {@link Connector#check()}.
 */
public final class PluginApi {

	/** The API version the host implements. */
	public static final String VERSION = "1.1.0";

	/**
	 * The widest range a connector may declare: one that uses nothing added after 1.0.0.
	 * A connector that uses anything marked {@code @since 1.1.0} (the builders, the
	 * signature checks, {@link Json}, {@link RateLimits}, the default of
	 * {@link Connector#check()}) declares {@link #REQUIRES_1_1}.
	 */
	public static final String REQUIRES = ">=1.0.0 & <2.0.0";

	/**
	 * The range of a connector that uses what 1.1.0 added.
	 * @since 1.1.0
	 */
	public static final String REQUIRES_1_1 = ">=1.1.0 & <2.0.0";

	private PluginApi() {
	}

}
