package io.revcycle.notifications;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.cycle.StageEntered;
import io.revcycle.ingest.PaymentReceived;
import io.revcycle.ingest.PaymentRefunded;
import io.revcycle.kernel.Money;
import io.revcycle.people.Account;
import io.revcycle.people.Accounts;
import io.revcycle.people.People;
import io.revcycle.people.Person;
import io.revcycle.tenancy.Members;
import io.revcycle.tenancy.Roles;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The default alerts: a payment or a refund alerts the account's sales owner (else the
 * person's owner, else the admins); a new customer alerts finance.
 */
@Component
class Alerts {

	private final Notifications notifications;

	private final Members members;

	private final People people;

	private final Accounts accounts;

	Alerts(Notifications notifications, Members members, People people, Accounts accounts) {
		this.notifications = notifications;
		this.members = members;
		this.people = people;
		this.accounts = accounts;
	}

	@EventListener
	void on(PaymentReceived payment) {
		alertOwner(payment.personId(), payment.accountId(), payment.amount(), "payment_received",
				"Payment received: " + payment.amount());
	}

	@EventListener
	void on(PaymentRefunded refund) {
		alertOwner(refund.personId(), refund.accountId(), refund.amount(), "payment_refunded",
				"Payment refunded: " + refund.amount());
	}

	private void alertOwner(UUID personId, UUID accountId, Money amount, String kind, String title) {
		UUID owner = firstOwner(accountId, personId);
		List<UUID> recipients = (owner != null) ? List.of(owner) : this.members.admins();
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("personId", personId);
		data.put("accountId", accountId);
		data.put("amount", amount);
		this.notifications.notify(recipients, kind, title, data);
	}

	@EventListener
	void on(StageEntered event) {
		if (!"Customer".equals(event.stage())) {
			return;
		}
		List<UUID> finance = this.members.withRole(Roles.FINANCE);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("personId", event.personId());
		data.put("cause", event.cause());
		this.notifications.notify(finance.isEmpty() ? this.members.admins() : finance, "customer_created",
				"New customer", data);
	}

	private UUID firstOwner(UUID accountId, UUID personId) {
		UUID owner = (accountId != null) ? this.accounts.findById(accountId).map(Account::ownerId).orElse(null) : null;
		return (owner != null) ? owner : this.people.findById(personId).map(Person::ownerId).orElse(null);
	}

}
