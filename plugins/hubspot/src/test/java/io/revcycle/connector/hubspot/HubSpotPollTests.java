package io.revcycle.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.EventTypes;
import io.revcycle.plugin.api.PollResult;

/**
 * Polling through the CRM search API of the local fake: the search HubSpot receives, the
 * events, paging with {@code more}, the cursor's round trip, and records that share the
 * boundary time.
 */
class HubSpotPollTests {

	static final Instant T0 = Instant.parse("2026-11-24T09:00:00.000Z");

	private final MutableClock clock = new MutableClock(T0.plus(Duration.ofHours(1)));

	private final FakeHubSpot hubspot = new FakeHubSpot(this.clock::instant);

	@AfterEach
	void stop() {
		this.hubspot.close();
	}

	@Test
	void theFirstPollReadsContactsCompaniesAndDealsAsEvents() throws IOException {
		String ada = this.hubspot.add("contacts", Map.of("email", "ada@acme.example", "firstname", "Ada", "lastname",
				"Lovelace", "jobtitle", "CTO", "company", "Acme", "website", "https://www.acme.example/about"),
				T0.plusSeconds(1));
		String company = this.hubspot
			.add("companies",
					Map.of("name", "Acme", "domain", "acme.example", "industry", "COMPUTER_SOFTWARE",
							"numberofemployees", "120", "annualrevenue", "5000000", "country", "de"),
					T0.plusSeconds(2));
		this.hubspot.associate("companies", company, ada);
		String deal = this.hubspot.add("deals", Map.of("dealname", "Acme renewal", "amount", "1200.50",
				"deal_currency_code", "EUR", "dealstage", "closedwon", "pipeline", "default"), T0.plusSeconds(3));
		this.hubspot.associate("deals", deal, ada, "9999");
		String orphan = this.hubspot.add("deals", Map.of("dealname", "No contact"), T0.plusSeconds(4));

		PollResult result = connector(Map.of()).poll(null);

		assertThat(result.more()).isFalse();
		assertThat(result.events()).extracting(Event::type)
			.containsExactly(EventTypes.CONTACT_UPDATED, "company_updated", EventTypes.DEAL_UPDATED,
					EventTypes.DEAL_UPDATED);
		Event contact = result.events().get(0);
		assertThat(contact.externalId()).isEqualTo("contact:" + ada + ":" + T0.plusSeconds(1).toEpochMilli());
		assertThat(contact.occurredAt()).isEqualTo(T0.plusSeconds(1));
		assertThat(contact.person())
			.isEqualTo(new Event.Person("ada@acme.example", "Ada", "Lovelace", "CTO", null, null, ada));
		assertThat(contact.account().domain()).isEqualTo("acme.example");
		assertThat(contact.account().name()).isEqualTo("Acme");
		Event acme = result.events().get(1);
		assertThat(acme.person().externalId()).isEqualTo(ada);
		assertThat(acme.account()).isEqualTo(
				new Event.Account("acme.example", "Acme", "COMPUTER_SOFTWARE", 120, new BigDecimal("5000000"), "DE"));
		Event renewal = result.events().get(2);
		assertThat(renewal.person().externalId()).as("the lowest associated contact id").isEqualTo(ada);
		assertThat(renewal.money()).isEqualTo(new Event.Money(new BigDecimal("1200.50"), "EUR"));
		assertThat(renewal.properties()).containsEntry("dealstage", "closedwon").containsEntry("hubspotObjectId", deal);
		assertThat(result.events().get(3).person().externalId()).isEqualTo("deal:" + orphan);
	}

