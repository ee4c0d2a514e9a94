package io.revcycle.jobs;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.revcycle.kernel.InvalidInput;
import io.revcycle.operations.Draining;
import io.revcycle.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs queued jobs. Any number of replicas run it: a job is claimed with
 * {@code FOR UPDATE SKIP LOCKED} and leased to one worker, which renews the lease with
 * each chunk it commits; when a replica dies, the lease runs out and another replica
 * resumes the job from its last committed chunk. A job that stopped on a fault
 * {@link JobsSettings#maxAttempts()} times is marked failed.
 *
 * <p>
 * Fair between tenants: each claim takes the oldest job of the tenant that has the fewest
 * jobs running, and never more than {@link JobsSettings#perTenant()} of one tenant at
 * once, so a tenant's huge import holds one worker, never the others' jobs.
 */
@Component
class JobWorker implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

	private static final String CLAIMABLE = "(status = 'queued' or (status = 'running' and lease_until < ?))";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final PlatformTransactionManager transactions;

	private final Map<String, JobWork> works;

	private final JobsSettings settings;

	private final JsonMapper json;

	private final Clock clock;

	private final Draining draining;

	private final ExecutorService workers;

	private final AtomicInteger running = new AtomicInteger();

	/** This replica's name in leases. */
	private final UUID owner = UUID.randomUUID();

	private volatile boolean paused;

	private volatile Instant swept = Instant.EPOCH;

	JobWorker(JdbcTemplate jdbc, TransactionTemplate tx, PlatformTransactionManager transactions, List<JobWork> works,
			JobsSettings settings, JsonMapper json, Clock clock, Draining draining) {
		this.jdbc = jdbc;
		this.tx = tx;
		this.transactions = transactions;
		this.works = works.stream().collect(Collectors.toMap(JobWork::kind, Function.identity()));
		this.settings = settings;
		this.json = json;
		this.clock = clock;
		this.draining = draining;
		AtomicInteger threads = new AtomicInteger();
		this.workers = Executors.newFixedThreadPool(Math.max(1, settings.concurrency()), (task) -> {
			Thread thread = new Thread(task, "jobs-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	@Scheduled(fixedDelayString = "${revcycle.jobs.poll-interval:PT0.5S}")
	void poll() {
		if (!this.settings.enabled() || this.paused) {
			return;
		}
		this.draining.run("job worker", () -> {
			try {
				sweep();
				while (!this.draining.requested() && this.running.get() < this.settings.concurrency()) {
					Claimed job = claim(this.owner);
					if (job == null) {
						return;
					}
					this.running.incrementAndGet();
					try {
						this.workers.execute(() -> {
							boolean[] ran = { false };
							try {
								this.draining.run("job " + job.id(), () -> {
									ran[0] = true;
									work(job, -1);
								});
								if (!ran[0]) {
									// this replica began to stop before the job started
									release(job, Duration.ZERO);
								}
							}
							finally {
								this.running.decrementAndGet();
							}
						});
					}
					catch (RuntimeException ex) {
						this.running.decrementAndGet();
						release(job, Duration.ZERO);
						throw ex;
					}
				}
			}
			catch (RuntimeException ex) {
				log.warn("Looking for jobs failed; trying again at the next poll", ex);
			}
		});
	}

	/** A claimed job. */
	record Claimed(UUID tenantId, UUID id, String kind, UUID owner, long done, Long total, int attempts) {
	}

	/**
	 * Claims the oldest claimable job of the tenant with the fewest jobs running (below
	 * the per-tenant limit), and leases it.
	 * @return the job, or null when there is none to take
	 */
	Claimed claim(UUID owner) {
		Instant now = this.clock.instant();
		Timestamp at = Timestamp.from(now);
		return this.tx.execute((status) -> {
			this.jdbc.queryForObject("select set_config('app.scope', 'dispatcher', true)", String.class);
			record Head(UUID tenantId, UUID id, Instant createdAt) {
			}
			List<Head> heads = new ArrayList<>(this.jdbc.query(
					"select distinct on (tenant_id) tenant_id, id, created_at from jobs where " + CLAIMABLE
							+ " order by tenant_id, created_at",
					(rs, row) -> new Head(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
							rs.getTimestamp(3).toInstant()),
					at));
			if (heads.isEmpty()) {
				return null;
			}
			Map<UUID, Integer> busy = new HashMap<>();
			this.jdbc.query("select tenant_id, count(*) from jobs where status = 'running' and lease_until >= ? "
					+ "group by tenant_id", (rs) -> {
						busy.put(rs.getObject(1, UUID.class), rs.getInt(2));
					}, at);
			heads.sort(Comparator.comparingInt((Head h) -> busy.getOrDefault(h.tenantId(), 0))
				.thenComparing(Head::createdAt));
			for (Head head : heads) {
				if (busy.getOrDefault(head.tenantId(), 0) >= this.settings.perTenant()) {
					continue;
				}
				List<Claimed> locked = this.jdbc.query(
						"select tenant_id, id, kind, done, total, attempts from jobs where tenant_id = ? and id = ? and "
								+ CLAIMABLE + " for update skip locked",
						(rs, row) -> new Claimed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
								rs.getString(3), owner, rs.getLong(4), (Long) rs.getObject(5), rs.getInt(6) + 1),
						head.tenantId(), head.id(), at);
				if (locked.isEmpty()) {
					continue;
				}
				this.jdbc.update("update jobs set status = 'running', lease_owner = ?, lease_until = ?, "
						+ "attempts = attempts + 1, started_at = coalesce(started_at, ?) where tenant_id = ? and id = ?",
						owner, Timestamp.from(now.plus(this.settings.lease())), at, head.tenantId(), head.id());
				return locked.get(0);
			}
			return null;
		});
	}

	/**
	 * Runs a claimed job in its tenant until it ends, stops or fails.
	 * @param commits commits after which the run behaves as if its replica died
	 * (negative: no end)
	 */
	void work(Claimed job, int commits) {
		JobWork work = this.works.get(job.kind());
		if (work == null) {
			finish(job, "failed", "this platform cannot run jobs of kind '" + job.kind() + "'");
			return;
		}
		if (job.attempts() > this.settings.maxAttempts()) {
			finish(job, "failed", "the job was interrupted " + (job.attempts() - 1)
					+ " times (a replica stopped or failed while it ran); submit it again");
			return;
		}
		JobRun run = new JobRun(job.tenantId(), job.id(), job.owner(), job.done(), job.total(), this.jdbc,
				this.transactions, this.json, this.clock, this.settings, this.draining::requested, commits);
		try {
			TenantContext.runAs(job.tenantId(), () -> {
				try {
					work.run(run);
				}
				catch (RuntimeException ex) {
					throw ex;
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			finish(job, "succeeded", null);
		}
		catch (JobRun.Stopped ex) {
			if (ex.release()) {
				release(job, Duration.ZERO);
			}
		}
		catch (InvalidInput ex) {
			finish(job, "failed",
					String.join("; ",
							ex.violations()
								.stream()
								.map((v) -> v.field().isEmpty() ? v.message() : v.field() + " " + v.message())
								.toList()));
		}
		catch (RuntimeException ex) {
			if (job.attempts() >= this.settings.maxAttempts()) {
				log.warn("Job {} ({}) failed on attempt {}; marked failed", job.id(), job.kind(), job.attempts(), ex);
				finish(job, "failed", "an internal error of the platform stopped the job " + job.attempts()
						+ " times; the platform's log has the details under job " + job.id());
			}
			else {
				log.warn("Job {} ({}) failed on attempt {}; it resumes shortly", job.id(), job.kind(), job.attempts(),
						ex);
				release(job, Duration.ofSeconds(5L * job.attempts()));
			}
		}
	}

	/** Ends a job this worker holds, and removes its input. */
	private void finish(Claimed job, String status, String error) {
		Instant now = this.clock.instant();
		TenantContext.runAs(job.tenantId(), () -> this.tx.executeWithoutResult((tx) -> {
			int ended = this.jdbc.update(
					"update jobs set status = ?, error = ?, finished_at = ?, total = coalesce(total, done), "
							+ "lease_owner = null, lease_until = null, result_expires_at = case when result_bytes "
							+ "is not null then ?::timestamptz end where tenant_id = ? and id = ? and lease_owner = ? "
							+ "and status = 'running'",
					status, error, Timestamp.from(now), Timestamp.from(now.plus(this.settings.resultsKept())),
					job.tenantId(), job.id(), job.owner());
			if (ended > 0) {
				this.jdbc.update("delete from job_inputs where job_id = ?", job.id());
				if (!"succeeded".equals(status)) {
					this.jdbc.update("delete from job_results where job_id = ?", job.id());
					this.jdbc.update("update jobs set result_bytes = null where id = ?", job.id());
				}
			}
		}));
	}

	/**
	 * Gives a job back, to be resumed after a delay (by any replica), without counting
	 * the attempt when it is given back at once.
	 */
	private void release(Claimed job, Duration after) {
		TenantContext.runAs(job.tenantId(),
				() -> this.tx.executeWithoutResult((tx) -> this.jdbc.update(
						"update jobs set lease_owner = null, lease_until = ?, attempts = attempts - ? "
								+ "where tenant_id = ? and id = ? and lease_owner = ? and status = 'running'",
						Timestamp.from(this.clock.instant().plus(after)), after.isZero() ? 1 : 0, job.tenantId(),
						job.id(), job.owner())));
	}

	/** Removes the results kept past their time, once a minute at most. */
	private void sweep() {
		Instant now = this.clock.instant();
		if (now.isBefore(this.swept.plusSeconds(60))) {
			return;
		}
		this.swept = now;
		record Expired(UUID tenantId, UUID id) {
		}
		List<Expired> expired = this.tx.execute((status) -> {
			this.jdbc.queryForObject("select set_config('app.scope', 'dispatcher', true)", String.class);
			return this.jdbc.query("select tenant_id, id from jobs where result_expires_at < ? limit 100",
					(rs, row) -> new Expired(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)),
					Timestamp.from(now));
		});
		for (Expired job : expired) {
			TenantContext.runAs(job.tenantId(), () -> this.tx.executeWithoutResult((status) -> {
				this.jdbc.update("delete from job_results where job_id = ?", job.id());
				this.jdbc.update("update jobs set result_bytes = null, result_expires_at = null where id = ?",
						job.id());
			}));
		}
	}

	/** Stops (or again starts) taking jobs on this replica; for tests. */
	void pause(boolean paused) {
		this.paused = paused;
	}

	/** How many jobs this replica is running. */
	int running() {
		return this.running.get();
	}

	@Override
	public void destroy() throws InterruptedException {
		this.workers.shutdown();
		this.workers.awaitTermination(5, TimeUnit.SECONDS);
	}

}
