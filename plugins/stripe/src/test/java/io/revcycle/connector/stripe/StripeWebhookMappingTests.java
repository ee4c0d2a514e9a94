package io.revcycle.connector.stripe;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.EventTypes;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;
import io.revcycle.plugin.testkit.TestContext;

import static io.revcycle.connector.stripe.StripeFixtures.SECRET;
import static io.revcycle.connector.stripe.StripeFixtures.connector;
import static io.revcycle.connector.stripe.StripeFixtures.context;
import static io.revcycle.connector.stripe.StripeFixtures.object;
import static io.revcycle.connector.stripe.StripeFixtures.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each Stripe event becomes, from signed fixtures in Stripe's event format, through
 * the connector's real webhook handling.
 */
class StripeWebhookMappingTests {

	private static final Instant CREATED = Instant.parse("2026-11-26T10:00:00Z");

	private TestContext context = context(Map.of("webhookSecret", SECRET));

	@Test
	void invoicePaidInEurosIsAPaymentOfTheAmountPaidByTheInvoicesCustomer() {
		Event event = single(payload("invoice.paid"));

		assertThat(event.type()).isEqualTo(EventTypes.PAYMENT_SUCCEEDED);
		assertThat(event.externalId()).isEqualTo("evt_1SXqT4LkdIwHu7ixC0pK2mWd");
		assertThat(event.occurredAt()).isEqualTo(CREATED);
		assertThat(event.money().currency()).isEqualTo("EUR");
		assertThat(event.money().amount()).isEqualByComparingTo("19.99");
		assertThat(event.person().email()).isEqualTo("jenny.rosen@example.com");
		assertThat(event.person().externalId()).isEqualTo("cus_TUrZc9fQeWk2Lm");
		assertThat(event.person().firstName()).isEqualTo("Jenny");
		assertThat(event.person().lastName()).isEqualTo("Rosen");
		assertThat(event.properties()).containsEntry("invoice_id", "in_1SXqT1LkdIwHu7ixYb3vQp8R")
			.containsEntry("invoice_number", "8A1F0C2D-0001")
			.containsEntry("subscription_id", "sub_1SXqT0LkdIwHu7ixVd9sE4aN")
			.containsEntry("customer_id", "cus_TUrZc9fQeWk2Lm")
			.containsEntry("billing_reason", "subscription_create");
	}

	@ParameterizedTest(name = "{0} {1} is {2} {0}")
	@CsvSource({ "eur, 1999, 19.99", "jpy, 1999, 1999", "kwd, 1999, 1.999", "bhd, 125470, 125.470", "usd, 5, 0.05",
			"krw, 1500000, 1500000", "isk, 500, 5", "ugx, 500, 5" })
	void invoicePaidAmountsAreExactInTheCurrencysMajorUnit(String currency, long minor, String major) {
		Event event = single(payload("invoice.paid", (e) -> {
			object(e).addProperty("currency", currency);
			object(e).addProperty("amount_paid", minor);
		}));

		assertThat(event.money().currency()).isEqualTo(currency.toUpperCase());
		assertThat(event.money().amount()).isEqualByComparingTo(major);
	}

	@Test
	void anInvoicePaidWithNothingIsNoPayment() {
		WebhookResult result = handle(payload("invoice.paid", (e) -> object(e).addProperty("amount_paid", 0)));

		assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
		assertThat(result.events()).isEmpty();
	}

	@Test
	void anInvoiceOfAnApiVersionBeforeBasilNamesItsSubscriptionAtTheTop() {
		Event event = single(payload("invoice.paid", (e) -> {
			e.addProperty("api_version", "2024-09-30.acacia");
			object(e).add("parent", JsonNull.INSTANCE);
			object(e).addProperty("subscription", "sub_1QaB7cLkdIwHu7ixS3bT9pLm");
		}));

		assertThat(event.properties()).containsEntry("subscription_id", "sub_1QaB7cLkdIwHu7ixS3bT9pLm");
	}

