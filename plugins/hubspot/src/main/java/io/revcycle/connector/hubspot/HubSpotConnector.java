package io.revcycle.connector.hubspot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.revcycle.plugin.api.Action;
import io.revcycle.plugin.api.ActionResult;
import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.PollResult;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

/**
 * One tenant's HubSpot account: contacts, companies and deals upserted, their changes
 * polled with the CRM search API, and HubSpot's v3-signed webhooks turned into events.
 */
final class HubSpotConnector implements Connector {

	static final String UPSERT_CONTACT = "upsert_contact";

	static final String UPSERT_COMPANY = "upsert_company";

	static final String UPSERT_DEAL = "upsert_deal";

	private final ConnectorContext context;

	private final HubSpotSettings settings;

	private final HubSpotApi api;

	HubSpotConnector(ConnectorContext context) {
		this.context = context;
		this.settings = HubSpotSettings.of(context.config());
		this.api = new HubSpotApi(context.http(), this.settings);
	}

	/** Reads one contact: cheap, and it needs a valid token with the contacts scope. */
	@Override
	public CheckResult check() throws IOException {
		HubSpotApi.Reply reply = this.api.get("/crm/v3/objects/contacts?limit=1");
		return switch (reply.status()) {
			case 200 -> CheckResult.ok("Connected to HubSpot: the access token reads contacts");
			case 401 -> CheckResult.failed("HubSpot refused the access token (401): " + reply.message()
					+ ". Paste a valid private app access token into accessToken");
			case 403 -> CheckResult.failed("The access token may not read contacts (403): " + reply.message()
					+ ". Give the private app the scopes crm.objects.contacts.read and .write, and the same for "
					+ "companies and deals");
			case 429 -> CheckResult
				.failed("HubSpot is rate limiting this account (429): try the check again in a " + "few seconds");
			default -> CheckResult.failed("HubSpot answered " + reply.status() + ": " + reply.message());
		};
	}

	/**
	 * Verifies the v3 signature (client secret, method, public URI, raw body, timestamp
	 * no more than five minutes from the clock), then maps the batch. Without a client
	 * secret every webhook is refused: the instance is set up for polling only.
	 */
	@Override
	public WebhookResult handleWebhook(WebhookRequest request) {
		Optional<String> secret = this.settings.webhookSecret();
		if (secret.isEmpty()) {
			return WebhookResult.reject("This HubSpot connection takes no webhooks: set clientSecret to the app's "
					+ "client secret to verify them");
		}
		Optional<String> problem = WebhookSignature.problem(request, secret.get(), this.context.clock().instant());
		if (problem.isPresent()) {
			return WebhookResult.reject("HubSpot webhook refused: " + problem.get());
		}
		JsonNode batch = HubSpotApi.parse(request.body());
		if (!batch.isArray()) {
			return WebhookResult.reject("HubSpot webhook refused: the body is not a JSON array of events");
		}
		List<String> skipped = new ArrayList<>();
		List<Event> events = WebhookEvents.map(batch, skipped);
		if (!skipped.isEmpty()) {
			this.context.logger()
				.log(System.Logger.Level.DEBUG, "HubSpot webhook events not mapped: " + String.join(", ", skipped));
		}
		return WebhookResult.accept(events);
	}

	@Override
	public PollResult poll(String cursor) throws IOException {
		return new ChangePoll(this.api, this.settings, this.context.clock(), this.context.logger()).poll(cursor);
	}

	@Override
	public ActionResult perform(Action action) {
		CrmObject object = switch (action.type()) {
			case UPSERT_CONTACT -> CrmObject.CONTACTS;
			case UPSERT_COMPANY -> CrmObject.COMPANIES;
			case UPSERT_DEAL -> CrmObject.DEALS;
			default -> null;
		};
		if (object == null) {
			return ActionResult.failed("The HubSpot connector performs " + UPSERT_CONTACT + ", " + UPSERT_COMPANY
					+ " and " + UPSERT_DEAL + ", not " + action.type());
		}
		try {
			return new Upserts(this.api, this.settings, this.context.logger()).perform(action, object);
		}
		catch (Upserts.InvalidRecords ex) {
			return ActionResult.failed(ex.getMessage());
		}
	}

}
