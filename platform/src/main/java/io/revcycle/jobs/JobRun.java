package io.revcycle.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One run of a job by a worker: its stored input, where it stopped last time, and the way
 * to commit progress. Progress is committed in the transaction of the chunk of work it
 * counts, so a chunk is either done and counted or neither; a run that is no longer the
 * job's (cancelled, its lease taken over, its replica stopping) is stopped with
 * {@link Stopped} at its next commit, and that chunk rolls back.
 */
public final class JobRun {

	private final UUID tenantId;

	private final UUID id;

	private final UUID owner;

	private final long done;

	private final Long total;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final TransactionTemplate separate;

	private final JsonMapper json;

	private final Clock clock;

	private final JobsSettings settings;

	private final BooleanSupplier stopping;

	/**
	 * Commits left before this run behaves as a crashed one (tests); negative: no end.
	 */
	private int commitsLeft;

	JobRun(UUID tenantId, UUID id, UUID owner, long done, Long total, JdbcTemplate jdbc,
			PlatformTransactionManager transactions, JsonMapper json, Clock clock, JobsSettings settings,
			BooleanSupplier stopping, int commitsLeft) {
		this.tenantId = tenantId;
		this.id = id;
		this.owner = owner;
		this.done = done;
		this.total = total;
		this.jdbc = jdbc;
		this.tx = new TransactionTemplate(transactions);
		this.separate = new TransactionTemplate(transactions);
		this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.json = json;
		this.clock = clock;
		this.settings = settings;
		this.stopping = stopping;
		this.commitsLeft = commitsLeft;
	}

	/** The job. */
	public UUID id() {
		return this.id;
	}

	/**
	 * How many records earlier runs handled and committed: skip as many of the input
	 * before going on.
	 */
	public long done() {
		return this.done;
	}

	/** The number of records to handle, if an earlier run counted them; else null. */
	public Long total() {
		return this.total;
	}

	/** Records how many records the job has to handle, so clients see how far it is. */
	public void total(long total) {
		this.separate.executeWithoutResult((status) -> renew(this.jdbc.update(
				"update jobs set total = ?, lease_until = ? where tenant_id = ? and id = ? "
						+ "and lease_owner = ? and status = 'running'",
				total, leaseEnd(), this.tenantId, this.id, this.owner)));
	}

	/**
	 * The uploaded input, from the beginning, read from the database a chunk at a time.
	 */
	public InputStream input() {
		return new StoredInput();
	}

	/**
	 * Whether the run should stop before its next chunk (its replica is stopping). A run
	 * that goes on anyway is stopped at its next commit.
	 */
	public boolean stopping() {
		return this.stopping.getAsBoolean();
	}

	/**
	 * Commits a chunk's progress: in the current transaction, so with the chunk's writes,
	 * or in one of its own when there is none (a chunk of rejected records only). The
	 * run's lease is renewed.
	 * @param handled how many records the chunk handled (accepted, duplicates and
	 * rejected)
	 * @param accepted how many of them were stored
	 * @param rejected the rejected ones, with their line and why
	 * @throws Stopped when the run is no longer the job's (cancelled, taken over) or its
	 * replica is stopping: the transaction must roll back
	 */
	public void progress(long handled, long accepted, List<Job.Rejection> rejected) {
		this.tx.executeWithoutResult((status) -> {
			if (this.commitsLeft == 0 || this.stopping.getAsBoolean()) {
				throw new Stopped(this.commitsLeft != 0);
			}
			if (this.commitsLeft > 0) {
				this.commitsLeft--;
			}
			renew(this.jdbc.update("update jobs set done = done + ?, accepted = accepted + ?, "
					+ "rejected_count = rejected_count + ?, rejected = rejected || coalesce((select jsonb_agg(r.e "
					+ "order by r.n) from jsonb_array_elements(?::jsonb) with ordinality as r(e, n) " + "where r.n <= "
					+ Jobs.MAX_REJECTED + " - jsonb_array_length(jobs.rejected)), '[]'::jsonb), "
					+ "lease_until = ? where tenant_id = ? and id = ? and lease_owner = ? and status = 'running'",
					handled, accepted, rejected.size(), this.json.writeValueAsString(rejected), leaseEnd(),
					this.tenantId, this.id, this.owner));
		});
	}

