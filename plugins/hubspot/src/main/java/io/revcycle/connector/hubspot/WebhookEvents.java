package io.revcycle.connector.hubspot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.EventTypes;

/**
 * HubSpot's webhook events (a JSON array of {@code eventId}, {@code subscriptionId},
 * {@code portalId}, {@code occurredAt}, {@code subscriptionType}, {@code objectId} and,
 * for property changes, {@code propertyName} and {@code propertyValue}) as normalized
 * events. Both the classic subscription types ({@code contact.propertyChange}) and the
 * generic ones ({@code object.propertyChange} with an {@code objectTypeId}) are read.
 */
final class WebhookEvents {

	/** Deleted records: not in {@link EventTypes}, stored on the timeline. */
	static final String CONTACT_DELETED = "contact_deleted";

	static final String COMPANY_UPDATED = "company_updated";

	static final String COMPANY_DELETED = "company_deleted";

	static final String DEAL_DELETED = "deal_deleted";

	private WebhookEvents() {
	}

	/**
	 * The events of a verified batch. Events the connector does not map (association
	 * changes, other objects) and events missing their ids are left out, not refused:
	 * HubSpot would retry a refused batch for days.
	 * @param batch the parsed body, a JSON array
	 * @param skipped receives a line for each event left out
	 * @return the events, in the batch's order
	 */
	static List<Event> map(JsonNode batch, List<String> skipped) {
		List<Event> events = new ArrayList<>();
		for (JsonNode item : batch) {
			Optional<Event> event = map(item);
			if (event.isPresent()) {
				events.add(event.get());
			}
			else {
				skipped.add(item.path("subscriptionType").asText("?") + " " + item.path("eventId").asText("?"));
			}
		}
		return events;
	}

	private static Optional<Event> map(JsonNode item) {
		String subscriptionType = item.path("subscriptionType").asText("");
		int dot = subscriptionType.indexOf('.');
		String eventId = text(item, "eventId");
		String objectId = text(item, "objectId");
		if (dot < 1 || eventId == null || objectId == null || !item.path("occurredAt").canConvertToLong()) {
			return Optional.empty();
		}
		String prefix = subscriptionType.substring(0, dot);
		String change = subscriptionType.substring(dot + 1);
		Optional<CrmObject> object = "object".equals(prefix) ? CrmObject.ofTypeId(item.path("objectTypeId").asText(""))
				: CrmObject.ofSingular(prefix);
		if (object.isEmpty()) {
			return Optional.empty();
		}
		String type = type(object.get(), change);
		if (type == null) {
			return Optional.empty();
		}
		String propertyName = text(item, "propertyName");
		String propertyValue = text(item, "propertyValue");
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("hubspotObjectType", object.get().singular());
		properties.put("hubspotObjectId", objectId);
		properties.put("subscriptionType", subscriptionType);
		properties.put("change", change);
		putIfPresent(properties, "portalId", text(item, "portalId"));
		putIfPresent(properties, "propertyName", propertyName);
		putIfPresent(properties, "propertyValue", propertyValue);
		putIfPresent(properties, "changeSource", text(item, "changeSource"));
		putIfPresent(properties, "sourceId", text(item, "sourceId"));
		if (item.path("mergedObjectIds").isArray()) {
			List<String> merged = new ArrayList<>();
			item.path("mergedObjectIds").forEach((id) -> merged.add(id.asText()));
			properties.put("mergedObjectIds", merged);
		}
		String subscriptionId = item.path("subscriptionId").asText("");
		// HubSpot does not promise eventId is unique on its own; a redelivery repeats all
		// three
		String externalId = "webhook:" + subscriptionId + ":" + eventId + ":" + objectId;
		Instant occurredAt = Instant.ofEpochMilli(item.path("occurredAt").asLong());
		Event event = new Event(type, occurredAt, externalId,
				person(object.get(), item, objectId, propertyName, propertyValue),
				account(object.get(), propertyName, propertyValue), null, null, properties);
		return Optional.of(event);
	}

	private static String type(CrmObject object, String change) {
		boolean deleted = "deletion".equals(change) || "privacyDeletion".equals(change);
		boolean changed = "propertyChange".equals(change) || "restore".equals(change) || "merge".equals(change);
		boolean created = "creation".equals(change);
		if (!deleted && !changed && !created) {
			// associationChange and whatever HubSpot adds later
			return null;
		}
		return switch (object) {
			case CONTACTS ->
				deleted ? CONTACT_DELETED : created ? EventTypes.CONTACT_CREATED : EventTypes.CONTACT_UPDATED;
			case COMPANIES -> deleted ? COMPANY_DELETED : COMPANY_UPDATED;
			case DEALS -> deleted ? DEAL_DELETED : EventTypes.DEAL_UPDATED;
		};
	}

	/**
	 * Who the event is about. A contact is the person, known by its HubSpot id (and its
	 * email when the change is to the email). A webhook names only the company or deal,
	 * and must not call HubSpot to find its contacts, so the person is the record itself
	 * ({@code deal:123}); a poll attributes the same records to their contacts.
	 */
	private static Event.Person person(CrmObject object, JsonNode item, String objectId, String propertyName,
			String propertyValue) {
		if (object != CrmObject.CONTACTS) {
			return new Event.Person(null, null, null, null, null, null, object.singular() + ":" + objectId);
		}
		String id = (text(item, "primaryObjectId") != null) ? text(item, "primaryObjectId") : objectId;
		String value = (propertyValue != null && !propertyValue.isBlank()) ? propertyValue : null;
		String name = (propertyName != null) ? propertyName : "";
		return new Event.Person("email".equals(name) ? value : null, "firstname".equals(name) ? value : null,
				"lastname".equals(name) ? value : null, "jobtitle".equals(name) ? value : null,
				"phone".equals(name) ? value : null, null, id);
	}

	private static Event.Account account(CrmObject object, String propertyName, String propertyValue) {
		if (object != CrmObject.COMPANIES || propertyName == null || propertyValue == null || propertyValue.isBlank()) {
			return null;
		}
		return switch (propertyName) {
			case "name" -> new Event.Account(null, propertyValue, null, null, null, null);
			case "domain" -> new Event.Account(propertyValue, null, null, null, null, null);
			case "industry" -> new Event.Account(null, null, propertyValue, null, null, null);
			default -> null;
		};
	}

	private static String text(JsonNode item, String field) {
		JsonNode value = item.get(field);
		return (value == null || value.isNull() || value.isContainerNode()) ? null : value.asText();
	}

	private static void putIfPresent(Map<String, Object> properties, String name, String value) {
		if (value != null) {
			properties.put(name, value);
		}
	}

}