	@Test
	void aChargeOfAnApiVersionThatNoLongerNamesItsInvoiceIsNotCountedByDefault() {
		WebhookResult result = handle(payload("charge.succeeded"));

		assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
		assertThat(result.events()).isEmpty();
		assertThat(this.context.logLines()).anyMatch((line) -> line.contains("countUnlinkedCharges"));
	}

	@Test
	void aChargeOfSuchAnApiVersionCountsWhenTheTenantSaysTheAccountBillsNoInvoices() {
		this.context = context(Map.of("webhookSecret", SECRET, "countUnlinkedCharges", "true"));

		Event event = single(payload("charge.succeeded"));

		assertThat(event.type()).isEqualTo(EventTypes.PAYMENT_SUCCEEDED);
		assertThat(event.externalId()).isEqualTo("evt_3SXr2kLkdIwHu7ix0Yq1fT9a");
		assertThat(event.money()).isEqualTo(new Event.Money(new BigDecimal("49.00"), "EUR"));
		assertThat(event.person().email()).isEqualTo("max.mustermann@example.com");
		assertThat(event.person().externalId()).isEqualTo("cus_TUsA4bXn7RqZ1k");
		assertThat(event.properties()).containsEntry("charge_id", "ch_3SXr2kLkdIwHu7ix0m8dP2Qe")
			.containsEntry("payment_intent_id", "pi_3SXr2kLkdIwHu7ix0pR5xK3d");
	}

	@Test
	void aChargeThatNamesNoInvoiceIsAPayment() {
		Event event = single(payload("charge.succeeded.acacia"));

		assertThat(event.type()).isEqualTo(EventTypes.PAYMENT_SUCCEEDED);
		assertThat(event.externalId()).isEqualTo("evt_3QaB7cLkdIwHu7ix1Hn4sR2v");
		assertThat(event.money().amount()).isEqualByComparingTo("49.00");
		assertThat(event.person().email()).isEqualTo("max.mustermann@example.com");
	}

	@Test
	void aChargeThatPaysAnInvoiceIsNoPaymentOfItsOwnSoTheInvoiceIsNotCountedTwice() {
		WebhookResult result = handle(payload("charge.succeeded.acacia",
				(e) -> object(e).addProperty("invoice", "in_1QaB7bLkdIwHu7ixGm2Vc8Rt")));

		assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
		assertThat(result.events()).isEmpty();
	}

	@Test
	void aChargesEmailIsTheReceiptEmailWhenTheBillingDetailsHaveNone() {
		Event event = single(payload("charge.succeeded.acacia", (e) -> {
			object(e).getAsJsonObject("billing_details").add("email", JsonNull.INSTANCE);
			object(e).addProperty("receipt_email", "receipts@example.com");
		}));

		assertThat(event.person().email()).isEqualTo("receipts@example.com");
	}

	@ParameterizedTest(name = "{0} {1} is {2} {0}")
	@CsvSource({ "jpy, 4900, 4900", "kwd, 4900, 4.900", "eur, 4900, 49.00" })
	void chargeAmountsAreExactInTheCurrencysMajorUnit(String currency, long minor, String major) {
		Event event = single(payload("charge.succeeded.acacia", (e) -> {
			object(e).addProperty("currency", currency);
			object(e).addProperty("amount", minor);
			object(e).addProperty("amount_captured", minor);
		}));

		assertThat(event.money().currency()).isEqualTo(currency.toUpperCase());
		assertThat(event.money().amount()).isEqualByComparingTo(major);
	}

