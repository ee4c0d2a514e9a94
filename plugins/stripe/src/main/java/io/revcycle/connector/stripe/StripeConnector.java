package io.revcycle.connector.stripe;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.Hmac;
import io.revcycle.plugin.api.Http;
import io.revcycle.plugin.api.SignatureCheck;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

/**
 * One tenant's Stripe connection. Webhooks are verified with the plugin API's
 * {@link io.revcycle.plugin.api.TimestampedSignature}, which is Stripe's scheme: the
 * {@code Stripe-Signature} header's v1 HMAC-SHA256 over {@code timestamp.body} with the
 * endpoint's signing secret (any of several v1 values while Stripe rolls the secret), and
 * a timestamp at most 300 s from the host's clock ({@link ConnectorContext#clock()}).
 * Unlike stripe-java, which this connector used before, a timestamp more than 300 s ahead
 * of the clock is refused too: a host clock that far behind needs fixing, and Stripe
 * retries the delivery for days. The tests check the scheme against stripe-java's own
 * signer and verifier.
 * <p>
 * What each Stripe event becomes (every event's {@code externalId} is the Stripe event id
 * {@code evt_...}, so a redelivery is a duplicate; {@code occurredAt} is the event's
 * {@code created}; amounts are converted from Stripe's minor units by
 * {@link StripeMoney}; the person's external id is the customer id {@code cus_...}):
 * <table>
 * <caption>Mapping</caption>
 * <tr>
 * <th>Stripe event</th>
 * <th>Event</th>
 * <th>Details</th>
 * </tr>
 * <tr>
 * <td>{@code invoice.paid}</td>
 * <td>{@code payment_succeeded}</td>
 * <td>{@code amount_paid} and currency; {@code customer_email} and {@code customer_name};
 * properties invoice id and number, subscription id, customer id, billing reason, and
 * {@code expansion: true} when the billing reason is {@code subscription_update} (the
 * prorated difference of an upgrade, paid mid-period: an expansion payment). An invoice
 * paid with 0 (a trial, a full discount, a downgrade's credit) makes no event: nothing
 * was paid.</td>
 * </tr>
 * <tr>
 * <td>{@code charge.succeeded}, {@code charge.captured}</td>
 * <td>{@code payment_succeeded}</td>
 * <td>Only for a captured charge that pays no invoice, so an invoice's payment is not
 * counted twice (invoice.paid counts it): on API versions before 2025-03-31.basil the
 * charge's {@code invoice} says so; from basil on the charge no longer says, and such
 * charges count only when {@code countUnlinkedCharges} is on. Amount captured; email from
 * {@code billing_details.email}, else {@code receipt_email}.</td>
 * </tr>
 * <tr>
 * <td>{@code charge.refunded}</td>
 * <td>{@code payment_refunded}</td>
 * <td>The amount this event refunded: {@code amount_refunded} less its value in
 * {@code previous_attributes}.</td>
 * </tr>
 * <tr>
 * <td>{@code checkout.session.completed}</td>
 * <td>{@code contact_created}</td>
 * <td>Who bought ({@code customer_details}); {@code amount_total} in major units,
 * currency, mode and payment status as properties. Identity only: the payment itself
 * arrives as {@code invoice.paid} (subscriptions, invoiced payments) or
 * {@code charge.succeeded}, so counting it here too would count it twice.</td>
 * </tr>
 * <tr>
 * <td>{@code customer.created}</td>
 * <td>{@code contact_created}</td>
 * <td>Email, name, phone, customer id.</td>
 * </tr>
 * <tr>
 * <td>{@code customer.subscription.created}</td>
 * <td>{@code subscription_started}</td>
 * <td>When created {@code active} or {@code trialing}; one created {@code incomplete}
 * (waiting for its first payment) starts with the update that makes it active.</td>
 * </tr>
 * <tr>
 * <td>{@code customer.subscription.updated}</td>
 * <td>{@code subscription_canceled}, {@code subscription_started},
 * {@code subscription_upgraded}, {@code subscription_updated} or none</td>
 * <td>Canceled when the status became {@code canceled}; started when it became active
 * from {@code incomplete}; {@code subscription_updated} for a scheduled or withdrawn
 * cancellation ({@code cancel_at_period_end}, {@code cancel_at}: the customer still pays
 * until the period ends and may change their mind, so it is not a cancellation yet),
 * another status change, or new items; {@code subscription_upgraded} when the new items
 * are worth more a month than the old (unit amount times quantity, yearly prices as a
 * twelfth), with both monthly amounts; a cheaper set is {@code subscription_updated} with
 * change {@code downgraded}; nothing for other updates such as a renewal.</td>
 * </tr>
 * <tr>
 * <td>{@code customer.subscription.deleted}</td>
 * <td>{@code subscription_canceled}</td>
 * <td>With Stripe's cancellation reason and feedback.</td>
 * </tr>
 * <tr>
 * <td>anything else</td>
 * <td>none</td>
 * <td>Accepted (2xx), or Stripe would retry it for days.</td>
 * </tr>
 * </table>
 * An event whose person has neither a customer id nor an email is dropped (the engine
 * could not place it), and logged.
 */
class StripeConnector implements Connector {

	/** How far from the clock a signature may be: Stripe's own default. */
	static final Duration TOLERANCE = Duration.ofSeconds(300);

