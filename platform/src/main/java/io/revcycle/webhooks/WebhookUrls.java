package io.revcycle.webhooks;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The form an endpoint URL must have, checked when it is saved and before each delivery.
 * Where it may point is {@link TargetPolicy}'s business.
 */
final class WebhookUrls {

	private WebhookUrls() {
	}

	/** The URL, or null when the text is not one. */
	static URI parse(String text) {
		try {
			return new URI(text.trim());
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	/**
	 * What is wrong with a URL's form, as a phrase that follows "url: ", or null when
	 * nothing is.
	 */
	static String problem(URI url) {
		if (!url.isAbsolute() || url.getHost() == null || url.getHost().isEmpty()
				|| !("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme()))) {
			return "must be an absolute http or https URL with a host, such as https://hooks.example.com/revcycle";
		}
		if (url.getRawUserInfo() != null) {
			return "must not contain a user name or password: deliveries are authenticated by their signature";
		}
		return null;
	}

}
