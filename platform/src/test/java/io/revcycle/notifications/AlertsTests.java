package io.revcycle.notifications;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.revcycle.ApiTest;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class AlertsTests extends ApiTest {

	@Test
	void aPaymentAlertsTheSalesOwnerAndANewCustomerAlertsFinance() {
		SignedUp tenant = TestTenants.signUp(this.api, "alerts");
		String[] owner = user(tenant, "sally", "ae");
		String[] finance = user(tenant, "fiona", "finance");
		String ownerId = this.api.get("/api/v1/notifications", owner).status() == 200 ? userId(tenant, "sally") : null;
		String person = event(tenant, "email_opened", "e-1");
		assertThat(this.api.post("/api/v1/people/" + person + "/owner", Map.of("ownerId", ownerId), tenant.auth())
			.status()).isEqualTo(200);

		event(tenant, "payment_succeeded", "p-1");

		List<JsonNode> sales = inbox(owner);
		assertThat(sales).extracting((n) -> n.get("kind").asString())
			.as("the assignment, then the payment")
			.containsExactly("payment_received", "owner_assigned");
		assertThat(sales.get(0).get("title").asString()).contains("99.00").contains("EUR");
		List<JsonNode> money = inbox(finance);
		assertThat(money).extracting((n) -> n.get("kind").asString()).containsExactly("customer_created");

		String id = money.get(0).get("id").asString();
		assertThat(this.api.post("/api/v1/notifications/" + id + "/read", Map.of(), owner).status()).isEqualTo(404);
		assertThat(this.api.post("/api/v1/notifications/" + id + "/read", Map.of(), finance).status()).isEqualTo(204);
		assertThat(inbox(finance).get(0).get("readAt").isNull()).isFalse();

		SignedUp other = TestTenants.signUp(this.api, "alerts-other");
		assertThat(inbox(other.auth())).isEmpty();
		assertThat(this.api.post("/api/v1/notifications/" + id + "/read", Map.of(), other.auth()).status())
			.isEqualTo(404);
	}

	private String event(SignedUp tenant, String type, String externalId) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", type);
		event.put("occurredAt", Instant.now().minusSeconds(1).toString());
		event.put("source", "stripe");
		event.put("externalId", externalId);
		event.put("person", Map.of("email", "buyer@initech.com"));
		event.put("properties", Map.of("amount", "99.00", "currency", "EUR"));
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", List.of(event)), tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("results").get(0).get("personId").asString();
	}

	private String[] user(SignedUp tenant, String name, String role) {
		String email = name + "@" + tenant.slug() + ".example.com";
		assertThat(this.api
			.post("/api/v1/users", Map.of("email", email, "password", "long-enough-password", "roles", List.of(role)),
					tenant.auth())
			.status()).isEqualTo(201);
		return ApiClient.bearer(TestServices.keycloak().passwordGrant(email, "long-enough-password"));
	}

	private String userId(SignedUp tenant, String name) {
		String token = TestServices.keycloak()
			.passwordGrant(name + "@" + tenant.slug() + ".example.com", "long-enough-password");
		String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
				java.nio.charset.StandardCharsets.UTF_8);
		return tools.jackson.databind.json.JsonMapper.builder().build().readTree(payload).get("sub").asString();
	}

	private List<JsonNode> inbox(String[] auth) {
		List<JsonNode> items = new ArrayList<>();
		this.api.get("/api/v1/notifications", auth).json().get("items").forEach(items::add);
		return items;
	}

}
