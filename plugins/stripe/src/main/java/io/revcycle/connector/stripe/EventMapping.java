package io.revcycle.connector.stripe;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.EventTypes;

/**
 * Turns one verified Stripe event into at most one normalized event; see
 * {@link StripeConnector} for the table. Every event it makes has the Stripe event's id
 * as {@link Event#externalId()} and its {@code created} as {@link Event#occurredAt()}.
 */
final class EventMapping {

	/** Subscription states in which a subscription runs (and has started). */
	private static final Set<String> RUNNING = Set.of("active", "trialing");

	private final boolean countUnlinkedCharges;

	/**
	 * A mapping.
	 * @param countUnlinkedCharges whether a charge of an API version that no longer links
	 * charges to invoices counts as a payment
	 */
	EventMapping(boolean countUnlinkedCharges) {
		this.countUnlinkedCharges = countUnlinkedCharges;
	}

	/**
	 * The normalized event of a Stripe event, if it makes one.
	 * @param id the Stripe event's id ({@code evt_...})
	 * @param type the Stripe event's type ({@code invoice.paid})
	 * @param created when Stripe created the event
	 * @param data the event's {@code data}: {@code object} and, for changes,
	 * {@code previous_attributes}
	 * @return the event, or none and why (a Stripe event that means nothing to the
	 * engine)
	 * @throws Node.MalformedEvent when the payload lacks a field its type always has
	 */
	Outcome map(String id, String type, Instant created, Node data) {
		Node object = data.get("object");
		Node previous = data.get("previous_attributes");
		Source source = new Source(id, created);
		return switch (type) {
			case "invoice.paid" -> invoicePaid(source, object);
			case "charge.succeeded" -> chargeSucceeded(source, object);
			case "charge.captured" -> chargeCaptured(source, object);
			case "charge.refunded" -> chargeRefunded(source, object, previous);
			case "checkout.session.completed" -> checkoutCompleted(source, object);
			case "customer.created" -> customerCreated(source, object);
			case "customer.subscription.created" -> subscriptionCreated(source, object);
			case "customer.subscription.updated" -> subscriptionUpdated(source, object, previous);
			case "customer.subscription.deleted" -> subscriptionDeleted(source, object);
			default -> Outcome.none("event type " + type + " is not mapped");
		};
	}

