package io.revcycle.connector.webforms;

import java.net.URI;

import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.EventTypes;

/**
 * Web forms: a hosted endpoint that turns HTML form posts into {@code form_submitted}
 * events, and the embeddable snippet that posts them. The factory keeps no state: a
 * form's rate limit is counted by the host's {@link io.revcycle.plugin.api.RateLimits},
 * across every replica.
 */
public class WebFormsConnectorFactory implements ConnectorFactory {

	/** The plugin and descriptor id. */
	public static final String ID = "webforms";

	/**
	 * Version and plugin API range: the jar's {@code Plugin-Version} and
	 * {@code Plugin-Requires} (1.1 or later: the shared rate limits came with it).
	 */
	private static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.of(ID, "Web forms")
		.category(ConnectorDescriptor.Category.FORMS)
		.description("A hosted endpoint for your HTML forms and a small snippet that posts them with their UTM "
				+ "parameters and the visitor's anonymous id; honeypot, per-form rate limit and optional shared secret.")
		.produces(EventTypes.FORM_SUBMITTED)
		.build();

	private static final ConfigSpec SPEC = ConfigSpec.of(
			ConfigField.of("fieldMapping", ConfigField.Type.TEXT)
				.withDisplayName("Field mapping")
				.withDefault(FieldMapping.DEFAULT)
				.withValidation(FieldMapping::problemWith)
				.withDescription("Which form field fills which person or account field: formField=target, separated"
						+ " by commas or lines. Targets: email, firstName, lastName, title, phone, account.name,"
						+ " account.domain, account.country, account.industry, account.employees. Other fields are"
						+ " kept on the event."),
			ConfigField.string("honeypotField")
				.withDisplayName("Honeypot field")
				.withDefault("_hp")
				.withPattern("[A-Za-z0-9_\\-]{1,64}")
				.withDescription("A field hidden from people; a post that fills it is answered as a success and"
						+ " stored nowhere. The snippet adds it to every form."),
			ConfigField.integer("rateLimitPerMinute")
				.withDisplayName("Posts per minute per form")
				.withDefault("30")
				.withRange(1L, 10_000L)
				.withDescription("More posts of one form within a minute are refused with 429. Counted per platform"
						+ " replica."),
			ConfigField.string("sharedSecret")
				.withDisplayName("Shared secret")
				.asSecret()
				.withDescription("Optional. When set, every post must carry it in the field _secret or the header"
						+ " X-Form-Secret. Meant for forms your own server forwards: a secret in a public page is"
						+ " visible to anyone."),
			ConfigField.url("successUrl")
				.withDisplayName("Thank-you page")
				.withDescription("Optional. Plain HTML form posts are redirected there (303); posts that accept JSON"
						+ " get {\"ok\": true}."),
			ConfigField.of("allowedOrigins", ConfigField.Type.LIST)
				.withDisplayName("Allowed origins")
				.withValidation(WebFormsConnectorFactory::originsProblem)
				.withDescription("The sites whose pages post with the snippet (https://www.acme.com, comma-separated):"
						+ " they get Access-Control-Allow-Origin on the JSON answer, without which the snippet cannot"
						+ " read it."));

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
		return new WebFormsConnector(context);
	}

	/** What is wrong with a list of origins, or null. */
	static String originsProblem(String value) {
		for (String origin : value.split(",")) {
			String trimmed = origin.trim();
			if (trimmed.isEmpty()) {
				continue;
			}
			if (!isOrigin(trimmed)) {
				return "'" + trimmed + "' is not an origin such as https://www.acme.com (scheme and host, no path)";
			}
		}
		return null;
	}

	private static boolean isOrigin(String value) {
		try {
			URI uri = new URI(value);
			return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
					&& (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
					&& uri.getRawFragment() == null && uri.getRawUserInfo() == null;
		}
		catch (java.net.URISyntaxException ex) {
			return false;
		}
	}

}
