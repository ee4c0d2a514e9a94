package io.revcycle.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.revcycle.ApiTest;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Payments and refunds carry money: {@code "amount": {"amount", "currency"}} at the
 * event's top level (the flat {@code properties.amount} and {@code properties.currency}
 * of connectors, and a money object in {@code properties.amount}, are still read), parsed
 * once and read by alerts, the timeline and the back-test, which nets refunds.
 */
class PaymentMoneyTests extends ApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aPaymentWithoutValidPositiveMoneyIsRefusedAndNothingStored() {
		SignedUp tenant = TestTenants.signUp(this.api, "money-bad");
		assertRefused(tenant, payment("p-none", "none@initech.com", null, Map.of()), "events[0].amount",
				"needs the money");
		assertRefused(tenant, payment("p-neg", "neg@initech.com", money("-5.00", "EUR"), Map.of()), "events[0].amount",
				"more than zero");
		assertRefused(tenant, payment("p-zero", "zero@initech.com", money("0", "EUR"), Map.of()), "events[0].amount",
				"more than zero");
		assertRefused(tenant, payment("p-cur", "cur@initech.com", money("5.00", "XYZ"), Map.of()), "events[0].amount",
				"ISO 4217");
		assertRefused(tenant, payment("p-nan", "nan@initech.com", money("five", "EUR"), Map.of()), "events[0].amount",
				"not a decimal number");
		assertRefused(tenant, payment("p-flat", "flat@initech.com", null, Map.of("amount", "12.00")),
				"events[0].properties", "currency is required");
		Map<String, Object> refund = payment("r-none", "none@initech.com", null, Map.of());
		refund.put("type", "payment_refunded");
		assertRefused(tenant, refund, "events[0].amount", "payment_refunded");
		assertThat(this.api.get("/api/v1/people", tenant.auth()).json().get("items").size())
			.as("a refused batch stores nothing")
			.isZero();
	}

	@Test
	void moneyIsParsedOnceAndAlertsTheTimelineAndTheBacktestReadIt() {
		SignedUp tenant = TestTenants.signUp(this.api, "money");
		SignedUp other = TestTenants.signUp(this.api, "money-other");
		List<Map<String, Object>> events = new ArrayList<>();
		events.add(payment("pay-top", "ann@initech.com", money("12000.00", "USD"), Map.of()));
		events.add(payment("pay-flat", "bob@initech.com", null, Map.of("amount", "19.99", "currency", "eur")));
		events.add(payment("pay-object", "cid@initech.com", null, Map.of("amount", money("5", "GBP"))));
		Map<String, Object> refund = payment("ref-1", "ann@initech.com", money("20", "USD"), Map.of());
		refund.put("type", "payment_refunded");
		events.add(refund);
		ApiClient.Response stored = this.api.post("/api/v1/events", Map.of("events", events), tenant.auth());
		assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
		assertThat(stored.json().get("accepted").asInt()).isEqualTo(4);

		List<String> titles = new ArrayList<>();
		this.api.get("/api/v1/notifications?limit=500", tenant.auth())
			.json()
			.get("items")
			.forEach((n) -> titles.add(n.get("title").asString()));
		assertThat(titles).contains("Payment received: 12000.00 USD", "Payment received: 19.99 EUR",
				"Payment received: 5.00 GBP", "Payment refunded: 20.00 USD");
		assertThat(String.join("|", titles)).doesNotContain("{amount=").doesNotContain("null");

		String ann = this.api.get("/api/v1/people?email=ann@initech.com", tenant.auth())
			.json()
			.get("items")
			.get(0)
			.get("id")
			.asString();
		JsonNode payment = null;
		for (JsonNode entry : this.api.get("/api/v1/people/" + ann + "/timeline?limit=500", tenant.auth())
			.json()
			.get("items")) {
			if (entry.get("type").asString().equals("payment_succeeded")) {
				payment = entry;
			}
		}
		assertThat(payment).isNotNull();
		assertThat(payment.get("summary").asString()).isEqualTo("payment succeeded 12000.00 USD");
		assertThat(payment.get("data").get("amount").get("amount").asString()).isEqualTo("12000.00");
		assertThat(payment.get("data").get("amount").get("currency").asString()).isEqualTo("USD");

		// a model under which everyone with activity is an MQL: the back-test counts all
		// the cash, net of refunds
		Map<String, Object> definition = JSON.convertValue(
				this.api.get("/api/v1/scoring-models", tenant.auth()).json().get("items").get(0).get("definition"),
				LinkedHashMap.class);
		definition.put("mqlFit", -1000);
		definition.put("mqlBehaviour", -1000);
		ApiClient.Response draft = this.api.post("/api/v1/scoring-models", Map.of("definition", definition),
				tenant.auth());
		assertThat(draft.status()).as(draft.toString()).isEqualTo(201);
		JsonNode figures = this.api
			.post("/api/v1/scoring-models/" + draft.json().get("id").asString() + "/backtest", Map.of(), tenant.auth())
			.json()
			.get("model");
		Map<String, String> revenue = new LinkedHashMap<>();
		figures.get("revenue").forEach((m) -> revenue.put(m.get("currency").asString(), m.get("amount").asString()));
		assertThat(revenue).containsEntry("USD", "11980.00").containsEntry("EUR", "19.99").containsEntry("GBP", "5.00");

		assertThat(this.api.get("/api/v1/people?email=ann@initech.com", other.auth()).json().get("items").size())
			.isZero();
		assertThat(this.api.get("/api/v1/notifications", other.auth()).body()).doesNotContain("Payment");
	}

	private void assertRefused(SignedUp tenant, Map<String, Object> event, String field, String says) {
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", List.of(event)), tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains(field).contains(says);
	}

	private static Map<String, Object> money(String amount, String currency) {
		return Map.of("amount", amount, "currency", currency);
	}

	private static Map<String, Object> payment(String id, String email, Map<String, Object> amount,
			Map<String, Object> properties) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "payment_succeeded");
		event.put("occurredAt", "2026-11-20T10:00:00Z");
		event.put("source", "billing");
		event.put("externalId", id);
		event.put("person", Map.of("email", email));
		if (amount != null) {
			event.put("amount", amount);
		}
		event.put("properties", properties);
		return event;
	}

}
