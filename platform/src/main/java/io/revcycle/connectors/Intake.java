package io.revcycle.connectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.ingest.EventIntake;
import io.revcycle.plugin.api.Event;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores what a connector call produced, through the same path as the event API, and
 * commits the cursors the call staged only with (after) its events: a cursor never runs
 * ahead of what was stored. The instance's runtime then sees them as committed.
 */
@Component
class Intake {

	/** The event API's largest batch. */
	static final int BATCH = 1000;

	private final EventIntake intake;

	private final Instances instances;

	private final TransactionTemplate tx;

	private final Runtimes runtimes;

	Intake(EventIntake intake, Instances instances, TransactionTemplate tx, Runtimes runtimes) {
		this.intake = intake;
		this.instances = instances;
		this.tx = tx;
		this.runtimes = runtimes;
	}

	/**
	 * Stores events of the current tenant and commits the cursors in the transaction of
	 * the last batch.
	 * @return how many were stored now and how many were stored before
	 * @throws ConnectorEvents.Invalid when an event is not acceptable (nothing stored)
	 */
	EventIntake.Outcome store(Instance instance, List<Event> events, Map<String, String> cursors,
			Runnable alsoInTheLastTransaction) {
		List<EventIntake.Incoming> incoming = ConnectorEvents.toIncoming(instance.connectorId(), events);
		UUID id = instance.id();
		if (incoming.isEmpty()) {
			this.tx.executeWithoutResult((status) -> {
				this.instances.commitCursors(id, cursors);
				alsoInTheLastTransaction.run();
			});
			this.runtimes.committed(instance, cursors);
			return new EventIntake.Outcome(0, 0, List.of());
		}
		int accepted = 0;
		int duplicates = 0;
		List<EventIntake.Result> results = new ArrayList<>(incoming.size());
		for (int from = 0; from < incoming.size(); from += BATCH) {
			boolean last = from + BATCH >= incoming.size();
			EventIntake.Outcome outcome = this.intake
				.submit(incoming.subList(from, Math.min(incoming.size(), from + BATCH)), (stored) -> {
					if (last) {
						this.instances.commitCursors(id, cursors);
						alsoInTheLastTransaction.run();
					}
				});
			accepted += outcome.accepted();
			duplicates += outcome.duplicates();
			results.addAll(outcome.results());
		}
		this.runtimes.committed(instance, cursors);
		return new EventIntake.Outcome(accepted, duplicates, results);
	}

}
