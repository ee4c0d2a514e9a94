package io.revcycle.connector.hubspot;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.revcycle.plugin.api.ConnectorConfig;

/**
 * A connector instance's configuration, read once from the validated
 * {@link ConnectorConfig}.
 *
 * @param accessToken the private app access token, sent as a bearer token
 * @param clientSecret the app's client secret that signs webhooks, or null when the
 * instance takes no webhooks
 * @param apiBase the API's base address, without a trailing slash
 * @param companyIdProperty the unique-value company property upserts match on
 * @param dealIdProperty the unique-value deal property upserts match on
 * @param pollObjects the objects a poll reads, in order
 * @param rateLimitRetries how often one call retries a rate-limited request before it
 * hands the action back to the host
 * @param rateLimitWait the longest wait inside one call before such a retry
 */
record HubSpotSettings(String accessToken, String clientSecret, URI apiBase, String companyIdProperty,
		String dealIdProperty, List<CrmObject> pollObjects, int rateLimitRetries, Duration rateLimitWait) {

	static final String ACCESS_TOKEN = "accessToken";

	static final String CLIENT_SECRET = "clientSecret";

	static final String API_BASE = "apiBase";

	static final String COMPANY_UNIQUE_PROPERTY = "companyUniqueProperty";

	static final String DEAL_UNIQUE_PROPERTY = "dealUniqueProperty";

	static final String POLL_OBJECTS = "pollObjects";

	static final String RATE_LIMIT_RETRIES = "rateLimitRetries";

	static final String RATE_LIMIT_WAIT_MILLIS = "rateLimitWaitMillis";

	static final String DEFAULT_API_BASE = "https://api.hubapi.com";

	static final String DEFAULT_COMPANY_UNIQUE_PROPERTY = "revcycle_company_id";

	static final String DEFAULT_DEAL_UNIQUE_PROPERTY = "revcycle_deal_id";

	static final String DEFAULT_POLL_OBJECTS = "contacts,companies,deals";

	static HubSpotSettings of(ConnectorConfig config) {
		String base = config.get(API_BASE).orElse(DEFAULT_API_BASE).trim();
		while (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		List<CrmObject> objects = new ArrayList<>();
		List<String> names = config.list(POLL_OBJECTS);
		for (String name : names.isEmpty() ? List.of(DEFAULT_POLL_OBJECTS.split(",")) : names) {
			CrmObject.ofPath(name).filter((o) -> !objects.contains(o)).ifPresent(objects::add);
		}
		return new HubSpotSettings(config.require(ACCESS_TOKEN).trim(),
				config.get(CLIENT_SECRET).filter((s) -> !s.isBlank()).orElse(null), URI.create(base),
				config.get(COMPANY_UNIQUE_PROPERTY).orElse(DEFAULT_COMPANY_UNIQUE_PROPERTY).trim(),
				config.get(DEAL_UNIQUE_PROPERTY).orElse(DEFAULT_DEAL_UNIQUE_PROPERTY).trim(), List.copyOf(objects),
				(int) config.integer(RATE_LIMIT_RETRIES, 3),
				Duration.ofMillis(config.integer(RATE_LIMIT_WAIT_MILLIS, 1000)));
	}

	/** The client secret, when webhooks are set up. */
	Optional<String> webhookSecret() {
		return Optional.ofNullable(this.clientSecret);
	}

	/** The unique-value property an upsert of this object matches on. */
	String idProperty(CrmObject object) {
		return switch (object) {
			case CONTACTS -> "email";
			case COMPANIES -> this.companyIdProperty;
			case DEALS -> this.dealIdProperty;
		};
	}

	/** An address under the API base: {@code /crm/v3/objects/contacts}. */
	URI api(String pathAndQuery) {
		return URI.create(this.apiBase + pathAndQuery);
	}

	@Override
	public String toString() {
		// never the token or the secret
		return "HubSpotSettings[apiBase=" + this.apiBase + ", pollObjects=" + this.pollObjects + "]";
	}

}
