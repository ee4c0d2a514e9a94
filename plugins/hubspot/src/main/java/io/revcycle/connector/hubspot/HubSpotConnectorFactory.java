package io.revcycle.connector.hubspot;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Set;

import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.EventTypes;

/**
 * The HubSpot CRM connector: upserts contacts, companies and deals, polls their changes
 * and verifies HubSpot's v3-signed webhooks.
 */
public final class HubSpotConnectorFactory implements ConnectorFactory {

	/** The plugin id: the {@code source} of every event this connector produces. */
	public static final String ID = "hubspot";

	private static final Set<String> NOT_UNIQUE = Set.of("domain", "name", "dealname");

	/**
	 * Version and plugin API range: the jar's {@code Plugin-Version} and
	 * {@code Plugin-Requires}.
	 */
	private static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.of(ID, "HubSpot")
		.category(ConnectorDescriptor.Category.CRM)
		.description("Pushes contacts, companies and deals to HubSpot with its batch upsert API, and brings their "
				+ "changes back through the CRM search API and HubSpot's signed webhooks.")
		.produces(EventTypes.CONTACT_CREATED, EventTypes.CONTACT_UPDATED, WebhookEvents.CONTACT_DELETED,
				WebhookEvents.COMPANY_UPDATED, WebhookEvents.COMPANY_DELETED, EventTypes.DEAL_UPDATED,
				WebhookEvents.DEAL_DELETED)
		.actions(HubSpotConnector.UPSERT_CONTACT, HubSpotConnector.UPSERT_COMPANY, HubSpotConnector.UPSERT_DEAL)
		.hosts("api.hubapi.com")
		.build();

	private static final ConfigSpec SPEC = ConfigSpec.of(
			ConfigField.string(HubSpotSettings.ACCESS_TOKEN)
				.withDisplayName("Access token")
				.asRequired()
				.asSecret()
				.withPattern("\\S+")
				.withDescription("The access token of a HubSpot private app (Settings > Integrations > Private "
						+ "apps), with the scopes crm.objects.contacts, crm.objects.companies and crm.objects.deals "
						+ "(read and write). Sent as a bearer token."),
			ConfigField.string(HubSpotSettings.CLIENT_SECRET)
				.withDisplayName("Client secret (webhooks)")
				.asSecret()
				.withPattern("\\S+")
				.withDescription("The app's client secret, which signs its webhooks (X-HubSpot-Signature-v3). "
						+ "Required to receive webhooks: without it every webhook is refused and changes come "
						+ "only through polling."),
			ConfigField.url(HubSpotSettings.API_BASE)
				.withDisplayName("API base URL")
				.withDefault(HubSpotSettings.DEFAULT_API_BASE)
				.withValidation(HubSpotConnectorFactory::secureBase)
				.withDescription("Where the HubSpot API answers. Leave the default."),
			ConfigField.string(HubSpotSettings.COMPANY_UNIQUE_PROPERTY)
				.withDisplayName("Company unique property")
				.withDefault(HubSpotSettings.DEFAULT_COMPANY_UNIQUE_PROPERTY)
				.withPattern("[a-z][a-z0-9_]{0,99}")
				.withValidation(HubSpotConnectorFactory::uniqueProperty)
				.withDescription("The company property upsert_company matches on (HubSpot's idProperty). It must be "
						+ "a property with unique values in HubSpot (hasUniqueValue), such as a custom "
						+ "revcycle_company_id property; HubSpot's domain is not unique and cannot be used."),
			ConfigField.string(HubSpotSettings.DEAL_UNIQUE_PROPERTY)
				.withDisplayName("Deal unique property")
				.withDefault(HubSpotSettings.DEFAULT_DEAL_UNIQUE_PROPERTY)
				.withPattern("[a-z][a-z0-9_]{0,99}")
				.withValidation(HubSpotConnectorFactory::uniqueProperty)
				.withDescription("The deal property upsert_deal matches on (HubSpot's idProperty). It must be a "
						+ "property with unique values in HubSpot (hasUniqueValue), such as a custom "
						+ "revcycle_deal_id property."),
			ConfigField.of(HubSpotSettings.POLL_OBJECTS, ConfigField.Type.LIST)
				.withDisplayName("Objects to poll")
				.withDefault(HubSpotSettings.DEFAULT_POLL_OBJECTS)
				.withValidation(HubSpotConnectorFactory::pollObjects)
				.withDescription("Which changes a poll reads: contacts, companies and deals, comma-separated."),
			ConfigField.integer(HubSpotSettings.RATE_LIMIT_RETRIES)
				.withDisplayName("Rate limit retries")
				.withDefault("3")
				.withRange(0L, 10L)
				.withDescription("How often an upsert that HubSpot rate limits (429) is sent again at once before it "
						+ "is handed back to be retried later."),
			ConfigField.integer(HubSpotSettings.RATE_LIMIT_WAIT_MILLIS)
				.withDisplayName("Rate limit wait (ms)")
				.withDefault("1000")
				.withRange(0L, 10_000L)
				.withDescription("The longest an upsert waits for HubSpot's rate limit before sending again; a "
						+ "longer Retry-After hands the upsert back to be retried after that time."));

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
		return new HubSpotConnector(context);
	}

	/** The token travels to this address: only https, or plain http to this machine. */
	private static String secureBase(String value) {
		URI uri = URI.create(value.trim());
		if ("https".equals(uri.getScheme()) || loopback(uri.getHost())) {
			return null;
		}
		return "must be an https URL: the access token is sent to it";
	}

	private static boolean loopback(String host) {
		if ("localhost".equalsIgnoreCase(host)) {
			return true;
		}
		// a literal address only: no name lookup here
		if (host == null || !host.matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]")) {
			return false;
		}
		try {
			return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
		}
		catch (java.net.UnknownHostException ex) {
			return false;
		}
	}

	private static String uniqueProperty(String value) {
		return NOT_UNIQUE.contains(value.trim()) ? "'" + value.trim() + "' does not hold unique values in HubSpot: "
				+ "name a property with unique values (hasUniqueValue)" : null;
	}

	private static String pollObjects(String value) {
		List<String> names = List.of(value.split(",")).stream().map(String::trim).filter((s) -> !s.isEmpty()).toList();
		List<String> unknown = names.stream().filter((n) -> CrmObject.ofPath(n).isEmpty()).toList();
		if (!unknown.isEmpty()) {
			return "must list contacts, companies or deals, not " + String.join(", ", unknown);
		}
		return names.isEmpty() ? "must list at least one of contacts, companies, deals" : null;
	}

}