	@Test
	void anAuthorizedChargeIsNoPaymentUntilItIsCaptured() {
		Consumer<JsonObject> authorized = (e) -> {
			object(e).addProperty("captured", false);
			object(e).addProperty("amount_captured", 0);
		};
		assertThat(handle(payload("charge.succeeded.acacia", authorized)).events()).isEmpty();

		Event captured = single(payload("charge.succeeded.acacia", (e) -> {
			e.addProperty("id", "evt_3QaB9dLkdIwHu7ix0Ky6Tg1s");
			e.addProperty("type", "charge.captured");
			object(e).addProperty("amount_captured", 3000);
		}));

		assertThat(captured.type()).isEqualTo(EventTypes.PAYMENT_SUCCEEDED);
		assertThat(captured.money().amount()).isEqualByComparingTo("30.00");
	}

	@Test
	void aRefundIsTheAmountThisEventRefunded() {
		Event event = single(payload("charge.refunded"));

		assertThat(event.type()).isEqualTo(EventTypes.PAYMENT_REFUNDED);
		assertThat(event.externalId()).isEqualTo("evt_3SXr2kLkdIwHu7ix0Dd3Rf6u");
		assertThat(event.money()).isEqualTo(new Event.Money(new BigDecimal("15.00"), "EUR"));
		assertThat(event.person().email()).isEqualTo("max.mustermann@example.com");
		assertThat(event.properties()).containsEntry("charge_id", "ch_3SXr2kLkdIwHu7ix0m8dP2Qe")
			.containsEntry("fully_refunded", false);
	}

	@Test
	void aSecondPartialRefundCountsOnlyWhatItAdded() {
		Event event = single(payload("charge.refunded", (e) -> {
			e.addProperty("id", "evt_3SXr2kLkdIwHu7ix0Gh8Kp2z");
			object(e).addProperty("amount_refunded", 4900);
			object(e).addProperty("refunded", true);
			e.getAsJsonObject("data").getAsJsonObject("previous_attributes").addProperty("amount_refunded", 1500);
		}));

		assertThat(event.money().amount()).isEqualByComparingTo("34.00");
		assertThat(event.properties()).containsEntry("fully_refunded", true);
		assertThat((BigDecimal) event.properties().get("amount_refunded_total")).isEqualByComparingTo("49.00");
	}

	@Test
	void aRefundInYenIsInYen() {
		Event event = single(payload("charge.refunded", (e) -> {
			object(e).addProperty("currency", "jpy");
			object(e).addProperty("amount_refunded", 1500);
		}));

		assertThat(event.money()).isEqualTo(new Event.Money(new BigDecimal("1500"), "JPY"));
	}

	@Test
	void aCompletedCheckoutIdentifiesTheBuyerAndCarriesTheTotalWithoutCountingAPayment() {
		Event event = single(payload("checkout.session.completed"));

		assertThat(event.type()).isEqualTo(EventTypes.CONTACT_CREATED);
		assertThat(event.money()).isNull();
		assertThat(event.person().email()).isEqualTo("jenny.rosen@example.com");
		assertThat(event.person().firstName()).isEqualTo("Jenny");
		assertThat(event.person().lastName()).isEqualTo("Rosen");
		assertThat(event.person().externalId()).isEqualTo("cus_TUrZc9fQeWk2Lm");
		assertThat((BigDecimal) event.properties().get("amount_total")).isEqualByComparingTo("19.99");
		assertThat(event.properties()).containsEntry("currency", "EUR")
			.containsEntry("mode", "subscription")
			.containsEntry("payment_status", "paid")
			.containsEntry("subscription_id", "sub_1SXqT0LkdIwHu7ixVd9sE4aN")
			.containsEntry("client_reference_id", "signup-4f1c2a");
	}

	@Test
	void aGuestCheckoutIsKnownByItsEmail() {
		Event event = single(payload("checkout.session.completed", (e) -> {
			object(e).add("customer", JsonNull.INSTANCE);
			object(e).getAsJsonObject("customer_details").addProperty("name", "Madonna");
		}));

		assertThat(event.person().externalId()).isNull();
		assertThat(event.person().email()).isEqualTo("jenny.rosen@example.com");
		assertThat(event.person().firstName()).isEqualTo("Madonna");
		assertThat(event.person().lastName()).isNull();
	}

