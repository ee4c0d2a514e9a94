package io.revcycle.notifications;

import java.util.List;
import java.util.UUID;

import io.revcycle.kernel.Money;

/**
 * A tenant's rule for alerting users when something happens: which event, what it must
 * match, and who is alerted. Every enabled rule that matches an event alerts its
 * recipients; a user named by several matching rules gets one notification.
 *
 * @param name the tenant's name for the rule, unique whatever its case
 * @param event the event: one of {@link #EVENTS}
 * @param enabled whether it alerts; null means true
 * @param conditions what the event must match, or null for every such event
 * @param recipients who is alerted
 */
public record AlertRule(String name, String event, Boolean enabled, Conditions conditions, Recipients recipients) {

	/** A payment was received. */
	public static final String PAYMENT_RECEIVED = "payment_received";

	/** A payment was refunded. */
	public static final String PAYMENT_REFUNDED = "payment_refunded";

	/** A person became a customer (entered the stage {@code Customer}). */
	public static final String CUSTOMER_CREATED = "customer_created";

	/** The events a rule can name, in the order the API documents them. */
	public static final List<String> EVENTS = List.of(PAYMENT_RECEIVED, PAYMENT_REFUNDED, CUSTOMER_CREATED);

	/** The events that carry an amount and a source. */
	public static final List<String> PAYMENT_EVENTS = List.of(PAYMENT_RECEIVED, PAYMENT_REFUNDED);

	/**
	 * What an event must match; every condition given must hold. A list left out, null or
	 * empty matches everything.
	 *
	 * @param minimumAmount payment events only: the amount must be at least this; a
	 * payment in another currency is converted with the tenant's FX rates (revenue
	 * settings), and one that cannot be converted does not match
	 * @param sources payment events only: the systems that reported it ({@code stripe}),
	 * whatever their case
	 * @param countries the account's country is one of these, whatever their case
	 * @param industries the account's industry is one of these, whatever their case
	 */
	public record Conditions(Money minimumAmount, List<String> sources, List<String> countries,
			List<String> industries) {
	}

	/**
	 * Who is alerted. When all of them resolve to nobody (no owner, nobody with the
	 * roles) the tenant's admins are alerted, unless {@code fallbackToAdmins} is false.
	 *
	 * @param owner the account's owner, else the person's owner; null means false
	 * @param ownerManager the manager of that owner; null means false
	 * @param roles every active user with one of these roles ({@code finance},
	 * {@code ae}, ...)
	 * @param users these users, while they are active members
	 * @param fallbackToAdmins whether the admins are alerted when nobody else is; null
	 * means true
	 */
	public record Recipients(Boolean owner, Boolean ownerManager, List<String> roles, List<UUID> users,
			Boolean fallbackToAdmins) {
	}

}
