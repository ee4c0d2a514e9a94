package io.revcycle.notifications;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.revcycle.cycle.StageEntered;
import io.revcycle.ingest.PaymentReceived;
import io.revcycle.ingest.PaymentRefunded;
import io.revcycle.kernel.Money;
import io.revcycle.people.Account;
import io.revcycle.people.Accounts;
import io.revcycle.people.People;
import io.revcycle.people.Person;
import io.revcycle.revenue.Fx;
import io.revcycle.revenue.RevenueSettings;
import io.revcycle.tenancy.Members;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Alerts users by the tenant's alert rules ({@link AlertRules}), in the transaction of
 * the event: payments and refunds as ingest stores them, new customers as they enter the
 * stage {@code Customer}. A user named by several matching rules gets one notification.
 */
@Component
class Alerts {

	private final Notifications notifications;

	private final AlertRules rules;

	private final Members members;

	private final People people;

	private final Accounts accounts;

	private final RevenueSettings revenue;

	Alerts(Notifications notifications, AlertRules rules, Members members, People people, Accounts accounts,
			RevenueSettings revenue) {
		this.notifications = notifications;
		this.rules = rules;
		this.members = members;
		this.people = people;
		this.accounts = accounts;
		this.revenue = revenue;
	}

	/**
	 * What happened, as rules see it.
	 *
	 * @param event the rule event
	 * @param personId the person
	 * @param accountId the person's account, or null
	 * @param amount the payment's amount, or null
	 * @param source the system that reported it, or null
	 */
	private record Happened(String event, UUID personId, UUID accountId, Money amount, String source) {
	}

	@EventListener
	void on(PaymentReceived payment) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("personId", payment.personId());
		data.put("accountId", payment.accountId());
		data.put("amount", payment.amount());
		alert(new Happened(AlertRule.PAYMENT_RECEIVED, payment.personId(), payment.accountId(), payment.amount(),
				payment.source()), "Payment received: " + payment.amount(), data);
	}

	@EventListener
	void on(PaymentRefunded refund) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("personId", refund.personId());
		data.put("accountId", refund.accountId());
		data.put("amount", refund.amount());
		alert(new Happened(AlertRule.PAYMENT_REFUNDED, refund.personId(), refund.accountId(), refund.amount(),
				refund.source()), "Payment refunded: " + refund.amount(), data);
	}

	@EventListener
	void on(StageEntered event) {
		if (!"Customer".equals(event.stage())) {
			return;
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("personId", event.personId());
		data.put("cause", event.cause());
		alert(new Happened(AlertRule.CUSTOMER_CREATED, event.personId(), null, null, null), "New customer", data);
	}

	private void alert(Happened happened, String title, Map<String, Object> data) {
		List<AlertRule> matching = this.rules.current()
			.stream()
			.filter((rule) -> rule.enabled() && rule.event().equals(happened.event()))
			.toList();
		if (matching.isEmpty()) {
			return;
		}
		Facts facts = new Facts(happened);
		Set<UUID> alerted = new LinkedHashSet<>();
		List<Notifications.Notice> notices = new ArrayList<>();
		for (AlertRule rule : matching) {
			if (!matches(rule.conditions(), happened, facts)) {
				continue;
			}
			Set<UUID> users = recipients(rule.recipients(), facts);
			users.removeAll(alerted);
			if (users.isEmpty()) {
				continue;
			}
			alerted.addAll(users);
			Map<String, Object> withRule = new LinkedHashMap<>(data);
			withRule.put("rule", rule.name());
			notices.add(new Notifications.Notice(List.copyOf(users), happened.event(), title, withRule));
		}
		this.notifications.notify(notices);
	}

	private boolean matches(AlertRule.Conditions conditions, Happened happened, Facts facts) {
		if (conditions == null) {
			return true;
		}
		if (conditions.minimumAmount() != null
				&& (happened.amount() == null || !atLeast(happened.amount(), conditions.minimumAmount(), facts))) {
			return false;
		}
		if (conditions.sources() != null && !oneOf(conditions.sources(), happened.source())) {
			return false;
		}
		if (conditions.countries() != null
				&& !oneOf(conditions.countries(), facts.account().map(Account::country).orElse(null))) {
			return false;
		}
		return conditions.industries() == null
				|| oneOf(conditions.industries(), facts.account().map(Account::industry).orElse(null));
	}

	/** Whether an amount is at least a minimum, converting with the tenant's FX rates. */
	private static boolean atLeast(Money amount, Money minimum, Facts facts) {
		if (amount.currency().equals(minimum.currency())) {
			return amount.amount().compareTo(minimum.amount()) >= 0;
		}
		Fx fx = facts.fx();
		BigDecimal paid = fx.toReporting(amount.amount(), amount.currency());
		BigDecimal least = fx.toReporting(minimum.amount(), minimum.currency());
		return paid != null && least != null && paid.compareTo(least) >= 0;
	}

	private static boolean oneOf(List<String> allowed, String value) {
		return value != null && allowed.stream().anyMatch((a) -> a.equalsIgnoreCase(value.trim()));
	}

	private Set<UUID> recipients(AlertRule.Recipients to, Facts facts) {
		Set<UUID> users = new LinkedHashSet<>();
		UUID owner = (to.owner() || to.ownerManager()) ? facts.owner() : null;
		if (to.owner() && owner != null) {
			users.add(owner);
		}
		if (to.ownerManager() && owner != null) {
			this.members.managerOf(owner).ifPresent(users::add);
		}
		to.roles().forEach((role) -> users.addAll(this.members.withRole(role)));
		to.users().stream().filter(this.members::exists).forEach(users::add);
		if (users.isEmpty() && to.fallbackToAdmins()) {
			users.addAll(this.members.admins());
		}
		return users;
	}

	/** What rules ask of an event, each looked up once and only when asked. */
	private final class Facts {

		private final Happened happened;

		private Optional<Person> person;

		private Optional<Account> account;

		private Fx fx;

		Facts(Happened happened) {
			this.happened = happened;
		}

		Optional<Person> person() {
			if (this.person == null) {
				this.person = Alerts.this.people.findById(this.happened.personId());
			}
			return this.person;
		}

		/** The event's account, else the person's. */
		Optional<Account> account() {
			if (this.account == null) {
				UUID id = (this.happened.accountId() != null) ? this.happened.accountId()
						: person().map(Person::accountId).orElse(null);
				this.account = (id != null) ? Alerts.this.accounts.findById(id) : Optional.empty();
			}
			return this.account;
		}

		/** The account's owner, else the person's, or null. */
		UUID owner() {
			UUID owner = account().map(Account::ownerId).orElse(null);
			return (owner != null) ? owner : person().map(Person::ownerId).orElse(null);
		}

		Fx fx() {
			if (this.fx == null) {
				this.fx = Alerts.this.revenue.fx();
			}
			return this.fx;
		}

	}

}
