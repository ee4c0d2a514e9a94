package io.revcycle.ingest;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

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
	 */
	public record Incoming(String type, Instant occurredAt, String source, String externalId, Who person,
			Company account, String campaign, Map<String, Object> properties, String actor) {

		/** An event nobody of the tenant did (a visit, a payment, a form). */
		public Incoming(String type, Instant occurredAt, String source, String externalId, Who person, Company account,
				String campaign, Map<String, Object> properties) {
			this(type, occurredAt, source, externalId, person, account, campaign, properties, null);
		}

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
					if (RETRYABLE_STATES.contains(next.getSQLState())) {
						return true;
					}
				}
			}
		}
		return false;
	}

}
