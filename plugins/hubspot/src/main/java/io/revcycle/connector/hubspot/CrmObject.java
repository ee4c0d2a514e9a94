package io.revcycle.connector.hubspot;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The three HubSpot CRM objects the connector reads and writes, with the names HubSpot
 * gives them in paths, in webhook subscription types and as object type ids.
 */
enum CrmObject {

	/** People. Their modification time is {@code lastmodifieddate}, unlike the others. */
	CONTACTS("contacts", "contact", "0-1", "lastmodifieddate",
			List.of("email", "firstname", "lastname", "jobtitle", "phone", "company", "website", "lifecyclestage",
					"hs_lead_status", "createdate", "lastmodifieddate")),

	/** Companies. */
	COMPANIES("companies", "company", "0-2", "hs_lastmodifieddate",
			List.of("name", "domain", "industry", "numberofemployees", "annualrevenue", "country", "lifecyclestage",
					"createdate", "hs_lastmodifieddate")),

	/** Deals. */
	DEALS("deals", "deal", "0-3", "hs_lastmodifieddate",
			List.of("dealname", "amount", "deal_currency_code", "dealstage", "pipeline", "closedate", "hs_is_closed",
					"hs_is_closed_won", "createdate", "hs_lastmodifieddate"));

	private final String path;

	private final String singular;

	private final String typeId;

	private final String modifiedProperty;

	private final List<String> properties;

	CrmObject(String path, String singular, String typeId, String modifiedProperty, List<String> properties) {
		this.path = path;
		this.singular = singular;
		this.typeId = typeId;
		this.modifiedProperty = modifiedProperty;
		this.properties = properties;
	}

	/** The name in API paths: {@code /crm/v3/objects/contacts}. */
	String path() {
		return this.path;
	}

	/** The name in webhook subscription types: {@code contact.creation}. */
	String singular() {
		return this.singular;
	}

	/** The property that holds the time of the last change, searched and sorted on. */
	String modifiedProperty() {
		return this.modifiedProperty;
	}

	/** The properties a poll asks for. */
	List<String> properties() {
		return this.properties;
	}

	/** The object of a path name ({@code contacts}), ignoring case. */
	static Optional<CrmObject> ofPath(String path) {
		String wanted = path.trim().toLowerCase(Locale.ROOT);
		for (CrmObject object : values()) {
			if (object.path.equals(wanted)) {
				return Optional.of(object);
			}
		}
		return Optional.empty();
	}

	/** The object of a webhook name ({@code contact}), ignoring case. */
	static Optional<CrmObject> ofSingular(String singular) {
		String wanted = singular.toLowerCase(Locale.ROOT);
		for (CrmObject object : values()) {
			if (object.singular.equals(wanted)) {
				return Optional.of(object);
			}
		}
		return Optional.empty();
	}

	/** The object of an object type id ({@code 0-1}). */
	static Optional<CrmObject> ofTypeId(String typeId) {
		for (CrmObject object : values()) {
			if (object.typeId.equals(typeId)) {
				return Optional.of(object);
			}
		}
		return Optional.empty();
	}

}
