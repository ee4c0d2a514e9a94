package io.revcycle.scoring;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;

import io.revcycle.kernel.Statistics;
import io.revcycle.people.Account;
import io.revcycle.people.Accounts;
import io.revcycle.people.People;
import io.revcycle.people.PeopleWriter;
import io.revcycle.people.Person;
import io.revcycle.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rescores every person of a tenant after a model is activated: in the background, in
 * chunks of one short transaction each (so ingest is never blocked for long), with
 * progress in {@code rescoring_runs}.
 */
@Component
class Rescoring {

	static final int CHUNK = 1000;

	/** Workers per run: the two halves of the id space are rescored at once. */
	static final int WORKERS = 2;

	private static final Logger log = LoggerFactory.getLogger(Rescoring.class);

	private final People people;

	private final PeopleWriter writer;

	private final Accounts accounts;

	private final Scoring scoring;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final Executor executor;

	private final Clock clock;

	private final Statistics statistics;

	Rescoring(People people, PeopleWriter writer, Accounts accounts, Scoring scoring, JdbcTemplate jdbc,
			TransactionTemplate tx, @Qualifier("applicationTaskExecutor") Executor executor, Clock clock,
			Statistics statistics) {
		this.statistics = statistics;
		this.people = people;
		this.writer = writer;
		this.accounts = accounts;
		this.scoring = scoring;
		this.jdbc = jdbc;
		this.tx = tx;
		this.executor = executor;
		this.clock = clock;
	}

	/** Registers a run; call inside the activating transaction. */
	void register(UUID modelId) {
		long total = this.people.count();
		this.jdbc.update(
				"insert into rescoring_runs (tenant_id, model_id, total, done, status, started_at) values (?, ?, ?, 0, 'RUNNING', ?)",
				TenantContext.require(), modelId, total, Timestamp.from(this.clock.instant()));
	}

	/**
	 * Starts a registered run in the background, split over {@link #WORKERS} workers by
	 * ranges of person ids; call after the activating transaction committed.
	 */
	void start(UUID tenantId, UUID modelId) {
		AtomicInteger running = new AtomicInteger(WORKERS);
		AtomicBoolean failed = new AtomicBoolean();
		AtomicLong rescored = new AtomicLong();
		long step = Long.divideUnsigned(-1L, WORKERS);
		for (int w = 0; w < WORKERS; w++) {
			// PostgreSQL orders uuids as unsigned bytes: split the space on the most
			// significant half
			UUID from = (w == 0) ? new UUID(0, 0) : new UUID(step * w, -1L);
			UUID upTo = (w == WORKERS - 1) ? new UUID(-1L, -1L) : new UUID(step * (w + 1), -1L);
			this.executor.execute(() -> TenantContext.runAs(tenantId, () -> {
				try {
					run(modelId, from, upTo, rescored);
				}
				catch (RuntimeException ex) {
					failed.set(true);
					log.error("Rescoring for model {} failed", modelId, ex);
				}
				finally {
					if (running.decrementAndGet() == 0) {
						finish(modelId, failed.get());
					}
				}
			}));
		}
	}

	/**
	 * The progress of a rescoring run.
	 *
	 * @param total people to rescore
	 * @param done people rescored
	 * @param status {@code RUNNING}, {@code COMPLETED} or {@code FAILED}
	 * @param startedAt when it started
	 * @param finishedAt when it finished, or null
	 */
	record Progress(int total, int done, String status, Instant startedAt, Instant finishedAt) {
	}

	/** The progress of the run of a model, if it had one. */
	Progress progress(UUID modelId) {
		List<Progress> runs = this.jdbc
			.query("select total, done, status, started_at, finished_at from rescoring_runs where model_id = ?",
					(rs, row) -> new Progress(rs.getInt(1), rs.getInt(2), rs.getString(3),
							rs.getTimestamp(4).toInstant(),
							(rs.getTimestamp(5) != null) ? rs.getTimestamp(5).toInstant() : null),
					modelId);
		return runs.isEmpty() ? null : runs.get(0);
	}

	/**
	 * One worker's range, chunk by chunk; the statistics are refreshed as the run's count
	 * (both workers') grows, so that a tenant new to them is not planned as a tiny one.
	 */
	private void run(UUID modelId, UUID from, UUID upTo, AtomicLong rescored) {
		UUID after = from;
		while (true) {
			UUID start = after;
			List<UUID> chunk = withRetries(() -> this.tx.execute((status) -> rescoreChunk(start, upTo)));
			if (chunk.isEmpty()) {
				return;
			}
			after = chunk.get(chunk.size() - 1);
			this.tx.executeWithoutResult((status) -> this.jdbc.update(
					"update rescoring_runs set done = least(done + ?, total) where model_id = ?", chunk.size(),
					modelId));
			long done = rescored.addAndGet(chunk.size());
			this.statistics.refreshAt(done - chunk.size(), done);
		}
	}

	private void finish(UUID modelId, boolean failed) {
		this.tx.executeWithoutResult((status) -> this.jdbc.update(failed
				? "update rescoring_runs set status = 'FAILED', finished_at = ? where model_id = ?"
				: "update rescoring_runs set done = total, status = 'COMPLETED', finished_at = ? where model_id = ?",
				Timestamp.from(this.clock.instant()), modelId));
	}

	private List<UUID> rescoreChunk(UUID after, UUID upTo) {
		this.writer.readOnly();
		List<Person> chunk = this.people.chunkBetween(after, upTo, Limit.of(CHUNK));
		if (chunk.isEmpty()) {
			return List.of();
		}
		Map<UUID, Account> accounts = new HashMap<>();
		this.accounts.findAllById(chunk.stream().map(Person::accountId).filter((id) -> id != null).toList())
			.forEach((a) -> accounts.put(a.id(), a));
		Instant now = this.clock.instant();
		Scoring.Cause cause = Scoring.Cause.activation(this.scoring.active().model());
		this.scoring.advance(chunk, accounts, Map.of(), now, (id) -> cause);
		this.writer.write(chunk);
		List<UUID> ids = new ArrayList<>(chunk.size());
		chunk.forEach((p) -> ids.add(p.id()));
		return ids;
	}

	private static <T> T withRetries(java.util.function.Supplier<T> work) {
		for (int attempt = 1;; attempt++) {
			try {
				return work.get();
			}
			catch (ConcurrencyFailureException ex) {
				if (attempt >= 3) {
					throw ex;
				}
			}
		}
	}

}
