package io.revcycle.connectors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.revcycle.kernel.InvalidInput;
import io.revcycle.ingest.EventIntake;
import io.revcycle.kernel.Money;
import io.revcycle.plugin.api.Event;

/**
 * Turns a connector's normalized events into the engine's, with the connector's id as
 * their source, and checks them as the event API checks its input: a connector that
 * produces an event the engine would refuse gets a message naming the event and field.
 */
final class ConnectorEvents {

	private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{1,63}");

	private ConnectorEvents() {
	}

	/** A connector produced an event the engine cannot take. */
	static final class Invalid extends RuntimeException {

		Invalid(String message) {
			super(message);
		}

	}

	static List<EventIntake.Incoming> toIncoming(String source, List<Event> events) {
		List<EventIntake.Incoming> incoming = new ArrayList<>(events.size());
		for (int i = 0; i < events.size(); i++) {
			Event event = events.get(i);
			String at = "events[" + i + "]";
			if (!TYPE.matcher(event.type()).matches()) {
				throw new Invalid(at + ".type: '" + event.type() + "' is not a lowercase event type");
			}
			if (event.externalId().isBlank() || event.externalId().length() > 200) {
				throw new Invalid(at + ".externalId: must be 1 to 200 characters");
			}
			if (!event.person().identified()) {
				throw new Invalid(at + ".person: needs an email, an anonymousId or an externalId");
			}
			Map<String, Object> properties = new LinkedHashMap<>(event.properties());
			Money money;
			try {
				money = (event.money() != null) ? Money.parse(event.money().amount(), event.money().currency())
						: EventIntake.moneyIn(properties);
			}
			catch (IllegalArgumentException ex) {
				throw new Invalid(at + ".money: " + ex.getMessage());
			}
			Event.Person person = event.person();
			Event.Account account = event.account();
			incoming.add(new EventIntake.Incoming(event.type(), event.occurredAt(), source, event.externalId(),
					new EventIntake.Who(
							(person.email() != null) ? person.email().trim().toLowerCase(Locale.ROOT) : null,
							person.firstName(), person.lastName(), person.title(), person.phone(), person.anonymousId(),
							person.externalId()),
					(account != null) ? new EventIntake.Company(account.domain(), account.name(), account.industry(),
							account.employees(), account.annualRevenue(), account.country()) : null,
					event.campaign(), properties, null, money));
		}
		List<InvalidInput.Violation> problems = EventIntake.problems(incoming);
		if (!problems.isEmpty()) {
			throw new Invalid(problems.get(0).toString());
		}
		return incoming;
	}

}
