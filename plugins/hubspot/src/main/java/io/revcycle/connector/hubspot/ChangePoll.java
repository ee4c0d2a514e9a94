package io.revcycle.connector.hubspot;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.EventTypes;
import io.revcycle.plugin.api.PollResult;

/**
 * Reads what changed in HubSpot with the CRM search API ({@code POST
 * /crm/v3/objects/{object}/search}): per object, the records whose modification time
 * ({@code lastmodifieddate} for contacts, {@code hs_lastmodifieddate} for companies and
 * deals) is at or after the cursor, oldest first, one page per object and poll. Each
 * change becomes one event whose external id is the record's id and modification time, so
 * a repeated poll returns the same events and the engine stores them once.
 * <p>
 * Records modified in the last {@link #INDEX_LAG} are left for a later poll: HubSpot's
 * search index follows writes by a few seconds, and a search that reached the present
 * could move the cursor past a record the index had not yet taken in.
 */
final class ChangePoll {

	/** How far behind the present a poll stays. */
	static final Duration INDEX_LAG = Duration.ofSeconds(15);

	/** Records per search page (HubSpot allows up to 200). */
	static final int PAGE_SIZE = 100;

	/** HubSpot's search pages no further than this many results. */
	private static final int SEARCH_RESULT_LIMIT = 10_000;

	private final HubSpotApi api;

	private final HubSpotSettings settings;

	private final Clock clock;

	private final System.Logger logger;

	ChangePoll(HubSpotApi api, HubSpotSettings settings, Clock clock, System.Logger logger) {
		this.api = api;
		this.settings = settings;
		this.clock = clock;
		this.logger = logger;
	}

	PollResult poll(String cursor) throws IOException {
		PollCursor current = PollCursor.parse(cursor).orElseGet(() -> {
			this.logger.log(System.Logger.Level.WARNING,
					"The HubSpot poll cursor cannot be read; reading every object from the start again");
			return PollCursor.parse(null).orElseThrow();
		});
		long until = this.clock.instant().minus(INDEX_LAG).toEpochMilli();
		List<Event> events = new ArrayList<>();
		PollCursor next = current;
		boolean more = false;
		List<String> failures = new ArrayList<>();
		for (CrmObject object : this.settings.pollObjects()) {
			try {
				Page page = page(object, current.position(object), until);
				events.addAll(page.events());
				next = next.with(object, page.position());
				more |= page.more();
			}
			catch (Unreadable ex) {
				// this object keeps its position; the others go on
				this.logger.log(System.Logger.Level.WARNING, ex.getMessage());
				failures.add(ex.getMessage());
			}
		}
		if (!failures.isEmpty() && failures.size() == this.settings.pollObjects().size()) {
			throw new IOException(String.join("; ", failures));
		}
		events.sort(Comparator.comparing(Event::occurredAt));
		return new PollResult(events, next.format(), more);
	}

