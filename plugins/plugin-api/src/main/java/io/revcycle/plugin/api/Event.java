package io.revcycle.plugin.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A normalized event, the engine's own: what a connector makes of a remote system's
 * webhook or change, stored exactly as a {@code POST /api/v1/events} event whose
 * {@code source} is the connector's id. Built with {@link #of(String)}: <pre>{@code
 * Event.of(EventTypes.DEMO_REQUESTED)
 * 	.externalId(invitee.string("uri") + "#created")
 * 	.at(body.instant("created_at"))
 * 	.person(Person.email(invitee.string("email")).name(invitee.string("name")))
 * 	.property("meeting", event.string("name"))
 * 	.build();
 * }</pre>
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

	/**
	 * A builder of an event of this type.
	 * @param type the event type, one of {@link EventTypes} or another lowercase name
	 * @return a new builder
	 * @since 1.1.0
	 */
	public static Builder of(String type) {
		return new Builder(Objects.requireNonNull(type, "type"));
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

		/**
		 * A person known by email, to which the other methods add what else is known:
		 * {@code Person.email("ada@example.com").name("Ada", "Lovelace")}.
		 * @param email the email, or null when the remote system gave none (then give an
		 * {@link #externalId(String)})
		 * @return the person
		 * @since 1.1.0
		 */
		public static Person email(String email) {
			return new Person(email, null, null, null, null, null, null);
		}

		/**
		 * A person known by the remote system's id ({@code cus_...}).
		 * @param externalId the remote id
		 * @return the person
		 * @since 1.1.0
		 */
		public static Person external(String externalId) {
			return new Person(null, null, null, null, null, null, externalId);
		}

		/**
		 * A web visitor known by an anonymous id.
		 * @param anonymousId the visitor's anonymous id
		 * @return the person
		 * @since 1.1.0
		 */
		public static Person anonymous(String anonymousId) {
			return new Person(null, null, null, null, null, anonymousId, null);
		}

		/**
		 * This person with a first and last name.
		 * @since 1.1.0
		 */
		public Person name(String firstName, String lastName) {
			return new Person(this.email, firstName, lastName, this.title, this.phone, this.anonymousId,
					this.externalId);
		}

		/**
		 * This person with a name given as one string, as booking and form tools often
		 * send it: the first word becomes the first name, the rest (if any) the last
		 * name. A null or blank name leaves the names as they were.
		 * @since 1.1.0
		 */
		public Person name(String fullName) {
			if (fullName == null || fullName.isBlank()) {
				return this;
			}
			String[] parts = fullName.strip().split("\\s+", 2);
			return name(parts[0], (parts.length > 1) ? parts[1] : null);
		}

		/**
		 * This person with a job title.
		 * @since 1.1.0
		 */
		public Person title(String title) {
			return new Person(this.email, this.firstName, this.lastName, title, this.phone, this.anonymousId,
					this.externalId);
		}

		/**
		 * This person with a phone number.
		 * @since 1.1.0
		 */
		public Person phone(String phone) {
			return new Person(this.email, this.firstName, this.lastName, this.title, phone, this.anonymousId,
					this.externalId);
		}

		/**
		 * This person with the remote system's id of them.
		 * @since 1.1.0
		 */
		public Person externalId(String externalId) {
			return new Person(this.email, this.firstName, this.lastName, this.title, this.phone, this.anonymousId,
					externalId);
		}

		/**
		 * This person with a web visitor's anonymous id.
		 * @since 1.1.0
		 */
		public Person anonymousId(String anonymousId) {
			return new Person(this.email, this.firstName, this.lastName, this.title, this.phone, anonymousId,
					this.externalId);
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

		/**
		 * A company known by its web domain, to which the other methods add what else is
		 * known: {@code Account.domain("acme.com").name("Acme").employees(120)}.
		 * @since 1.1.0
		 */
		public static Account domain(String domain) {
			return new Account(domain, null, null, null, null, null);
		}

		/**
		 * A company known by name only.
		 * @since 1.1.0
		 */
		public static Account named(String name) {
			return new Account(null, name, null, null, null, null);
		}

		/**
		 * This company with a name.
		 * @since 1.1.0
		 */
		public Account name(String name) {
			return new Account(this.domain, name, this.industry, this.employees, this.annualRevenue, this.country);
		}

		/**
		 * This company with an industry.
		 * @since 1.1.0
		 */
		public Account industry(String industry) {
			return new Account(this.domain, this.name, industry, this.employees, this.annualRevenue, this.country);
		}

		/**
		 * This company with a number of employees.
		 * @since 1.1.0
		 */
		public Account employees(Integer employees) {
			return new Account(this.domain, this.name, this.industry, employees, this.annualRevenue, this.country);
		}

		/**
		 * This company with an annual revenue.
		 * @since 1.1.0
		 */
		public Account annualRevenue(BigDecimal annualRevenue) {
			return new Account(this.domain, this.name, this.industry, this.employees, annualRevenue, this.country);
		}

		/**
		 * This company with an ISO 3166 two-letter country code.
		 * @since 1.1.0
		 */
		public Account country(String country) {
			return new Account(this.domain, this.name, this.industry, this.employees, this.annualRevenue, country);
		}

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

	/**
	 * Builds an {@link Event}. Not thread-safe; {@link #build()} may be called again and
	 * gives an equal event.
	 *
	 * @since 1.1.0
	 */
	public static final class Builder {

		private final String type;

		private Instant occurredAt;

		private String externalId;

		private Person person;

		private Account account;

		private String campaign;

		private Money money;

		private final Map<String, Object> properties = new LinkedHashMap<>();

		private Builder(String type) {
			this.type = type;
		}

		/**
		 * When it happened in the remote system; when the payload says nothing of it, the
		 * webhook's {@link WebhookRequest#receivedAt()}. Required.
		 */
		public Builder at(Instant occurredAt) {
			this.occurredAt = occurredAt;
			return this;
		}

		/**
		 * The remote system's id of what happened, the same on every redelivery and
		 * different for every other action (a booking's creation and its cancellation are
		 * two). Required.
		 */
		public Builder externalId(String externalId) {
			this.externalId = externalId;
			return this;
		}

		/** Who it concerns. Required. */
		public Builder person(Person person) {
			this.person = person;
			return this;
		}

		/** The company it concerns. */
		public Builder account(Account account) {
			this.account = account;
			return this;
		}

		/** The campaign it belongs to. */
		public Builder campaign(String campaign) {
			this.campaign = campaign;
			return this;
		}

		/** The amount of a payment or refund. */
		public Builder money(Money money) {
			this.money = money;
			return this;
		}

		/**
		 * Adds a detail: a string, number or boolean, or a list or map of these. A null
		 * value adds nothing, so a detail the payload lacks can be passed as it is.
		 */
		public Builder property(String name, Object value) {
			Objects.requireNonNull(name, "name");
			if (value != null) {
				this.properties.put(name, value);
			}
			return this;
		}

		/**
		 * The event. Whether its person is {@link Person#identified() identified} is not
		 * checked here: an event without is the connector's to drop (the contract suite
		 * checks that it does).
		 * @throws IllegalStateException when the time, a non-blank external id or the
		 * person is missing
		 */
		public Event build() {
			List<String> missing = new ArrayList<>();
			if (this.occurredAt == null) {
				missing.add("at(..)");
			}
			if (this.externalId == null || this.externalId.isBlank()) {
				missing.add("externalId(..)");
			}
			if (this.person == null) {
				missing.add("person(..)");
			}
			if (!missing.isEmpty()) {
				throw new IllegalStateException("A " + this.type + " event needs " + String.join(", ", missing));
			}
			return new Event(this.type, this.occurredAt, this.externalId, this.person, this.account, this.campaign,
					this.money, this.properties);
		}

	}

}
