package io.revcycle.ingest;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import io.revcycle.kernel.InvalidInput;
import io.revcycle.kernel.Money;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way events enter the engine, for the event API and for connectors alike: a
 * batch is stored, resolved to people, scored and moved through the cycle in one
 * transaction, idempotent by (source, external id). A batch that loses a race with a
 * concurrent one (the same new person, account or event) or deadlocks with it is retried
 * whole.
 */
@Component
public class EventIntake {

	/** The event types that move cash: each carries the money it moved. */
	public static final Set<String> PAYMENT_TYPES = Set.of("payment_succeeded", "payment_refunded");

	/** A batch that loses a race is retried this often. */
	private static final int ATTEMPTS = 5;

	/** Unique violation, deadlock, serialization failure. */
	private static final Set<String> RETRYABLE_STATES = Set.of("23505", "40P01", "40001");

	private final Ingest ingest;

	private final TransactionTemplate tx;

	EventIntake(Ingest ingest, TransactionTemplate tx) {
		this.ingest = ingest;
		this.tx = tx;
	}

	/**
	 * An event, as the event API takes it.
	 *
	 * @param type the type
	 * @param occurredAt when it happened
	 * @param source where it comes from
	 * @param externalId its id at the source: stored once per (source, externalId)
	 * @param person who
	 * @param account the company, or null
	 * @param campaign the campaign, or null
	 * @param properties further details, never null
	 * @param actor the tenant user who did it (a user id or an email), or null; kept as
	 * given even when it names nobody
	 * @param money the cash a payment collected or a refund gave back, or null; required,
	 * and positive, for {@link #PAYMENT_TYPES}
	 */
	public record Incoming(String type, Instant occurredAt, String source, String externalId, Who person,
			Company account, String campaign, Map<String, Object> properties, String actor, Money money) {

		String key() {
			return this.source + "\u0000" + this.externalId;
		}

	}

	/** Who an event concerns: at least an email, an anonymous id or an external id. */
	public record Who(String email, String firstName, String lastName, String title, String phone, String anonymousId,
			String externalId) {
	}

	/** The company an event concerns. */
	public record Company(String domain, String name, String industry, Integer employees, BigDecimal annualRevenue,
			String country) {
	}

	/**
	 * The answer: per event, in request order.
	 *
	 * @param accepted how many events were stored now
	 * @param duplicates how many had been stored before (or twice in this call)
	 * @param results per event
	 */
	public record Outcome(int accepted, int duplicates, List<Result> results) {
	}

	/**
	 * What became of one event.
	 *
	 * @param externalId the event's external id
	 * @param personId the person it was stored for
	 * @param status {@code accepted} or {@code duplicate}
	 */
	public record Result(String externalId, UUID personId, String status) {
	}

	/**
	 * The money of an event that gives it in its properties, as connectors and earlier
	 * clients do: {@code properties.amount} and {@code properties.currency}, or
	 * {@code properties.amount} as a money object.
	 * @return the money, or null when the properties name none
	 * @throws IllegalArgumentException when they name money that is not valid (the
	 * message says what to fix)
	 */
	public static Money moneyIn(Map<String, Object> properties) {
		Object amount = properties.get("amount");
		if (amount == null) {
			return null;
		}
		if (amount instanceof Map<?, ?> nested) {
			return Money.parse(nested.get("amount"), nested.get("currency"));
		}
		return Money.parse(amount, properties.get("currency"));
	}

	/**
	 * Checks what every event must satisfy whichever way it came in: a payment or refund
	 * names positive money.
	 * @return the problems, by the event's index in the batch
	 */
	public static List<InvalidInput.Violation> problems(List<Incoming> events) {
		List<InvalidInput.Violation> problems = new ArrayList<>();
		for (int i = 0; i < events.size(); i++) {
			Incoming event = events.get(i);
			if (PAYMENT_TYPES.contains(event.type())) {
				if (event.money() == null) {
					problems.add(new InvalidInput.Violation("events[" + i + "].amount",
							"a " + event.type() + " event needs the money it moved: \"amount\": {\"amount\": "
									+ "\"12.50\", \"currency\": \"EUR\"}"));
				}
				else if (!event.money().isPositive()) {
					problems.add(new InvalidInput.Violation("events[" + i + "].amount",
							"must be more than zero (a refund gives the amount given back, positive)"));
				}
			}
		}
		return problems;
	}

	/** Stores a batch of the current tenant. */
	public Outcome submit(List<Incoming> events) {
		return submit(events, (outcome) -> {
		});
	}

	/**
	 * Stores a batch of the current tenant and, in the same transaction, whatever must be
	 * committed with it (a connector's cursor): both are committed, or neither.
	 * @param events the events, 1 to 1000
	 * @param withIt runs after the events are stored, before the commit
	 * @return the outcome
	 */
	public Outcome submit(List<Incoming> events, Consumer<Outcome> withIt) {
		List<InvalidInput.Violation> problems = problems(events);
		if (!problems.isEmpty()) {
			throw new InvalidInput(problems);
		}
		for (int attempt = 1;; attempt++) {
			try {
				return this.tx.execute((status) -> {
					Outcome outcome = this.ingest.ingest(events);
					withIt.accept(outcome);
					return outcome;
				});
			}
			catch (RuntimeException ex) {
				if (attempt >= ATTEMPTS || !lostARace(ex)) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Whether a call failed only because a concurrent call created the same person,
	 * account or event first, or the two deadlocked: then a retry sees the other's rows
	 * and succeeds.
	 */
	static boolean lostARace(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql) {
				for (SQLException next = sql; next != null; next = next.getNextException()) {
					if (next.getSQLState() != null && RETRYABLE_STATES.contains(next.getSQLState())) {
						return true;
					}
				}
			}
		}
		return false;
	}

}
