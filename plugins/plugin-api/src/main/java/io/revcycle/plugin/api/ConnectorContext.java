package io.revcycle.plugin.api;

import java.time.Clock;

/**
 * What the host hands a connector instance: its configuration and the only services it
 * may use. A connector finds nothing through static lookups; everything comes from here.
 */
public interface ConnectorContext {

	/** The connector instance's id (a UUID), stable for the instance's life. */
	String instanceId();

	/** The tenant's slug, as in {@code /hooks/{tenantSlug}/{connectorInstanceId}}. */
	String tenant();

	/** The configuration, validated, with defaults applied and secrets decrypted. */
	ConnectorConfig config();

	/**
	 * The HTTP client: calls only the hosts the descriptor declares (and those the
	 * operator allows), with the host's timeouts; refuses every call while a webhook is
	 * handled.
	 */
	Http http();

	/** The clock: use it for signature tolerances, timestamps and rate windows. */
	Clock clock();

	/**
	 * A logger whose lines carry the tenant and instance; the host removes configuration
	 * secrets from every message.
	 */
	System.Logger logger();

	/** The instance's cursors, committed with the events of the call that set them. */
	CursorStore cursors();

	/**
	 * Rate limits shared by every replica of the host, scoped to this instance.
	 * @since 1.1.0
	 */
	RateLimits rateLimits();

}