	private Page page(CrmObject object, PollCursor.Position position, long until) throws IOException, Unreadable {
		if (position.since() > until) {
			return new Page(List.of(), position, false);
		}
		String modified = object.modifiedProperty();
		Map<String, Object> search = new LinkedHashMap<>();
		search.put("filterGroups",
				List.of(Map.of("filters",
						List.of(Map.of("propertyName", modified, "operator", "GTE", "value",
								Long.toString(position.since())),
								Map.of("propertyName", modified, "operator", "LTE", "value", Long.toString(until))))));
		search.put("sorts", List.of(Map.of("propertyName", modified, "direction", "ASCENDING")));
		search.put("properties", object.properties());
		search.put("limit", PAGE_SIZE);
		if (position.skip() > 0) {
			search.put("after", Integer.toString(position.skip()));
		}
		HubSpotApi.Reply reply = this.api.postPatiently("/crm/v3/objects/" + object.path() + "/search", search);
		if (!reply.ok()) {
			throw new Unreadable(failure(object, "search", reply));
		}
		List<Row> rows = new ArrayList<>();
		for (JsonNode result : reply.body().path("results")) {
			String id = result.path("id").asText("");
			if (id.matches("[A-Za-z0-9_-]+")) {
				rows.add(new Row(id, modifiedAt(result, modified, position.since()), result.path("properties")));
			}
		}
		if (rows.isEmpty()) {
			return new Page(List.of(), new PollCursor.Position(position.since(), 0, position.seen()), false);
		}
		Map<String, String> contacts = (object == CrmObject.CONTACTS) ? Map.of()
				: contacts(object, rows.stream().map(Row::id).toList());
		List<Event> events = new ArrayList<>();
		for (Row row : rows) {
			if (row.modified() == position.since() && position.seen().contains(row.id())) {
				continue;
			}
			events.add(event(object, row, contacts.get(row.id())));
		}
		long last = rows.stream().mapToLong(Row::modified).max().orElseThrow();
		Set<String> seen = new LinkedHashSet<>();
		int skip = 0;
		if (last == position.since()) {
			seen.addAll(position.seen());
			if (rows.size() == PAGE_SIZE) {
				// a whole page at one millisecond: page past it; a partial one ends the
				// tie
				skip = position.skip() + rows.size();
			}
		}
		rows.stream().filter((row) -> row.modified() == last).forEach((row) -> seen.add(row.id()));
		long since = last;
		if (skip + PAGE_SIZE > SEARCH_RESULT_LIMIT) {
			this.logger.log(System.Logger.Level.WARNING, "More than " + SEARCH_RESULT_LIMIT + " HubSpot "
					+ object.path() + " share the modification time " + last + "; moving past it");
			since = last + 1;
			skip = 0;
			seen.clear();
		}
		Set<String> kept = new LinkedHashSet<>(seen.stream().limit(PollCursor.MAX_SEEN).toList());
		boolean more = !reply.body().path("paging").path("next").path("after").asText("").isEmpty();
		return new Page(events, new PollCursor.Position(since, skip, kept), more);
	}

	/**
	 * The contact each company or deal is attributed to: the lowest id of its associated
	 * contacts ({@code POST /crm/v4/associations/{object}/contacts/batch/read}), so
	 * repeated polls choose the same one. Without the scope to read associations the
	 * records are attributed to themselves.
	 */
	private Map<String, String> contacts(CrmObject object, List<String> ids) throws IOException, Unreadable {
		List<Map<String, String>> inputs = ids.stream().map((id) -> Map.of("id", id)).toList();
		HubSpotApi.Reply reply = this.api
			.postPatiently("/crm/v4/associations/" + object.path() + "/contacts/batch/read", Map.of("inputs", inputs));
		if (reply.status() == 403) {
			this.logger.log(System.Logger.Level.WARNING,
					"The access token may not read the contacts of HubSpot " + object.path()
							+ " (403); their changes are attributed to the records themselves. Give the "
							+ "private app the scope crm.objects.contacts.read");
			return Map.of();
		}
		if (!reply.ok()) {
			throw new Unreadable(failure(object, "association read", reply));
		}
		Map<String, String> contacts = new HashMap<>();
		for (JsonNode result : reply.body().path("results")) {
			String from = result.path("from").path("id").asText("");
			Optional<String> lowest = stream(result.path("to")).map((to) -> to.path("toObjectId").asText(""))
				.filter((id) -> id.matches("\\d+"))
				.min(Comparator.comparing(BigDecimal::new));
			lowest.ifPresent((id) -> contacts.put(from, id));
		}
		return contacts;
	}

