package io.revcycle.plugin.api;

import java.util.Objects;
import java.util.Set;

/**
 * What a connector is and what it may do.
 *
 * @param id the stable id, lowercase letters, digits and dashes ({@code stripe}); it is
 * the plugin id, the {@code source} of the events it produces, and it never changes
 * between versions
 * @param name the name shown to tenants
 * @param version the connector's own version (semantic versioning)
 * @param requires the plugin-api versions it works with, as a PF4J version expression
 * such as {@code >=1.0.0 & <2.0.0}; the same as the jar's {@code Plugin-Requires}
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
		/** Support desks. */
		SUPPORT,
		/** Anything else. */
		OTHER

	}

	public ConnectorDescriptor {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(category, "category");
		produces = (produces != null) ? Set.copyOf(produces) : Set.of();
		actions = (actions != null) ? Set.copyOf(actions) : Set.of();
		hosts = (hosts != null) ? Set.copyOf(hosts) : Set.of();
	}

}