	@Test
	void aNewCustomerIsANewContact() {
		Event event = single(payload("customer.created"));

		assertThat(event.type()).isEqualTo(EventTypes.CONTACT_CREATED);
		assertThat(event.externalId()).isEqualTo("evt_1SXqSzLkdIwHu7ixTg5Hq1Ra");
		assertThat(event.person()).isEqualTo(new Event.Person("jenny.rosen@example.com", "Jenny", "Rosen", null,
				"+49 30 1234567", null, "cus_TUrZc9fQeWk2Lm"));
		assertThat(event.properties()).containsEntry("customer_id", "cus_TUrZc9fQeWk2Lm");
	}

	@Test
	void aCustomerWithNeitherEmailNorIdIsDroppedAndLogged() {
		WebhookResult result = handle(payload("checkout.session.completed", (e) -> {
			object(e).add("customer", JsonNull.INSTANCE);
			object(e).getAsJsonObject("customer_details").add("email", JsonNull.INSTANCE);
		}));

		assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
		assertThat(result.events()).isEmpty();
		assertThat(this.context.logLines()).anyMatch((line) -> line.contains("names no customer and no email"));
	}

	@Test
	void anActiveNewSubscriptionHasStarted() {
		Event event = single(payload("customer.subscription.created"));

		assertThat(event.type()).isEqualTo(EventTypes.SUBSCRIPTION_STARTED);
		assertThat(event.person().externalId()).isEqualTo("cus_TUrZc9fQeWk2Lm");
		assertThat(event.properties()).containsEntry("subscription_id", "sub_1SXqT0LkdIwHu7ixVd9sE4aN")
			.containsEntry("status", "active")
			.containsEntry("price_ids", List.of("price_1SWx4CLkdIwHu7ixf0Qe3Gh2"))
			.containsEntry("quantity", 1L);
	}

	@Test
	void anIncompleteSubscriptionStartsWhenItsFirstPaymentMakesItActive() {
		assertThat(
				handle(payload("customer.subscription.created", (e) -> object(e).addProperty("status", "incomplete")))
					.events())
			.isEmpty();

		Event event = single(payload("customer.subscription.created", (e) -> {
			e.addProperty("type", "customer.subscription.updated");
			e.getAsJsonObject("data").add("previous_attributes", json("{\"status\": \"incomplete\"}"));
		}));

		assertThat(event.type()).isEqualTo(EventTypes.SUBSCRIPTION_STARTED);
		assertThat(event.properties()).containsEntry("previous_status", "incomplete");
	}

	@Test
	void aCancellationAtThePeriodsEndIsScheduledNotYetACancellation() {
		Event event = single(payload("customer.subscription.updated"));

		assertThat(event.type()).isEqualTo(StripeConnectorFactory.SUBSCRIPTION_UPDATED);
		assertThat(event.properties()).containsEntry("change", "cancellation_scheduled")
			.containsEntry("cancel_at_period_end", true)
			.containsEntry("cancel_at", "2026-12-27T09:59:56Z");
	}

	@Test
	void aWithdrawnCancellationIsAnUpdate() {
		Event event = single(payload("customer.subscription.updated", (e) -> {
			object(e).add("cancel_at", JsonNull.INSTANCE);
			object(e).addProperty("cancel_at_period_end", false);
			e.getAsJsonObject("data")
				.add("previous_attributes", json("{\"cancel_at\": 1798365596, \"cancel_at_period_end\": true}"));
		}));

		assertThat(event.properties()).containsEntry("change", "cancellation_withdrawn");
	}

	@Test
	void aSubscriptionWhoseStatusBecameCanceledIsCanceled() {
		Event event = single(payload("customer.subscription.updated", (e) -> {
			object(e).addProperty("status", "canceled");
			e.getAsJsonObject("data").add("previous_attributes", json("{\"status\": \"active\"}"));
		}));

		assertThat(event.type()).isEqualTo(EventTypes.SUBSCRIPTION_CANCELED);
		assertThat(event.properties()).containsEntry("previous_status", "active");
	}