	private Outcome invoicePaid(Source source, Node invoice) {
		long paid = invoice.requireNumber("amount_paid");
		String currency = invoice.requireString("currency");
		if (paid == 0) {
			return Outcome
				.none("invoice " + invoice.text("id") + " was paid with nothing (a trial or a 100% discount)");
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		put(properties, "invoice_id", invoice.text("id"));
		put(properties, "invoice_number", invoice.text("number"));
		put(properties, "subscription_id", subscriptionOf(invoice));
		put(properties, "customer_id", invoice.id("customer"));
		put(properties, "billing_reason", invoice.text("billing_reason"));
		if ("subscription_update".equals(invoice.text("billing_reason"))) {
			// a subscription changed mid-period and the customer paid the difference: the
			// proration of an upgrade (a downgrade credits, and pays nothing)
			properties.put("expansion", true);
		}
		Event.Person person = person(invoice.text("customer_email"), invoice.text("customer_name"),
				invoice.text("customer_phone"), invoice.id("customer"));
		return source.event(EventTypes.PAYMENT_SUCCEEDED, person, StripeMoney.of(paid, currency), properties);
	}

	/**
	 * An invoice's subscription: under {@code parent.subscription_details} since
	 * 2025-03-31.basil, a top-level {@code subscription} before.
	 */
	private static String subscriptionOf(Node invoice) {
		String subscription = invoice.get("parent").get("subscription_details").id("subscription");
		return (subscription != null) ? subscription : invoice.id("subscription");
	}

	private Outcome chargeSucceeded(Source source, Node charge) {
		if (Boolean.FALSE.equals(charge.bool("captured"))) {
			return Outcome.none("charge " + charge.text("id") + " is authorized only; its capture is the payment");
		}
		return chargePayment(source, charge);
	}

	private Outcome chargeCaptured(Source source, Node charge) {
		return chargePayment(source, charge);
	}

	private Outcome chargePayment(Source source, Node charge) {
		String chargeId = charge.text("id");
		if (charge.has("invoice")) {
			if (charge.id("invoice") != null) {
				return Outcome.none(
						"charge " + chargeId + " pays invoice " + charge.id("invoice") + ", which invoice.paid counts");
			}
		}
		else if (!this.countUnlinkedCharges) {
			return Outcome.none("charge " + chargeId + " may pay an invoice (this API version does not say),"
					+ " and invoice.paid counts invoice payments; set countUnlinkedCharges to count such charges");
		}
		Long captured = charge.number("amount_captured");
		long amount = (captured != null && captured > 0) ? captured : charge.requireNumber("amount");
		String currency = charge.requireString("currency");
		Map<String, Object> properties = new LinkedHashMap<>();
		put(properties, "charge_id", chargeId);
		put(properties, "payment_intent_id", charge.id("payment_intent"));
		put(properties, "customer_id", charge.id("customer"));
		put(properties, "description", charge.text("description"));
		return source.event(EventTypes.PAYMENT_SUCCEEDED, chargePerson(charge), StripeMoney.of(amount, currency),
				properties);
	}

	/**
	 * A refund: the amount this event refunded, which is the charge's
	 * {@code amount_refunded} (a running total) less the total before it when
	 * {@code previous_attributes} gives it, so two partial refunds count once each.
	 */
	private Outcome chargeRefunded(Source source, Node charge, Node previous) {
		long total = charge.requireNumber("amount_refunded");
		Long before = previous.number("amount_refunded");
		long refunded = total - ((before != null) ? before : 0);
		String currency = charge.requireString("currency");
		if (refunded <= 0) {
			return Outcome.none("charge " + charge.text("id") + " has no new refund");
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		put(properties, "charge_id", charge.text("id"));
		put(properties, "payment_intent_id", charge.id("payment_intent"));
		put(properties, "customer_id", charge.id("customer"));
		put(properties, "amount_refunded_total", StripeMoney.major(total, currency));
		put(properties, "fully_refunded", charge.bool("refunded"));
		return source.event(EventTypes.PAYMENT_REFUNDED, chargePerson(charge), StripeMoney.of(refunded, currency),
				properties);
	}

	private static Event.Person chargePerson(Node charge) {
		Node billing = charge.get("billing_details");
		String email = billing.text("email");
		return person((email != null) ? email : charge.text("receipt_email"), billing.text("name"),
				billing.text("phone"), charge.id("customer"));
	}

	private Outcome checkoutCompleted(Source source, Node session) {
		Node details = session.get("customer_details");
		String email = details.text("email");
		Map<String, Object> properties = new LinkedHashMap<>();
		put(properties, "checkout_session_id", session.text("id"));
		put(properties, "mode", session.text("mode"));
		put(properties, "payment_status", session.text("payment_status"));
		Long total = session.number("amount_total");
		String currency = session.text("currency");
		if (total != null && currency != null) {
			put(properties, "amount_total", StripeMoney.major(total, currency));
			put(properties, "currency", currency.toUpperCase(Locale.ROOT));
		}
		put(properties, "customer_id", session.id("customer"));
		put(properties, "subscription_id", session.id("subscription"));
		put(properties, "invoice_id", session.id("invoice"));
		put(properties, "client_reference_id", session.text("client_reference_id"));
		Event.Person person = person((email != null) ? email : session.text("customer_email"), details.text("name"),
				details.text("phone"), session.id("customer"));
		return source.event(EventTypes.CONTACT_CREATED, person, null, properties);
	}

	private Outcome customerCreated(Source source, Node customer) {
		String name = customer.text("name");
		Map<String, Object> properties = new LinkedHashMap<>();
		put(properties, "customer_id", customer.text("id"));
		put(properties, "name", name);
		put(properties, "business_name", customer.text("business_name"));
		Event.Person person = person(customer.text("email"), (name != null) ? name : customer.text("individual_name"),
				customer.text("phone"), customer.text("id"));
		return source.event(EventTypes.CONTACT_CREATED, person, null, properties);
	}

	private Outcome subscriptionCreated(Source source, Node subscription) {
		String status = subscription.text("status");
		if (!RUNNING.contains(status)) {
			return Outcome.none("subscription " + subscription.text("id") + " was created " + status
					+ "; it starts when it turns active or trialing");
		}
		return source.event(EventTypes.SUBSCRIPTION_STARTED, subscriber(subscription), null,
				subscriptionProperties(subscription));
	}

	/**
	 * A change of a subscription. In order:
	 * <ol>
	 * <li>the status became {@code canceled}: {@code subscription_canceled};</li>
	 * <li>the status became {@code active} or {@code trialing} from {@code incomplete}
	 * (the first payment went through): {@code subscription_started};</li>
	 * <li>the items (a price or a quantity) changed and are now worth more a month:
	 * {@code subscription_upgraded}, with {@code previous_monthly_amount},
	 * {@code monthly_amount} and {@code currency};</li>
	 * <li>a cancellation was scheduled ({@code cancel_at_period_end} turned true, or
	 * {@code cancel_at} was set) or withdrawn, the status changed otherwise, or the items
	 * changed otherwise: {@code subscription_updated} with a {@code change} property
	 * ({@code cancellation_scheduled}, {@code cancellation_withdrawn},
	 * {@code status_changed}, {@code downgraded}, or {@code items_changed} when their
	 * worth cannot be compared: tiered or metered prices, another currency);</li>
	 * <li>anything else (a renewal moving the period, metadata, the payment method): no
	 * event.</li>
	 * </ol>
	 * A scheduled cancellation is not {@code subscription_canceled}: the customer keeps
	 * paying until the period ends and can still withdraw it; Stripe sends
	 * {@code customer.subscription.deleted} when the subscription does end.
	 */
	private Outcome subscriptionUpdated(Source source, Node subscription, Node previous) {
		String status = subscription.text("status");
		String previousStatus = previous.has("status") ? previous.text("status") : status;
		Map<String, Object> properties = subscriptionProperties(subscription);
		boolean statusChanged = previous.has("status") && !Objects.equals(previousStatus, status);
		if (statusChanged) {
			put(properties, "previous_status", previousStatus);
		}
		if (statusChanged && "canceled".equals(status)) {
			return source.event(EventTypes.SUBSCRIPTION_CANCELED, subscriber(subscription), null, properties);
		}
		if (statusChanged && RUNNING.contains(status) && "incomplete".equals(previousStatus)) {
			return source.event(EventTypes.SUBSCRIPTION_STARTED, subscriber(subscription), null, properties);
		}
		String change = change(subscription, previous, statusChanged);
		if (change == null) {
			return Outcome.none("subscription " + subscription.text("id") + " changed nothing the engine follows");
		}
		if ("items_changed".equals(change)) {
			Monthly before = Monthly.of(previous);
			Monthly after = Monthly.of(subscription);
			if (before != null && after != null && before.currency().equals(after.currency())) {
				properties.put("previous_monthly_amount", before.major());
				properties.put("monthly_amount", after.major());
				properties.put("currency", after.currency().toUpperCase(Locale.ROOT));
				int compared = after.minorUnits().compareTo(before.minorUnits());
				if (compared > 0) {
					properties.put("change", "upgraded");
					return source.event(StripeConnectorFactory.SUBSCRIPTION_UPGRADED, subscriber(subscription), null,
							properties);
				}
				change = (compared < 0) ? "downgraded" : change;
			}
		}
		properties.put("change", change);
		return source.event(StripeConnectorFactory.SUBSCRIPTION_UPDATED, subscriber(subscription), null, properties);
	}

	/**
	 * What a subscription's items are worth a month: each item's unit amount times its
	 * quantity, a yearly price counted as a twelfth, a weekly as 52 / 12, a daily as 365
	 * / 12, each divided by its interval count.
	 *
	 * @param minorUnits the amount in minor units, exact
	 * @param currency the currency, lower case as Stripe gives it
	 */
	private record Monthly(BigDecimal minorUnits, String currency) {

		/**
		 * The monthly value, or null when a price has no unit amount (tiers, metered).
		 */
		static Monthly of(Node subscription) {
			BigDecimal total = BigDecimal.ZERO;
			String currency = null;
			for (Node item : subscription.get("items").list("data")) {
				Node price = item.get("price");
				Long unit = price.number("unit_amount");
				Long quantity = item.number("quantity");
				Node recurring = price.get("recurring");
				String interval = recurring.text("interval");
				Long count = recurring.number("interval_count");
				if (unit == null || price.text("currency") == null || interval == null
						|| (currency != null && !currency.equals(price.text("currency")))) {
					return null;
				}
				currency = price.text("currency");
				BigDecimal perMonth = switch (interval) {
					case "month" -> BigDecimal.ONE;
					case "year" -> BigDecimal.ONE.divide(BigDecimal.valueOf(12), MathContext.DECIMAL64);
					case "week" -> BigDecimal.valueOf(52).divide(BigDecimal.valueOf(12), MathContext.DECIMAL64);
					case "day" -> BigDecimal.valueOf(365).divide(BigDecimal.valueOf(12), MathContext.DECIMAL64);
					default -> null;
				};
				if (perMonth == null) {
					return null;
				}
				total = total.add(BigDecimal.valueOf(unit)
					.multiply(BigDecimal.valueOf((quantity != null) ? quantity : 1))
					.multiply(perMonth)
					.divide(BigDecimal.valueOf((count != null && count > 0) ? count : 1), MathContext.DECIMAL64));
			}
			return (currency != null) ? new Monthly(total, currency) : null;
		}

		/** In major units, to the currency's decimals, as text. */
		String major() {
			return this.minorUnits.movePointLeft(StripeMoney.decimals(this.currency))
				.setScale(StripeMoney.decimals(this.currency), RoundingMode.HALF_UP)
				.toPlainString();
		}

	}

	private static String change(Node subscription, Node previous, boolean statusChanged) {
		boolean scheduledNow = Boolean.TRUE.equals(subscription.bool("cancel_at_period_end"))
				|| subscription.number("cancel_at") != null;
		Boolean atPeriodEndBefore = previous.has("cancel_at_period_end") ? previous.bool("cancel_at_period_end")
				: subscription.bool("cancel_at_period_end");
		Long cancelAtBefore = previous.has("cancel_at") ? previous.number("cancel_at")
				: subscription.number("cancel_at");
		boolean scheduledBefore = Boolean.TRUE.equals(atPeriodEndBefore) || cancelAtBefore != null;
		if (scheduledNow && !scheduledBefore) {
			return "cancellation_scheduled";
		}
		if (!scheduledNow && scheduledBefore) {
			return "cancellation_withdrawn";
		}
		if (statusChanged) {
			return "status_changed";
		}
		return (previous.has("items") && !plan(previous).equals(plan(subscription))) ? "items_changed" : null;
	}

	/**
	 * What a subscription sells: each item's price and quantity. Since 2025-03-31.basil
	 * each renewal changes the items too (their period), which is not a change of plan.
	 */
	private static List<String> plan(Node subscription) {
		List<String> plan = new ArrayList<>();
		for (Node item : subscription.get("items").list("data")) {
			plan.add(item.get("price").text("id") + " x " + item.number("quantity"));
		}
		plan.sort(null);
		return plan;
	}

	private Outcome subscriptionDeleted(Source source, Node subscription) {
		Map<String, Object> properties = subscriptionProperties(subscription);
		Node cancellation = subscription.get("cancellation_details");
		put(properties, "cancellation_reason", cancellation.text("reason"));
		put(properties, "cancellation_feedback", cancellation.text("feedback"));
		return source.event(EventTypes.SUBSCRIPTION_CANCELED, subscriber(subscription), null, properties);
	}

	private static Event.Person subscriber(Node subscription) {
		return person(null, null, null, subscription.id("customer"));
	}

	private static Map<String, Object> subscriptionProperties(Node subscription) {
		Map<String, Object> properties = new LinkedHashMap<>();
		put(properties, "subscription_id", subscription.text("id"));
		put(properties, "customer_id", subscription.id("customer"));
		put(properties, "status", subscription.text("status"));
		List<String> prices = new ArrayList<>();
		long quantity = 0;
		for (Node item : subscription.get("items").list("data")) {
			String price = item.get("price").text("id");
			if (price != null) {
				prices.add(price);
			}
			Long itemQuantity = item.number("quantity");
			quantity += (itemQuantity != null) ? itemQuantity : 0;
		}
		if (!prices.isEmpty()) {
			properties.put("price_ids", prices);
			properties.put("quantity", quantity);
		}
		put(properties, "cancel_at_period_end", subscription.bool("cancel_at_period_end"));
		Long cancelAt = subscription.number("cancel_at");
		if (cancelAt != null) {
			properties.put("cancel_at", Instant.ofEpochSecond(cancelAt).toString());
		}
		return properties;
	}

	/**
	 * A person from what Stripe knows: the email, a name split at its first space (Stripe
	 * keeps one name field), the phone, and the customer id as the external id.
	 */
	private static Event.Person person(String email, String name, String phone, String customerId) {
		String first = null;
		String last = null;
		if (name != null) {
			int space = name.indexOf(' ');
			first = (space < 0) ? name : name.substring(0, space);
			last = (space < 0) ? null : name.substring(space + 1).trim();
		}
		return new Event.Person(email, first, last, null, phone, null, customerId);
	}

	private static void put(Map<String, Object> properties, String name, Object value) {
		if (value != null) {
			properties.put(name, value);
		}
	}

	/** Where an event comes from: the Stripe event's id and time. */
	private record Source(String id, Instant created) {

		Outcome event(String type, Event.Person person, Event.Money money, Map<String, Object> properties) {
			if (!person.identified()) {
				return Outcome.none("the " + type + " of " + this.id + " names no customer and no email");
			}
			return Outcome.of(new Event(type, this.created, this.id, person, null, null, money, properties));
		}

	}

	/**
	 * What a Stripe event became: an event, or none and why (for the log).
	 *
	 * @param event the event, or null
	 * @param why why there is none, or null
	 */
	record Outcome(Event event, String why) {

		static Outcome of(Event event) {
			return new Outcome(event, null);
		}

		static Outcome none(String why) {
			return new Outcome(null, why);
		}

		Optional<Event> optional() {
			return Optional.ofNullable(this.event);
		}

	}

}