	private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
		List<JsonNode> nodes = new ArrayList<>();
		array.forEach(nodes::add);
		return nodes.stream();
	}

	private static String failure(CrmObject object, String what, HubSpotApi.Reply reply) {
		String fix = switch (reply.status()) {
			case 401 -> ": create a new private app access token and update accessToken";
			case 403 -> ": give the private app the scope crm.objects." + object.path()
					+ ".read, or leave it out of pollObjects";
			case 429 -> ": rate limited, the next poll tries again";
			default -> "";
		};
		return "HubSpot " + object.path() + " " + what + " failed (" + reply.status() + "): " + reply.message() + fix;
	}

	/** A record's modification time in epoch milliseconds. */
	private static long modifiedAt(JsonNode result, String property, long otherwise) {
		return instant(result.path("properties").path(property).asText(""))
			.or(() -> instant(result.path("updatedAt").asText("")))
			.map(Instant::toEpochMilli)
			.orElse(otherwise);
	}

	private static Optional<Instant> instant(String value) {
		if (value.isBlank()) {
			return Optional.empty();
		}
		if (value.matches("\\d{1,19}")) {
			return Optional.of(Instant.ofEpochMilli(Long.parseLong(value)));
		}
		try {
			return Optional.of(OffsetDateTime.parse(value).toInstant());
		}
		catch (DateTimeParseException ex) {
			return Optional.empty();
		}
	}

	private static Event event(CrmObject object, Row row, String contactId) {
		JsonNode p = row.properties();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("hubspotObjectType", object.singular());
		properties.put("hubspotObjectId", row.id());
		String externalId = object.singular() + ":" + row.id() + ":" + row.modified();
		Instant occurredAt = Instant.ofEpochMilli(row.modified());
		String self = object.singular() + ":" + row.id();
		return switch (object) {
			case CONTACTS -> {
				copy(p, properties, "lifecyclestage", "hs_lead_status", "createdate");
				Event.Person person = new Event.Person(text(p, "email"), text(p, "firstname"), text(p, "lastname"),
						text(p, "jobtitle"), text(p, "phone"), null, row.id());
				String company = text(p, "company");
				String domain = domain(text(p, "website"));
				Event.Account account = (company != null || domain != null)
						? new Event.Account(domain, company, null, null, null, null) : null;
				yield new Event(EventTypes.CONTACT_UPDATED, occurredAt, externalId, person, account, null, null,
						properties);
			}
			case COMPANIES -> {
				copy(p, properties, "name", "domain", "lifecyclestage", "createdate");
				Event.Account account = new Event.Account(domain(text(p, "domain")), text(p, "name"),
						text(p, "industry"), integer(text(p, "numberofemployees")), decimal(text(p, "annualrevenue")),
						country(text(p, "country")));
				yield new Event(WebhookEvents.COMPANY_UPDATED, occurredAt, externalId, attributed(contactId, self),
						account, null, null, properties);
			}
			case DEALS -> {
				copy(p, properties, "dealname", "dealstage", "pipeline", "amount", "deal_currency_code", "closedate",
						"hs_is_closed", "hs_is_closed_won", "createdate");
				BigDecimal amount = decimal(text(p, "amount"));
				String currency = text(p, "deal_currency_code");
				Event.Money money = (amount != null && currency != null && currency.matches("[A-Za-z]{3}"))
						? new Event.Money(amount, currency) : null;
				yield new Event(EventTypes.DEAL_UPDATED, occurredAt, externalId, attributed(contactId, self), null,
						null, money, properties);
			}
		};
	}

	private static Event.Person attributed(String contactId, String self) {
		return new Event.Person(null, null, null, null, null, null, (contactId != null) ? contactId : self);
	}

	private static void copy(JsonNode from, Map<String, Object> to, String... names) {
		for (String name : names) {
			String value = text(from, name);
			if (value != null) {
				to.put(name, value);
			}
		}
	}

	private static String text(JsonNode properties, String name) {
		JsonNode value = properties.get(name);
		if (value == null || value.isNull() || value.isContainerNode()) {
			return null;
		}
		String text = value.asText().trim();
		return text.isEmpty() ? null : text;
	}

	/** {@code acme.com} of {@code https://www.acme.com/about}. */
	static String domain(String website) {
		if (website == null) {
			return null;
		}
		String host = website.trim().toLowerCase(Locale.ROOT).replaceFirst("^[a-z][a-z0-9+.-]*://", "");
		host = host.replaceFirst("[/?#:].*$", "").replaceFirst("^www\\.", "");
		return host.contains(".") ? host : null;
	}

	private static Integer integer(String value) {
		BigDecimal number = decimal(value);
		try {
			return (number != null) ? number.intValueExact() : null;
		}
		catch (ArithmeticException ex) {
			return null;
		}
	}

	private static BigDecimal decimal(String value) {
		if (value == null) {
			return null;
		}
		try {
			return new BigDecimal(value);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** HubSpot's country is free text; only a two-letter code is passed on. */
	private static String country(String value) {
		return (value != null && value.matches("[A-Za-z]{2}")) ? value.toUpperCase(Locale.ROOT) : null;
	}

	private record Row(String id, long modified, JsonNode properties) {
	}

	private record Page(List<Event> events, PollCursor.Position position, boolean more) {
	}

	/** One object could not be read this time; its position stays. */
	private static final class Unreadable extends Exception {

		Unreadable(String message) {
			super(message);
		}

	}

}
