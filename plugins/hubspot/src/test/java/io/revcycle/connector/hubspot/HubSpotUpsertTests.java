package io.revcycle.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.Action;
import io.revcycle.plugin.api.ActionResult;

/**
 * The upsert actions against the local fake of HubSpot: the requests HubSpot receives
 * (bearer token, {@code idProperty}, batches of at most 100), the ids that come back, and
 * what becomes of rate limits, validation errors, server errors and unreachable hosts.
 */
class HubSpotUpsertTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:15:30Z"));

	private final FakeHubSpot hubspot = new FakeHubSpot(this.clock::instant);

	@AfterEach
	void stop() {
		this.hubspot.close();
	}

	@Test
	void oneContactIsUpsertedByEmailWithTheBearerToken() throws IOException {
		ActionResult result = connector(Map.of()).perform(new Action("upsert_contact", "out-1",
				Map.of("email", "ada@acme.example", "firstname", "Ada", "lastname", "Lovelace", "employees", 12)));

		assertThat(result.status()).isEqualTo(ActionResult.Status.DONE);
		List<Map<String, String>> contacts = this.hubspot.records("contacts");
		assertThat(contacts).singleElement()
			.satisfies((c) -> assertThat(c).containsEntry("email", "ada@acme.example")
				.containsEntry("firstname", "Ada")
				.containsEntry("employees", "12"));
		String id = contacts.get(0).get("hs_object_id");
		assertThat(result.externalId()).isEqualTo(id);
		assertThat(result.output()).containsEntry("ids", Map.of("ada@acme.example", id))
			.containsEntry("created", 1)
			.containsEntry("updated", 0);
		assertThat(this.hubspot.requests(".*/batch/upsert")).singleElement()
			.satisfies((r) -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + FakeHubSpot.TOKEN));
		JsonNode input = this.hubspot.bodies(".*/batch/upsert").get(0).path("inputs").path(0);
		assertThat(input.path("idProperty").asText()).isEqualTo("email");
		assertThat(input.path("id").asText()).isEqualTo("ada@acme.example");
		assertThat(input.path("properties").path("firstname").asText()).isEqualTo("Ada");
		assertThat(input.path("properties").has("email")).isFalse();
	}

	@Test
	void performingTheSameActionAgainChangesNothingMore() throws IOException {
		HubSpotConnector connector = connector(Map.of());
		Action action = new Action("upsert_contact", "out-1", Map.of("email", "ada@acme.example", "firstname", "Ada"));

		ActionResult first = connector.perform(action);
		ActionResult again = connector.perform(action);

		assertThat(again.externalId()).isEqualTo(first.externalId());
		assertThat(again.output()).containsEntry("created", 0);
		assertThat(this.hubspot.records("contacts")).hasSize(1);
		assertThat(this.hubspot.effects()).isEqualTo(1);
	}

	@Test
	void aListIsSentInBatchesOfAHundredWithDuplicatesMerged() throws IOException {
		List<Object> records = new ArrayList<>();
		for (int i = 0; i < 250; i++) {
			records.add(Map.of("email", "person" + i + "@acme.example", "lifecyclestage", "lead"));
		}
		// the same person twice, differently cased: HubSpot would refuse the batch
		records.add(Map.of("email", "PERSON7@acme.example", "jobtitle", "CTO"));

		ActionResult result = connector(Map.of())
			.perform(new Action("upsert_contact", "out-2", Map.of("records", records)));

		assertThat(result.status()).as(result.message()).isEqualTo(ActionResult.Status.DONE);
		assertThat(this.hubspot.bodies(".*/contacts/batch/upsert")).extracting((b) -> b.path("inputs").size())
			.containsExactly(100, 100, 50);
		assertThat(this.hubspot.records("contacts")).hasSize(250)
			.filteredOn((c) -> "person7@acme.example".equals(c.get("email")))
			.singleElement()
			.satisfies((c) -> assertThat(c).containsEntry("jobtitle", "CTO").containsEntry("lifecyclestage", "lead"));
		@SuppressWarnings("unchecked")
		Map<String, Object> ids = (Map<String, Object>) result.output().get("ids");
		assertThat(ids).hasSize(250);
		assertThat(result.externalId().split(",")).hasSize(250).doesNotHaveDuplicates();
	}

	@Test
	void companiesAndDealsMatchOnTheConfiguredUniqueProperties() throws IOException {
		HubSpotConnector connector = connector(Map.of());

		ActionResult company = connector.perform(new Action("upsert_company", "out-3",
				Map.of("properties", Map.of("name", "Acme", "domain", "acme.example"), "id", "acc-42")));
		ActionResult deal = connector.perform(new Action("upsert_deal", "out-4", Map.of("records",
				List.of(Map.of("revcycle_deal_id", "opp-7", "dealname", "Acme renewal", "amount", 1200.50)))));

		assertThat(company.status()).as(company.message()).isEqualTo(ActionResult.Status.DONE);
		assertThat(deal.status()).as(deal.message()).isEqualTo(ActionResult.Status.DONE);
		assertThat(this.hubspot.bodies(".*/companies/batch/upsert")
			.get(0)
			.path("inputs")
			.path(0)
			.path("idProperty")
			.asText()).isEqualTo("revcycle_company_id");
		assertThat(this.hubspot.records("companies")).singleElement()
			.satisfies((c) -> assertThat(c).containsEntry("revcycle_company_id", "acc-42")
				.containsEntry("domain", "acme.example"));
		assertThat(this.hubspot.records("deals")).singleElement()
			.satisfies(
					(d) -> assertThat(d).containsEntry("revcycle_deal_id", "opp-7").containsEntry("amount", "1200.5"));
	}

	@Test
	void rateLimitedTwiceThenAcceptedIsDoneWithExactlyOneEffectiveUpsert() throws IOException {
		this.hubspot.rateLimitUpserts("contacts", 2, "TEN_SECONDLY_ROLLING", null);
		long started = System.nanoTime();

		ActionResult result = connector(Map.of("rateLimitWaitMillis", "50"))
			.perform(new Action("upsert_contact", "out-5", Map.of("email", "ada@acme.example")));

		assertThat(result.status()).as(result.message()).isEqualTo(ActionResult.Status.DONE);
		assertThat(this.hubspot.requests(".*/batch/upsert")).hasSize(3);
		assertThat(this.hubspot.effects()).isEqualTo(1);
		assertThat(this.hubspot.records("contacts")).hasSize(1);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void aRetryAfterLongerThanTheWaitIsHandedBackToTheHostAtOnce() throws IOException {
		this.hubspot.rateLimitUpserts("contacts", 1, "TEN_SECONDLY_ROLLING", 30);
		long started = System.nanoTime();

		ActionResult result = connector(Map.of())
			.perform(new Action("upsert_contact", "out-6", Map.of("email", "ada@acme.example")));

		assertThat(result.status()).isEqualTo(ActionResult.Status.RETRY);
		assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(30));
		assertThat(result.message()).contains("TEN_SECONDLY_ROLLING");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		assertThat(this.hubspot.requests(".*/batch/upsert")).hasSize(1);
		assertThat(this.hubspot.effects()).isZero();
	}

	@Test
	void aRateLimitThatLastsIsRetriedABoundedNumberOfTimes() throws IOException {
		this.hubspot.rateLimitUpserts("contacts", 10, "TEN_SECONDLY_ROLLING", null);

		ActionResult result = connector(Map.of("rateLimitWaitMillis", "10", "rateLimitRetries", "2"))
			.perform(new Action("upsert_contact", "out-7", Map.of("email", "ada@acme.example")));

		assertThat(result.status()).isEqualTo(ActionResult.Status.RETRY);
		assertThat(result.retryAfter()).as("HubSpot's rolling ten-second window").isEqualTo(Duration.ofSeconds(10));
		assertThat(this.hubspot.requests(".*/batch/upsert")).hasSize(3);
	}

	@Test
	void theDailyLimitIsNotRetriedInsideTheCall() throws IOException {
		this.hubspot.rateLimitUpserts("contacts", 1, "DAILY", null);

		ActionResult result = connector(Map.of())
			.perform(new Action("upsert_contact", "out-8", Map.of("email", "ada@acme.example")));

		assertThat(result.status()).isEqualTo(ActionResult.Status.RETRY);
		assertThat(result.retryAfter()).isEqualTo(Duration.ofHours(1));
		assertThat(this.hubspot.requests(".*/batch/upsert")).hasSize(1);
	}

	@Test
	void aValidationErrorFailsWithHubSpotsMessage() throws IOException {
		ActionResult result = connector(Map.of())
			.perform(new Action("upsert_contact", "out-9", Map.of("email", "not-an-email")));

		assertThat(result.status()).isEqualTo(ActionResult.Status.FAILED);
		assertThat(result.message()).contains("400").contains("Email address not-an-email is invalid");
	}

	@Test
	void aCompanyPropertyWithoutUniqueValuesFailsSayingWhatToFix() throws IOException {
		ActionResult result = connector(Map.of("companyUniqueProperty", "acme_code"))
			.perform(new Action("upsert_company", "out-10", Map.of("acme_code", "A-1", "name", "Acme")));

		assertThat(result.status()).isEqualTo(ActionResult.Status.FAILED);
		assertThat(result.message()).contains("acme_code").contains("unique values");
	}

	@Test
	void aRecordWithoutItsUniqueValueFailsWithoutCallingHubSpot() throws IOException {
		ActionResult result = connector(Map.of())
			.perform(new Action("upsert_deal", "out-11", Map.of("dealname", "Acme renewal")));

		assertThat(result.status()).isEqualTo(ActionResult.Status.FAILED);
		assertThat(result.message()).contains("revcycle_deal_id");
		assertThat(this.hubspot.requests(".*")).isEmpty();
	}

	@Test
	void aNestedValueFailsSayingWhichProperty() throws IOException {
		ActionResult result = connector(Map.of()).perform(new Action("upsert_contact", "out-12", Map.of("records",
				List.of(Map.of("email", "a@acme.example"), Map.of("email", "b@acme.example", "tags", List.of("x"))))));

		assertThat(result.status()).isEqualTo(ActionResult.Status.FAILED);
		assertThat(result.message()).contains("Record 2").contains("tags");
	}

	@Test
	void aBadTokenFailsWithoutRepeatingIt() throws IOException {
		Map<String, String> config = new HashMap<>(Map.of("accessToken", "pat-na1-revoked-token"));
		ActionResult result = connector(config)
			.perform(new Action("upsert_contact", "out-13", Map.of("email", "ada@acme.example")));

		assertThat(result.status()).isEqualTo(ActionResult.Status.FAILED);
		assertThat(result.message()).contains("401").contains("accessToken").doesNotContain("pat-na1-revoked-token");
	}

	@Test
	void serverErrorsAndUnreachableHostsAreRetried() throws IOException {
		this.hubspot.answer("POST", ".*/batch/upsert", 502,
				"{\"status\":\"error\",\"message\":\"Bad Gateway\",\"category\":\"INTERNAL_ERROR\"}");
		ActionResult serverError = connector(Map.of())
			.perform(new Action("upsert_contact", "out-14", Map.of("email", "ada@acme.example")));

		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		ActionResult unreachable = connector(Map.of("apiBase", "http://127.0.0.1:" + closedPort))
			.perform(new Action("upsert_contact", "out-14", Map.of("email", "ada@acme.example")));

		assertThat(serverError.status()).isEqualTo(ActionResult.Status.RETRY);
		assertThat(serverError.message()).contains("502");
		assertThat(unreachable.status()).isEqualTo(ActionResult.Status.RETRY);
	}

	@Test
	void anUnknownActionFails() throws IOException {
		ActionResult result = connector(Map.of()).perform(new Action("send_email", "out-15", Map.of()));

		assertThat(result.status()).isEqualTo(ActionResult.Status.FAILED);
		assertThat(result.message()).contains("upsert_contact");
	}

	private HubSpotConnector connector(Map<String, String> overrides) {
		Map<String, String> config = new LinkedHashMap<>();
		config.put("accessToken", FakeHubSpot.TOKEN);
		config.put("apiBase", this.hubspot.baseUrl());
		config.putAll(overrides);
		return new LocalContext(config, this.clock).connector();
	}

}