	/**
	 * The job's result, replacing what an earlier run wrote: written to the database a
	 * chunk at a time, each in a transaction of its own that renews the lease and counts
	 * the lines written so far as done.
	 * @param contentType the result's media type
	 */
	public OutputStream result(String contentType) {
		this.separate.executeWithoutResult((status) -> {
			this.jdbc.update("delete from job_results where job_id = ?", this.id);
			renew(this.jdbc.update(
					"update jobs set result_type = ?, result_bytes = 0, done = 0, lease_until = ? "
							+ "where tenant_id = ? and id = ? and lease_owner = ? and status = 'running'",
					contentType, leaseEnd(), this.tenantId, this.id, this.owner));
		});
		return new StoredResult();
	}

	private Timestamp leaseEnd() {
		return Timestamp.from(this.clock.instant().plus(this.settings.lease()));
	}

	private void renew(int updated) {
		if (updated == 0) {
			throw new Stopped(false);
		}
	}

	/**
	 * The run is no longer the job's, or its replica is stopping: whatever it was
	 * committing rolls back, and the job goes on (or not) as its status says.
	 */
	public static final class Stopped extends RuntimeException {

		private final boolean release;

		Stopped(boolean release) {
			super(release ? "this replica is stopping" : "the job is no longer this run's", null, false, false);
			this.release = release;
		}

		/** Whether the job should be given back at once for another worker to resume. */
		boolean release() {
			return this.release;
		}

	}

	/** The stored input: its chunks in order, one read at a time. */
	private final class StoredInput extends InputStream {

		private int seq;

		private byte[] chunk = new byte[0];

		private int at;

		private boolean end;

		@Override
		public int read() throws IOException {
			if (!fill()) {
				return -1;
			}
			return this.chunk[this.at++] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			if (!fill()) {
				return -1;
			}
			int n = Math.min(length, this.chunk.length - this.at);
			System.arraycopy(this.chunk, this.at, buffer, offset, n);
			this.at += n;
			return n;
		}

		private boolean fill() {
			while (!this.end && this.at >= this.chunk.length) {
				int next = this.seq++;
				List<byte[]> rows = JobRun.this.separate.execute(
						(status) -> JobRun.this.jdbc.query("select data from job_inputs where job_id = ? and seq = ?",
								(rs, row) -> rs.getBytes(1), JobRun.this.id, next));
				if (rows == null || rows.isEmpty()) {
					this.end = true;
				}
				else {
					this.chunk = rows.get(0);
					this.at = 0;
				}
			}
			return !this.end;
		}

	}

	/** The result, written a chunk at a time. */
	private final class StoredResult extends OutputStream {

		private final byte[] buffer = new byte[Jobs.CHUNK_BYTES];

		private int size;

		private int seq;

		private long lines;

		private boolean closed;

		@Override
		public void write(int b) {
			if (this.size == this.buffer.length) {
				store();
			}
			this.buffer[this.size++] = (byte) b;
			if (b == '\n') {
				this.lines++;
			}
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			while (length > 0) {
				if (this.size == this.buffer.length) {
					store();
				}
				int n = Math.min(length, this.buffer.length - this.size);
				System.arraycopy(bytes, offset, this.buffer, this.size, n);
				for (int i = 0; i < n; i++) {
					if (bytes[offset + i] == '\n') {
						this.lines++;
					}
				}
				this.size += n;
				offset += n;
				length -= n;
			}
		}

		@Override
		public void close() {
			if (!this.closed) {
				this.closed = true;
				store();
			}
		}

		private void store() {
			if (this.size == 0) {
				return;
			}
			if (JobRun.this.stopping.getAsBoolean()) {
				throw new Stopped(true);
			}
			byte[] data = java.util.Arrays.copyOf(this.buffer, this.size);
			int next = this.seq++;
			long written = this.lines;
			JobRun.this.separate.executeWithoutResult((status) -> {
				JobRun.this.jdbc.update("insert into job_results (tenant_id, job_id, seq, data) values (?, ?, ?, ?)",
						JobRun.this.tenantId, JobRun.this.id, next, data);
				renew(JobRun.this.jdbc.update("update jobs set result_bytes = result_bytes + ?, done = ?, "
						+ "lease_until = ? where tenant_id = ? and id = ? and lease_owner = ? and status = 'running'",
						data.length, written, leaseEnd(), JobRun.this.tenantId, JobRun.this.id, JobRun.this.owner));
			});
			this.size = 0;
		}

	}

}
