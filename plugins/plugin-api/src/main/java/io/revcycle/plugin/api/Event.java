package io.revcycle.plugin.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A normalized event, the engine's own: what a connector makes of a remote system's
 * webhook or change, stored exactly as a {@code POST /api/v1/events} event whose
 * {@code source} is the connector's id.
 *
 * @param type the event type, one of {@link EventTypes} or another lowercase name
 * ({@code [a-z][a-z0-9_]*})
 * @param occurredAt when it happened in the remote system
 * @param externalId the remote system's id of the event ({@code evt_...},
 * {@code sg_event_id}): the engine stores an event once per (connector, externalId), so a
 * redelivered webhook or a repeated poll changes nothing
 * @param person who it concerns: at least an email, an anonymous id or an external id
 * @param account the company, or null
 * @param campaign the campaign it belongs to, or null
 * @param money the amount of a payment or refund, or null
 * @param properties further details: strings, numbers, booleans, and lists and maps of
 * these
 */
public record Event(String type, Instant occurredAt, String externalId, Person person, Account account, String campaign,
		Money money, Map<String, Object> properties) {

	public Event {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(externalId, "externalId");
		Objects.requireNonNull(person, "person");
		properties = (properties != null)
				? java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties)) : Map.of();
	}

	/** An event about a person, without account, campaign, money or properties. */
	public static Event of(String type, Instant occurredAt, String externalId, Person person) {
		return new Event(type, occurredAt, externalId, person, null, null, null, Map.of());
	}

	public Event withAccount(Account account) {
		return new Event(this.type, this.occurredAt, this.externalId, this.person, account, this.campaign, this.money,
				this.properties);
	}

	public Event withCampaign(String campaign) {
		return new Event(this.type, this.occurredAt, this.externalId, this.person, this.account, campaign, this.money,
				this.properties);
	}

	public Event withMoney(Money money) {
		return new Event(this.type, this.occurredAt, this.externalId, this.person, this.account, this.campaign, money,
				this.properties);
	}

	public Event withProperties(Map<String, Object> properties) {
		return new Event(this.type, this.occurredAt, this.externalId, this.person, this.account, this.campaign,
				this.money, properties);
	}

	/**
	 * Who an event concerns. The engine resolves the person by email, else by (connector,
	 * externalId), else by anonymous id.
	 *
	 * @param email the email, or null
	 * @param firstName the first name, or null
	 * @param lastName the last name, or null
	 * @param title the job title, or null
	 * @param phone the phone number, or null
	 * @param anonymousId the web visitor's anonymous id, or null
	 * @param externalId the remote system's id of the person ({@code cus_...}), or null
	 */
	public record Person(String email, String firstName, String lastName, String title, String phone,
			String anonymousId, String externalId) {

		/** A person known by email. */
		public static Person byEmail(String email) {
			return new Person(email, null, null, null, null, null, null);
		}

		/** Whether the engine can resolve this person. */
		public boolean identified() {
			return notBlank(this.email) || notBlank(this.anonymousId) || notBlank(this.externalId);
		}

		private static boolean notBlank(String value) {
			return value != null && !value.isBlank();
		}

	}

	/**
	 * The company an event concerns.
	 *
	 * @param domain the web domain ({@code acme.com}), or null
	 * @param name the name, or null
	 * @param industry the industry, or null
	 * @param employees the number of employees, or null
	 * @param annualRevenue the annual revenue, or null
	 * @param country the ISO 3166 two-letter country code, or null
	 */
	public record Account(String domain, String name, String industry, Integer employees, BigDecimal annualRevenue,
			String country) {
	}

	/**
	 * An amount of money in major units.
	 *
	 * @param amount the amount: {@code 12.34} EUR, {@code 1234} JPY
	 * @param currency the ISO 4217 code, upper case
	 */
	public record Money(BigDecimal amount, String currency) {

		public Money {
			Objects.requireNonNull(amount, "amount");
			Objects.requireNonNull(currency, "currency");
			currency = currency.toUpperCase(java.util.Locale.ROOT);
		}

	}

}