	@Test
	void otherStatusChangesAndNewPricesAreUpdates() {
		Event pastDue = single(payload("customer.subscription.created", (e) -> {
			e.addProperty("type", "customer.subscription.updated");
			object(e).addProperty("status", "past_due");
			e.getAsJsonObject("data").add("previous_attributes", json("{\"status\": \"active\"}"));
		}));
		assertThat(pastDue.type()).isEqualTo(StripeConnectorFactory.SUBSCRIPTION_UPDATED);
		assertThat(pastDue.properties()).containsEntry("change", "status_changed")
			.containsEntry("previous_status", "active");

		Event upgraded = single(payload("customer.subscription.created", (e) -> {
			e.addProperty("type", "customer.subscription.updated");
			JsonObject data = e.getAsJsonObject("data");
			JsonObject before = json("{\"items\": " + object(e).get("items") + "}");
			data.add("previous_attributes", before);
			item(object(e)).addProperty("quantity", 5);
		}));
		assertThat(upgraded.type()).as("five seats where there was one").isEqualTo("subscription_upgraded");
		assertThat(upgraded.properties()).containsEntry("change", "upgraded")
			.containsEntry("quantity", 5L)
			.containsEntry("previous_monthly_amount", "19.99")
			.containsEntry("monthly_amount", "99.95")
			.containsEntry("currency", "EUR");
	}

	@Test
	void aCheaperSetOfItemsIsADowngradeAndAYearlyPriceCountsAsATwelfth() {
		Event downgraded = single(payload("customer.subscription.created", (e) -> {
			e.addProperty("type", "customer.subscription.updated");
			JsonObject before = json("{\"items\": " + object(e).get("items") + "}");
			item(before).addProperty("quantity", 3);
			e.getAsJsonObject("data").add("previous_attributes", before);
		}));
		assertThat(downgraded.type()).isEqualTo(StripeConnectorFactory.SUBSCRIPTION_UPDATED);
		assertThat(downgraded.properties()).containsEntry("change", "downgraded")
			.containsEntry("previous_monthly_amount", "59.97")
			.containsEntry("monthly_amount", "19.99");

		// from 19.99 a month to 239.88 a year for two seats: 39.98 a month, an upgrade
		Event yearly = single(payload("customer.subscription.created", (e) -> {
			e.addProperty("type", "customer.subscription.updated");
			JsonObject before = json("{\"items\": " + object(e).get("items") + "}");
			e.getAsJsonObject("data").add("previous_attributes", before);
			JsonObject price = item(object(e)).getAsJsonObject("price");
			price.addProperty("id", "price_yearly");
			price.addProperty("unit_amount", 23988);
			price.getAsJsonObject("recurring").addProperty("interval", "year");
			item(object(e)).addProperty("quantity", 2);
		}));
		assertThat(yearly.type()).isEqualTo("subscription_upgraded");
		assertThat(yearly.properties()).containsEntry("monthly_amount", "39.98");

		// a tiered price has no unit amount: a change, its worth unknown
		Event tiered = single(payload("customer.subscription.created", (e) -> {
			e.addProperty("type", "customer.subscription.updated");
			JsonObject before = json("{\"items\": " + object(e).get("items") + "}");
			e.getAsJsonObject("data").add("previous_attributes", before);
			JsonObject price = item(object(e)).getAsJsonObject("price");
			price.addProperty("id", "price_tiered");
			price.add("unit_amount", JsonNull.INSTANCE);
		}));
		assertThat(tiered.type()).isEqualTo(StripeConnectorFactory.SUBSCRIPTION_UPDATED);
		assertThat(tiered.properties()).containsEntry("change", "items_changed").doesNotContainKey("monthly_amount");
	}

