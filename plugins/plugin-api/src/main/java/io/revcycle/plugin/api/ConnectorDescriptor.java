package io.revcycle.plugin.api;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a connector is and may do. Built with {@link #of(String, String)}: <pre>{@code
 * ConnectorDescriptor.of("acme", "Acme")
 * 	.category(ConnectorDescriptor.Category.SCHEDULING)
 * 	.description("Demo requests from Acme's signed webhooks.")
 * 	.produces(EventTypes.DEMO_REQUESTED, EventTypes.NOTE)
 * 	.hosts("api.acme.example")
 * 	.build();
 * }</pre>
 *
 * @param id the stable id, lowercase letters, digits and dashes ({@code stripe}); it is
 * the plugin id, the {@code source} of the events it produces, and it never changes
 * between versions
 * @param name the name shown to tenants
 * @param version the connector's own version (semantic versioning), equal to the jar's
 * {@code Plugin-Version}; since 1.1.0 it may be null in what a factory returns, and the
 * host then takes the jar's {@code Plugin-Version}, so a loaded connector's descriptor
 * always has one
 * @param requires the plugin-api versions it works with, as a PF4J version expression
 * such as {@code >=1.0.0 & <2.0.0}; the same as the jar's {@code Plugin-Requires}; since
 * 1.1.0 it may be null in what a factory returns, and the host then takes the jar's
 * {@code Plugin-Requires}
 * @param category what kind of system it connects
 * @param description one or two sentences for the connector catalogue
 * @param produces the event types its webhooks and polls produce ({@link EventTypes})
 * @param actions the action types {@link Connector#perform(Action)} accepts
 * @param hosts the host names its HTTP client may call ({@code api.stripe.com}, or
 * {@code *.hubapi.com} for a domain and its subdomains); calls to other hosts are refused
 */
public record ConnectorDescriptor(String id, String name, String version, String requires, Category category,
		String description, Set<String> produces, Set<String> actions, Set<String> hosts) {

	/** Kinds of remote systems. */
	public enum Category {

		/** Payments and subscriptions (Stripe). */
		PAYMENTS,
		/** Email platforms (SendGrid). */
		EMAIL,
		/** Web forms and landing pages. */
		FORMS,
		/** CRMs (HubSpot). */
		CRM,
		/** Support desks and help centres: tickets, chats, satisfaction surveys. */
		SUPPORT,
		/** Anything else. */
		OTHER,
		/**
		 * Scheduling tools: booking pages, meeting schedulers, calendars.
		 * @since 1.1.0
		 */
		SCHEDULING

	}

	public ConnectorDescriptor {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(category, "category");
		produces = (produces != null) ? Set.copyOf(produces) : Set.of();
		actions = (actions != null) ? Set.copyOf(actions) : Set.of();
		hosts = (hosts != null) ? Set.copyOf(hosts) : Set.of();
	}

	/**
	 * A builder of a descriptor with this id and name: category {@link Category#OTHER},
	 * version and requires from the jar's manifest, no description, event types, actions
	 * or hosts until given.
	 * @param id the connector's id, equal to the jar's {@code Plugin-Id}
	 * @param name the name shown to tenants
	 * @return a new builder
	 * @since 1.1.0
	 */
	public static Builder of(String id, String name) {
		return new Builder(Objects.requireNonNull(id, "id"), name);
	}

	/**
	 * This descriptor with the manifest's values where it has none: what the host reports
	 * for a loaded connector.
	 * @param pluginVersion the jar's {@code Plugin-Version}
	 * @param pluginRequires the jar's {@code Plugin-Requires}
	 * @return this descriptor when it has a version and a range, else a copy with the
	 * manifest's
	 * @since 1.1.0
	 */
	public ConnectorDescriptor withManifestDefaults(String pluginVersion, String pluginRequires) {
		if (this.version != null && this.requires != null) {
			return this;
		}
		return new ConnectorDescriptor(this.id, this.name, (this.version != null) ? this.version : pluginVersion,
				(this.requires != null) ? this.requires : pluginRequires, this.category, this.description,
				this.produces, this.actions, this.hosts);
	}

	/**
	 * Builds a {@link ConnectorDescriptor}. Not thread-safe; {@link #build()} may be
	 * called again and gives an equal descriptor.
	 *
	 * @since 1.1.0
	 */
	public static final class Builder {

		private final String id;

		private final String name;

		private String version;

		private String requires;

		private Category category = Category.OTHER;

		private String description;

		private final Set<String> produces = new LinkedHashSet<>();

		private final Set<String> actions = new LinkedHashSet<>();

		private final Set<String> hosts = new LinkedHashSet<>();

		private Builder(String id, String name) {
			this.id = id;
			this.name = name;
		}

		/**
		 * The connector's version. Leave it out: the host takes the jar's
		 * {@code Plugin-Version}, which the contract suite requires it to equal anyway.
		 */
		public Builder version(String version) {
			this.version = version;
			return this;
		}

		/**
		 * The plugin API range. Leave it out: the host takes the jar's
		 * {@code Plugin-Requires}, which the contract suite requires it to equal anyway.
		 */
		public Builder requires(String requires) {
			this.requires = requires;
			return this;
		}

		/** What kind of system it connects; {@link Category#OTHER} unless given. */
		public Builder category(Category category) {
			this.category = Objects.requireNonNull(category, "category");
			return this;
		}

		/** One or two sentences for the connector catalogue. */
		public Builder description(String description) {
			this.description = description;
			return this;
		}

		/** Adds event types its webhooks and polls produce. */
		public Builder produces(String... types) {
			this.produces.addAll(Arrays.asList(types));
			return this;
		}

		/** Adds action types {@link Connector#perform(Action)} accepts. */
		public Builder actions(String... types) {
			this.actions.addAll(Arrays.asList(types));
			return this;
		}

		/**
		 * Adds host names ({@code api.acme.example}, {@code *.acme.example}) it calls.
		 */
		public Builder hosts(String... hosts) {
			this.hosts.addAll(Arrays.asList(hosts));
			return this;
		}

		/** The descriptor. */
		public ConnectorDescriptor build() {
			return new ConnectorDescriptor(this.id, this.name, this.version, this.requires, this.category,
					this.description, this.produces, this.actions, this.hosts);
		}

	}

}
