package io.revcycle.scoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.people.Account;
import io.revcycle.people.Accounts;
import io.revcycle.people.People;
import io.revcycle.people.PeopleWriter;
import io.revcycle.people.Person;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.tenancy.TenantSlugs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps stored behaviour scores true as time passes. A score is stored with the time at
 * which decay will have moved it enough to matter ({@code score_stale_at}: a tenth of its
 * value, at least a point, or across one of the model's behaviour thresholds); a
 * scheduled pass rescores the people whose time has come, a chunk at a time, each chunk
 * in its own transaction with its rows claimed with {@code SKIP LOCKED}, so any number of
 * replicas share the work and ingest is never held up for long. Each change goes into the
 * score ledger with the cause {@code decay}. Stages do not move back by decay: the stage
 * model has no such transition.
 */
@Component
class Decay {

	private static final Logger log = LoggerFactory.getLogger(Decay.class);

	/** People rescored per transaction. */
	static final int CHUNK = 500;

	/** The share of a score decay may take before it is stored again. */
	static final double DRIFT = 0.1;

	private final TenantSlugs tenants;

	private final People people;

	private final Accounts accounts;

	private final PeopleWriter writer;

	private final Scoring scoring;

	private final TransactionTemplate tx;

	private final Clock clock;

	Decay(TenantSlugs tenants, People people, Accounts accounts, PeopleWriter writer, Scoring scoring,
			TransactionTemplate tx, Clock clock) {
		this.tenants = tenants;
		this.people = people;
		this.accounts = accounts;
		this.writer = writer;
		this.scoring = scoring;
		this.tx = tx;
		this.clock = clock;
	}

	/**
	 * When decay will have moved a behaviour score stored at {@code at} by a tenth of its
	 * value (at least one point), or across a threshold of the model, whichever comes
	 * first; null for a score of zero, which does not decay.
	 */
	static Instant staleAt(int behaviour, ScoringDefinition definition, Instant at) {
		if (behaviour == 0) {
			return null;
		}
		double size = Math.abs(behaviour);
		// the rounded score shows the change once the exact one is half a point past it
		double target = size - Math.max(1, Math.ceil(size * DRIFT)) + 0.5;
		if (behaviour > 0) {
			for (int threshold : new int[] { definition.engagedThreshold(), definition.mqlBehaviour() }) {
				if (threshold > 0 && threshold <= behaviour) {
					target = Math.max(target, threshold - 0.5);
				}
			}
		}
		if (target <= 0) {
			target = 0.5;
		}
		double days = definition.halfLifeDays() * (Math.log(size / target) / Math.log(2));
		return at.plus(Duration.ofSeconds((long) Math.ceil(Math.max(days, 1.0 / 24) * 86_400)));
	}

	@Scheduled(fixedDelayString = "${revcycle.scoring.decay-interval:PT10M}",
			initialDelayString = "${revcycle.scoring.decay-initial-delay:PT1M}")
	void poll() {
		for (UUID tenant : this.tenants.active()) {
			try {
				TenantContext.runAs(tenant, () -> {
					while (runChunk() == CHUNK) {
						// a full chunk: there may be more due
					}
				});
			}
			catch (RuntimeException ex) {
				log.warn("Decay of the scores of tenant {} failed; retrying at the next pass", tenant, ex);
			}
		}
	}

	/**
	 * Rescores one chunk of the current tenant's people whose stored score has gone
	 * stale.
	 * @return how many were rescored
	 */
	int runChunk() {
		Integer done = this.tx.execute((status) -> {
			Instant now = this.clock.instant();
			List<UUID> due = this.writer.claimStaleScores(now, CHUNK);
			if (due.isEmpty()) {
				return 0;
			}
			this.writer.readOnly();
			List<Person> chunk = new ArrayList<>();
			this.people.findAllById(due).forEach(chunk::add);
			Map<UUID, Account> accounts = new HashMap<>();
			this.accounts.findAllById(chunk.stream().map(Person::accountId).filter((id) -> id != null).toList())
				.forEach((a) -> accounts.put(a.id(), a));
			this.scoring.rescore(chunk, accounts, now, (id) -> Scoring.Cause.decay());
			this.writer.write(chunk);
			return chunk.size();
		});
		return (done != null) ? done : 0;
	}

}
