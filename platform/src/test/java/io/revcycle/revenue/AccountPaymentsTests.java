package io.revcycle.revenue;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/payments?accountId=}: the payments and refunds of an account's
 * people, newest first and paged; another tenant's account answers 404.
 */
class AccountPaymentsTests extends ApiTest {

	@Test
	void anAccountsPaymentsAndRefundsAndNothingOfAnotherAccountOrTenant() {
		SignedUp tenant = TestTenants.signUp(this.api, "account-pay");
		SignedUp other = TestTenants.signUp(this.api, "account-pay-other");
		String ann = payment(tenant, "pay-1", "payment_succeeded", "ann@initech.com", "initech.com", "1200.00",
				"2026-11-01T10:00:00Z");
		payment(tenant, "pay-2", "payment_succeeded", "bob@initech.com", "initech.com", "300.00",
				"2026-11-02T10:00:00Z");
		payment(tenant, "ref-1", "payment_refunded", "ann@initech.com", "initech.com", "200.00",
				"2026-11-03T10:00:00Z");
		payment(tenant, "pay-3", "payment_succeeded", "cy@globex.com", "globex.com", "999.00", "2026-11-04T10:00:00Z");
		String account = get(tenant.auth(), "/api/v1/people/" + ann).get("accountId").asString();

		JsonNode page = get(tenant.auth(), "/api/v1/payments?accountId=" + account);
		List<String> rows = new ArrayList<>();
		page.get("items")
			.forEach((p) -> rows.add(p.get("kind").asString() + " " + p.get("amount").get("amount").asString() + " "
					+ p.get("amount").get("currency").asString()));
		assertThat(rows).as("newest first, the other account's left out")
			.containsExactly("refund 200.00 EUR", "payment 300.00 EUR", "payment 1200.00 EUR");
		JsonNode first = get(tenant.auth(), "/api/v1/payments?accountId=" + account + "&limit=2");
		assertThat(first.get("items").size()).isEqualTo(2);
		JsonNode rest = get(tenant.auth(),
				"/api/v1/payments?accountId=" + account + "&limit=2&cursor=" + first.get("nextCursor").asString());
		assertThat(rest.get("items").size()).isEqualTo(1);
		assertThat(rest.get("items").get(0).get("personId").asString()).isEqualTo(ann);
		assertThat(get(tenant.auth(), "/api/v1/payments?personId=" + ann + "&accountId=" + account).get("items").size())
			.as("both filters hold")
			.isEqualTo(2);

		ApiClient.Response foreign = this.api.get("/api/v1/payments?accountId=" + account, other.auth());
		assertThat(foreign.status()).isEqualTo(404);
		assertThat(foreign.body()).doesNotContain("initech");
		ApiClient.Response missing = this.api.get("/api/v1/payments?accountId=" + java.util.UUID.randomUUID(),
				tenant.auth());
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.json().get("detail").asString()).contains("account");
		assertThat(this.api.get("/api/v1/payments?accountId=initech", tenant.auth()).status()).isEqualTo(400);
	}

	private String payment(SignedUp tenant, String id, String type, String email, String domain, String amount,
			String at) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", type);
		event.put("occurredAt", at);
		event.put("source", "billing");
		event.put("externalId", id);
		event.put("person", Map.of("email", email));
		event.put("account", Map.of("domain", domain));
		event.put("amount", Map.of("amount", amount, "currency", "EUR"));
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", List.of(event)), tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("results").get(0).get("personId").asString();
	}

	private JsonNode get(String[] auth, String path) {
		ApiClient.Response response = this.api.get(path, auth);
		assertThat(response.status()).as(path + " " + response).isEqualTo(200);
		return response.json();
	}

}