	@Test
	void anInvoiceForAMidPeriodUpgradeIsAnExpansionPayment() {
		Event proration = single(
				payload("invoice.paid", (e) -> object(e).addProperty("billing_reason", "subscription_update")));
		assertThat(proration.type()).isEqualTo(EventTypes.PAYMENT_SUCCEEDED);
		assertThat(proration.properties()).containsEntry("expansion", true)
			.containsEntry("billing_reason", "subscription_update");

		Event renewal = single(
				payload("invoice.paid", (e) -> object(e).addProperty("billing_reason", "subscription_cycle")));
		assertThat(renewal.properties()).doesNotContainKey("expansion");
	}

	@Test
	void aRenewalThatOnlyMovesThePeriodIsNoEvent() {
		WebhookResult result = handle(payload("customer.subscription.created", (e) -> {
			e.addProperty("type", "customer.subscription.updated");
			JsonObject before = json("{\"items\": " + object(e).get("items") + ", \"latest_invoice\": \"in_prev\"}");
			item(before).addProperty("current_period_start", 1793008796);
			item(before).addProperty("current_period_end", 1795687196);
			e.getAsJsonObject("data").add("previous_attributes", before);
		}));

		assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
		assertThat(result.events()).isEmpty();
	}

	@Test
	void aDeletedSubscriptionIsCanceledWithStripesReason() {
		Event event = single(payload("customer.subscription.deleted"));

		assertThat(event.type()).isEqualTo(EventTypes.SUBSCRIPTION_CANCELED);
		assertThat(event.externalId()).isEqualTo("evt_1SaPq3LkdIwHu7ixE8rN4tYc");
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-12-27T10:00:00Z"));
		assertThat(event.properties()).containsEntry("status", "canceled")
			.containsEntry("cancellation_reason", "cancellation_requested")
			.containsEntry("cancellation_feedback", "too_expensive");
	}

	@Test
	void otherEventTypesAreAcceptedWithoutEventsSoStripeDoesNotRetryThem() {
		WebhookResult result = handle(payload("invoice.paid", (e) -> e.addProperty("type", "invoice.finalized")));

		assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
		assertThat(result.events()).isEmpty();
	}

	@Test
	void aVerifiedEventMissingWhatItsTypeAlwaysHasIsRefusedNamingTheField() {
		WebhookResult result = handle(payload("invoice.paid", (e) -> object(e).remove("amount_paid")));

		assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
		assertThat(result.reason()).contains("evt_1SXqT4LkdIwHu7ixC0pK2mWd")
			.contains("data.object.amount_paid is missing");
	}

	@Test
	void everyMappedEventTypeIsDeclaredInTheDescriptor() {
		this.context = context(Map.of("webhookSecret", SECRET, "countUnlinkedCharges", "true"));
		List<String> fixtures = List.of("invoice.paid", "charge.succeeded", "charge.refunded",
				"checkout.session.completed", "customer.created", "customer.subscription.created",
				"customer.subscription.updated", "customer.subscription.deleted");

		for (String fixture : fixtures) {
			assertThat(new StripeConnectorFactory().descriptor().produces()).contains(single(payload(fixture)).type());
		}
	}

	private Event single(String payload) {
		WebhookResult result = handle(payload);
		assertThat(result.outcome()).as(result.reason()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
		assertThat(result.events()).hasSize(1);
		return result.events().get(0);
	}

	private WebhookResult handle(String payload) {
		WebhookRequest request = StripeFixtures.signed(payload, SECRET, this.context.clock().instant());
		WebhookResult result = this.context.handlingWebhook(() -> connector(this.context).handleWebhook(request));
		assertThat(this.context.requests()).isEmpty();
		return result;
	}

	private static JsonObject item(JsonObject subscription) {
		JsonArray items = subscription.getAsJsonObject("items").getAsJsonArray("data");
		return items.get(0).getAsJsonObject();
	}

	private static JsonObject json(String text) {
		return JsonParser.parseString(text).getAsJsonObject();
	}

}