	@Test
	void theSearchFiltersSortsAndAsksAsHubSpotDocumentsIt() throws IOException {
		connector(Map.of()).poll(null);

		JsonNode contacts = this.hubspot.bodies(".*/contacts/search").get(0);
		JsonNode filters = contacts.path("filterGroups").path(0).path("filters");
		assertThat(filters.path(0).path("propertyName").asText()).isEqualTo("lastmodifieddate");
		assertThat(filters.path(0).path("operator").asText()).isEqualTo("GTE");
		assertThat(filters.path(0).path("value").asText()).isEqualTo("0");
		assertThat(filters.path(1).path("operator").asText()).isEqualTo("LTE");
		assertThat(filters.path(1).path("value").asText())
			.isEqualTo(Long.toString(this.clock.instant().minus(ChangePoll.INDEX_LAG).toEpochMilli()));
		assertThat(contacts.path("sorts").path(0).path("propertyName").asText()).isEqualTo("lastmodifieddate");
		assertThat(contacts.path("sorts").path(0).path("direction").asText()).isEqualTo("ASCENDING");
		assertThat(contacts.path("limit").asInt()).isEqualTo(ChangePoll.PAGE_SIZE);
		assertThat(contacts.toString()).contains("\"email\"");
		assertThat(this.hubspot.bodies(".*/deals/search").get(0).path("sorts").path(0).path("propertyName").asText())
			.isEqualTo("hs_lastmodifieddate");
		assertThat(this.hubspot.bodies(".*/companies/search")
			.get(0)
			.path("filterGroups")
			.path(0)
			.path("filters")
			.path(0)
			.path("propertyName")
			.asText()).isEqualTo("hs_lastmodifieddate");
		assertThat(this.hubspot.requests(".*/search"))
			.allSatisfy((r) -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + FakeHubSpot.TOKEN));
	}

	@Test
	void pagesFollowWithMoreUntilEverythingIsReadAndTheCursorRoundTrips() throws IOException {
		for (int i = 0; i < 250; i++) {
			this.hubspot.add("contacts", Map.of("email", "p" + i + "@acme.example"), T0.plusMillis(i * 1000L));
		}
		HubSpotConnector connector = connector(Map.of("pollObjects", "contacts"));

		List<String> seen = new ArrayList<>();
		String cursor = null;
		List<Boolean> more = new ArrayList<>();
		for (int poll = 0; poll < 5; poll++) {
			PollResult result = connector.poll(cursor);
			result.events().forEach((e) -> seen.add(e.person().email()));
			more.add(result.more());
			assertThat(PollCursor.parse(result.nextCursor())).as("the cursor reads back")
				.hasValueSatisfying((c) -> assertThat(c.format()).isEqualTo(result.nextCursor()));
			cursor = result.nextCursor();
			if (!result.more()) {
				break;
			}
		}

		assertThat(more).containsExactly(true, true, false);
		assertThat(seen).hasSize(250).doesNotHaveDuplicates();
		assertThat(connector.poll(cursor).events()).as("nothing new").isEmpty();
	}

	@Test
	void aRepeatedPollFromTheSameCursorReturnsTheSameEvents() throws IOException {
		for (int i = 0; i < 5; i++) {
			this.hubspot.add("deals", Map.of("dealname", "Deal " + i), T0.plusSeconds(i));
		}
		HubSpotConnector connector = connector(Map.of("pollObjects", "deals"));

		PollResult first = connector.poll("v1");
		PollResult repeated = connector.poll("v1");

		assertThat(repeated.events()).isEqualTo(first.events());
		assertThat(repeated.nextCursor()).isEqualTo(first.nextCursor());
	}

	@Test
	void recordsThatShareTheBoundaryTimeAreNeitherSkippedNorRepeated() throws IOException {
		Instant boundary = T0.plusSeconds(10);
		String first = this.hubspot.add("contacts", Map.of("email", "first@acme.example"), boundary);
		HubSpotConnector connector = connector(Map.of("pollObjects", "contacts"));
		PollResult before = connector.poll(null);
		assertThat(before.events()).extracting((e) -> e.person().externalId()).containsExactly(first);

		// written at the same millisecond, indexed after the first poll
		String late = this.hubspot.add("contacts", Map.of("email", "late@acme.example"), boundary);
		PollResult after = connector.poll(before.nextCursor());

		assertThat(after.events()).extracting((e) -> e.person().externalId()).containsExactly(late);
		assertThat(connector.poll(after.nextCursor()).events()).isEmpty();
		// a later change of the first contact is a new event
		this.hubspot.touch("contacts", first, boundary.plusMillis(1), Map.of("firstname", "Ann"));
		assertThat(connector.poll(after.nextCursor()).events()).singleElement()
			.satisfies((e) -> assertThat(e.externalId())
				.isEqualTo("contact:" + first + ":" + boundary.plusMillis(1).toEpochMilli()));
	}

	@Test
	void moreRecordsAtOneMillisecondThanAPageHoldsAreAllRead() throws IOException {
		for (int i = 0; i < 230; i++) {
			this.hubspot.add("contacts", Map.of("email", "bulk" + i + "@acme.example"), T0);
		}
		this.hubspot.add("contacts", Map.of("email", "after@acme.example"), T0.plusMillis(1));
		HubSpotConnector connector = connector(Map.of("pollObjects", "contacts"));

		List<String> emails = new ArrayList<>();
		String cursor = null;
		for (int poll = 0; poll < 10; poll++) {
			PollResult result = connector.poll(cursor);
			result.events().forEach((e) -> emails.add(e.person().email()));
			cursor = result.nextCursor();
			if (!result.more()) {
				break;
			}
		}

		assertThat(emails).hasSize(231).doesNotHaveDuplicates().endsWith("after@acme.example");
	}

	@Test
	void changesNewerThanTheIndexLagWaitForALaterPoll() throws IOException {
		String recent = this.hubspot.add("contacts", Map.of("email", "recent@acme.example"),
				this.clock.instant().minusSeconds(5));
		HubSpotConnector connector = connector(Map.of("pollObjects", "contacts"));

		PollResult now = connector.poll(null);
		this.clock.advance(ChangePoll.INDEX_LAG);
		PollResult later = connector.poll(now.nextCursor());

		assertThat(now.events()).isEmpty();
		assertThat(later.events()).extracting((e) -> e.person().externalId()).containsExactly(recent);
	}

	@Test
	void anObjectTheTokenMayNotReadKeepsItsPlaceWhileTheOthersGoOn() throws IOException {
		this.hubspot.add("contacts", Map.of("email", "ada@acme.example"), T0);
		this.hubspot.add("deals", Map.of("dealname", "Hidden"), T0);
		this.hubspot.answer("POST", "/crm/v3/objects/deals/search", 403, """
				{"status":"error","message":"This app hasn't been granted all required scopes to make this call.",\
				"correlationId":"c1","category":"MISSING_SCOPES","errors":[{"message":"One or more of the following \
				scopes are required.","context":{"requiredGranularScopes":["crm.objects.deals.read"]}}]}""");
		LocalContext context = context(Map.of("pollObjects", "contacts,deals"));

		PollResult result = context.connector().poll(null);

		assertThat(result.events()).singleElement().satisfies((e) -> assertThat(e.type()).isEqualTo("contact_updated"));
		PollCursor cursor = PollCursor.parse(result.nextCursor()).orElseThrow();
		assertThat(cursor.positions()).containsKey(CrmObject.CONTACTS).doesNotContainKey(CrmObject.DEALS);
		assertThat(context.logLines()).anySatisfy((line) -> assertThat(line).contains("crm.objects.deals.read"));
	}

	@Test
	void aPollThatCannotReadAnythingFailsAndTheCursorStays() {
		HubSpotConnector connector = connector(Map.of("accessToken", "pat-na1-revoked"));

		assertThatThrownBy(() -> connector.poll("v1;contacts=5,0,")).isInstanceOf(IOException.class)
			.hasMessageContaining("401")
			.hasMessageContaining("accessToken")
			.hasMessageNotContaining("pat-na1-revoked");
	}

	@Test
	void aRateLimitedSearchIsSentAgainWithinThePoll() throws IOException {
		this.hubspot.add("contacts", Map.of("email", "ada@acme.example"), T0);
		this.hubspot.rateLimit("/crm/v3/objects/contacts/search", 1, "SECONDLY", null);

		PollResult result = connector(Map.of("pollObjects", "contacts", "rateLimitWaitMillis", "20")).poll(null);

		assertThat(result.events()).hasSize(1);
		assertThat(this.hubspot.requests(".*/contacts/search")).hasSize(2);
	}

	@Test
	void anUnreadableCursorStartsOverWithAWarning() throws IOException {
		this.hubspot.add("contacts", Map.of("email", "ada@acme.example"), T0);
		LocalContext context = context(Map.of("pollObjects", "contacts"));

		PollResult result = context.connector().poll("not a cursor");

		assertThat(result.events()).hasSize(1);
		assertThat(context.logLines()).anySatisfy((line) -> assertThat(line).contains("cursor cannot be read"));
	}

	@Test
	void theCursorFormatIsSmallAndReadable() {
		PollCursor cursor = PollCursor.parse(null)
			.orElseThrow()
			.with(CrmObject.CONTACTS, new PollCursor.Position(1795515300000L, 0, java.util.Set.of("513", "512")))
			.with(CrmObject.DEALS, new PollCursor.Position(1795515290000L, 100, java.util.Set.of()));

		assertThat(cursor.format()).isEqualTo("v1;contacts=1795515300000,0,512.513;deals=1795515290000,100,");
		assertThat(PollCursor.parse(cursor.format())).contains(cursor);
		assertThat(PollCursor.parse("v2;contacts=1,0,")).isEmpty();
		assertThat(PollCursor.parse("v1;tickets=1,0,")).isEmpty();
		assertThat(PollCursor.parse("v1;contacts=-1,0,")).isEmpty();
	}

	private HubSpotConnector connector(Map<String, String> overrides) {
		return context(overrides).connector();
	}

	private LocalContext context(Map<String, String> overrides) {
		Map<String, String> config = new LinkedHashMap<>();
		config.put("accessToken", FakeHubSpot.TOKEN);
		config.put("apiBase", this.hubspot.baseUrl());
		config.putAll(overrides);
		return new LocalContext(config, this.clock);
	}

}