	static final String SIGNATURE_HEADER = "Stripe-Signature";

	private final ConnectorContext context;

	private final EventMapping mapping;

	StripeConnector(ConnectorContext context) {
		this.context = context;
		this.mapping = new EventMapping(context.config().bool(StripeConnectorFactory.COUNT_UNLINKED_CHARGES, false));
	}

	/**
	 * Reads the account's balance ({@code GET /v1/balance}) with the API key. Without an
	 * API key there is nothing to check: webhooks need only the signing secret, which
	 * only a signed webhook can prove.
	 */
	@Override
	public CheckResult check() throws IOException {
		String apiKey = this.context.config().get(StripeConnectorFactory.API_KEY).orElse(null);
		if (apiKey == null || apiKey.isBlank()) {
			return CheckResult.ok("No apiKey set, so the Stripe account was not contacted; webhooks are verified "
					+ "with the signing secret alone");
		}
		String base = this.context.config()
			.get(StripeConnectorFactory.API_BASE)
			.orElse(StripeConnectorFactory.DEFAULT_API_BASE)
			.replaceAll("/+$", "");
		URI uri = URI.create(base + "/v1/balance");
		Http.Response response;
		try {
			response = this.context.http().send(Http.Request.get(uri).withHeader("Authorization", "Bearer " + apiKey));
		}
		catch (SecurityException ex) {
			return CheckResult.failed("Calls to " + uri.getHost() + " are not allowed: set apiBase to "
					+ StripeConnectorFactory.DEFAULT_API_BASE + " (or have the operator allow that host)");
		}
		if (response.ok()) {
			Node balance = Node.of(parse(response.text()), "balance");
			if (!"balance".equals(balance.text("object"))) {
				return CheckResult.failed("GET " + uri.getPath() + " answered " + response.status()
						+ " but not with a Stripe balance: is apiBase Stripe's API?");
			}
			String mode = Boolean.TRUE.equals(balance.bool("livemode")) ? "live" : "test";
			return CheckResult.ok("Stripe accepted the API key (" + mode + " mode): the balance was read");
		}
		String error = describe(response);
		return switch (response.status()) {
			case 401 -> CheckResult.failed("Stripe refused the API key (401" + error + "): set apiKey to a current "
					+ "secret key (sk_...) or restricted key (rk_...) from Developers > API keys");
			case 403 -> CheckResult.failed("Stripe does not let this API key read the balance (403" + error
					+ "): give the restricted key read access to Balance, or use a secret key");
			case 429 ->
				CheckResult.failed("Stripe is rate limiting this API key (429" + error + "): try again shortly");
			default -> CheckResult.failed("Stripe answered " + response.status() + error + " to GET /v1/balance");
		};
	}

	/**
	 * Stripe's error type and code, never its message: the message of a refused key
	 * repeats part of the key.
	 */
	private static String describe(Http.Response response) {
		Node error = Node.of(parse(response.text()), "error").get("error");
		StringBuilder text = new StringBuilder();
		if (error.text("type") != null) {
			text.append(' ').append(error.text("type"));
		}
		if (error.text("code") != null) {
			text.append(' ').append(error.text("code"));
		}
		return text.toString();
	}

	private static JsonElement parse(String text) {
		try {
			return JsonParser.parseString(text);
		}
		catch (JsonParseException ex) {
			return null;
		}
	}

	@Override
	public WebhookResult handleWebhook(WebhookRequest request) {
		SignatureCheck check = Hmac.sha256(this.context.config().require(StripeConnectorFactory.WEBHOOK_SECRET))
			.timestamped(TOLERANCE)
			.check(request, SIGNATURE_HEADER, this.context.clock());
		if (!check.verified()) {
			return reject(switch (check.problem()) {
				case MISSING -> "Missing Stripe-Signature header: only Stripe's signed webhooks are accepted here";
				case MISMATCH -> "Signature does not match the body: the body was changed after signing, or "
						+ "webhookSecret is not this endpoint's signing secret";
				default -> Character.toUpperCase(check.reason().charAt(0)) + check.reason().substring(1);
			});
		}
		Node event = Node.of(parse(request.bodyText()), "event");
		if ("v2.core.event".equals(event.text("object"))) {
			return reject("Signature valid, but the body is a thin event (v2), which this connector does not read: "
					+ "send snapshot events to this endpoint");
		}
		String id = event.text("id");
		String type = event.text("type");
		Long created = event.number("created");
		if (id == null || type == null || created == null) {
			return reject("Signature valid, but the body is not a Stripe event (no id, type or created)");
		}
		EventMapping.Outcome outcome;
		try {
			outcome = this.mapping.map(id, type, Instant.ofEpochSecond(created), event.get("data"));
		}
		catch (Node.MalformedEvent ex) {
			return reject("Event " + id + " (" + type + ") is malformed: " + ex.getMessage());
		}
		if (outcome.event() == null) {
			this.context.logger()
				.log(Level.DEBUG, "Stripe event {0} ({1}) makes no event: {2}", id, type, outcome.why());
		}
		return WebhookResult.accept(outcome.optional().map(List::of).orElse(List.of()));
	}

	private WebhookResult reject(String reason) {
		this.context.logger().log(Level.WARNING, "Stripe webhook refused: {0}", reason);
		return WebhookResult.reject(reason);
	}

}
