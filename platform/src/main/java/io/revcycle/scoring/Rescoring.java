package io.revcycle.scoring;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;

import io.revcycle.cycle.Cycle;
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

	private static final Logger log = LoggerFactory.getLogger(Rescoring.class);

	private final People people;

	private final PeopleWriter writer;

	private final Accounts accounts;

	private final Scoring scoring;

	private final Cycle cycle;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final Executor executor;

	private final Clock clock;

	Rescoring(People people, PeopleWriter writer, Accounts accounts, Scoring scoring, Cycle cycle, JdbcTemplate jdbc,
			TransactionTemplate tx, @Qualifier("applicationTaskExecutor") Executor executor, Clock clock) {
		this.people = people;
		this.writer = writer;
		this.accounts = accounts;
		this.scoring = scoring;
		this.cycle = cycle;
		this.jdbc = jdbc;
		this.tx = tx;
		this.executor = executor;
		this.clock = clock;
	}

	/** Registers a run; call inside the activating transaction. */
	void register(UUID modelId) {
		Integer total = this.jdbc.queryForObject("select count(*) from persons", Integer.class);
		this.jdbc.update(
				"insert into rescoring_runs (tenant_id, model_id, total, done, status, started_at) values (?, ?, ?, 0, 'RUNNING', ?)",
				TenantContext.require(), modelId, total, Timestamp.from(this.clock.instant()));
	}

	/**
	 * Starts a registered run in the background; call after the activating transaction
	 * committed.
	 */
	void start(UUID tenantId, UUID modelId) {
		this.executor.execute(() -> TenantContext.runAs(tenantId, () -> run(modelId)));
	}

	/** The progress of the run of a model, if it had one. */
	Map<String, Object> progress(UUID modelId) {
		List<Map<String, Object>> runs = this.jdbc.query(
				"select total, done, status, started_at, finished_at from rescoring_runs where model_id = ?",
				(rs, row) -> {
					Map<String, Object> view = new LinkedHashMap<>();
					view.put("total", rs.getInt(1));
					view.put("done", rs.getInt(2));
					view.put("status", rs.getString(3));
					view.put("startedAt", rs.getTimestamp(4).toInstant());
					view.put("finishedAt", (rs.getTimestamp(5) != null) ? rs.getTimestamp(5).toInstant() : null);
					return view;
				}, modelId);
		return runs.isEmpty() ? null : runs.get(0);
	}

	void run(UUID modelId) {
		UUID after = new UUID(0, 0);
		int done = 0;
		try {
			while (true) {
				UUID from = after;
				List<UUID> chunk = withRetries(() -> this.tx.execute((status) -> rescoreChunk(from)));
				if (chunk.isEmpty()) {
					break;
				}
				done += chunk.size();
				after = chunk.get(chunk.size() - 1);
				int progress = done;
				this.tx.executeWithoutResult((status) -> this.jdbc
					.update("update rescoring_runs set done = least(?, total) where model_id = ?", progress, modelId));
			}
			int total = done;
			this.tx.executeWithoutResult((status) -> this.jdbc.update(
					"update rescoring_runs set done = ?, total = greatest(total, ?), status = 'COMPLETED', finished_at = ? where model_id = ?",
					total, total, Timestamp.from(this.clock.instant()), modelId));
		}
		catch (RuntimeException ex) {
			log.error("Rescoring for model {} failed after {} people", modelId, done, ex);
			this.tx.executeWithoutResult((status) -> this.jdbc.update(
					"update rescoring_runs set status = 'FAILED', finished_at = ? where model_id = ?",
					Timestamp.from(this.clock.instant()), modelId));
		}
	}

	private List<UUID> rescoreChunk(UUID after) {
		this.writer.readOnly();
		List<Person> chunk = this.people.chunkAfter(after, Limit.of(CHUNK));
		if (chunk.isEmpty()) {
			return List.of();
		}
		Map<UUID, Account> accounts = new HashMap<>();
		this.accounts.findAllById(chunk.stream().map(Person::accountId).filter((id) -> id != null).toList())
			.forEach((a) -> accounts.put(a.id(), a));
		Instant now = this.clock.instant();
		this.scoring.rescore(chunk, accounts, now);
		this.cycle.evaluate(chunk.stream().map((p) -> new Cycle.Facts(p, Set.of())).toList(),
				this.scoring.active().definition().thresholds(), now);
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
