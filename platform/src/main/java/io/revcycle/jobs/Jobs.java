package io.revcycle.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.revcycle.http.CursorPage;
import io.revcycle.http.Problems;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.tenancy.TenantPrincipal;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The jobs of the current tenant: submitted with their input, read, listed and cancelled.
 * A job is seen by the one who submitted it and by the tenant's admins.
 */
@Component
public class Jobs {

	/** Rejected records kept with their line and reason; the rest are only counted. */
	public static final int MAX_REJECTED = 1000;

	/** The size of a stored chunk of input or result. */
	static final int CHUNK_BYTES = 1024 * 1024;

	static final String COLUMNS = "id, kind, status, total, done, rejected::text, accepted, rejected_count, error, "
			+ "created_at, started_at, finished_at, result_bytes, result_type, created_by";

	private static final TypeReference<List<Job.Rejection>> REJECTIONS = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final JsonMapper json;

	private final Clock clock;

	Jobs(JdbcTemplate jdbc, TransactionTemplate tx, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.tx = tx;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Stores an upload and a new job to work on it, for the current tenant, in one
	 * transaction: once this returns, the job is never lost. The input is read and stored
	 * a chunk at a time, never whole in memory.
	 * @param kind the kind of job, as its {@link JobWork} names it
	 * @param contentType the input's media type
	 * @param input the upload
	 * @return the queued job
	 * @throws io.revcycle.kernel.InvalidInput when the upload is empty
	 */
	public Job submit(String kind, String contentType, InputStream input) {
		return this.tx.execute((status) -> {
			UUID id = insert(kind, contentType);
			byte[] buffer = new byte[CHUNK_BYTES];
			long bytes = 0;
			int seq = 0;
			try {
				while (true) {
					int n = input.readNBytes(buffer, 0, buffer.length);
					if (n == 0) {
						break;
					}
					this.jdbc.update("insert into job_inputs (tenant_id, job_id, seq, data) values (?, ?, ?, ?)",
							TenantContext.require(), id, seq++,
							(n == buffer.length) ? buffer : Arrays.copyOf(buffer, n));
					bytes += n;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			if (bytes == 0) {
				throw io.revcycle.kernel.InvalidInput.of("", "The request body is empty; send the file to import.");
			}
			this.jdbc.update("update jobs set input_bytes = ? where id = ?", bytes, id);
			return find(id).orElseThrow();
		});
	}

	/**
	 * A new job without input (an export) for the current tenant.
	 * @param kind the kind of job, as its {@link JobWork} names it
	 * @return the queued job
	 */
	public Job submit(String kind) {
		return this.tx.execute((status) -> find(insert(kind, null)).orElseThrow());
	}

	/**
	 * The answer to a request that started a job: 202 with the job, and its address in
	 * {@code Location}.
	 */
	public static org.springframework.http.ResponseEntity<Job> accepted(Job job) {
		return org.springframework.http.ResponseEntity.accepted()
			.location(java.net.URI.create("/api/v1/jobs/" + job.id()))
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.body(job);
	}

	private UUID insert(String kind, String contentType) {
		UUID id = UUID.randomUUID();
		String by = TenantContext.principal().map(TenantPrincipal::subject).orElse(null);
		this.jdbc.update(
				"insert into jobs (tenant_id, id, kind, status, created_by, created_at, input_type) "
						+ "values (?, ?, ?, 'queued', ?, ?, ?)",
				TenantContext.require(), id, kind, by, Timestamp.from(this.clock.instant()), contentType);
		return id;
	}

	/**
	 * Removes the downloadable results of the current tenant's jobs of a kind (they may
	 * hold what must no longer be held, such as an erased person's data); the jobs stay,
	 * without a result.
	 */
	public void discardResults(String kind) {
		this.jdbc.update("delete from job_results r using jobs j where r.tenant_id = j.tenant_id and r.job_id = j.id "
				+ "and j.kind = ?", kind);
		this.jdbc.update("update jobs set result_bytes = null, result_expires_at = null "
				+ "where kind = ? and result_bytes is not null", kind);
	}

	/**
	 * A job of the current tenant the caller may see: the one who submitted it, or an
	 * admin.
	 */
	Optional<Job> visible(UUID id) {
		return this.tx.execute((status) -> this.jdbc
			.query("select " + COLUMNS + " from jobs where id = ?",
					(rs, row) -> allowed(rs.getString("created_by")) ? job(rs) : null, id)
			.stream()
			.filter((job) -> job != null)
			.findFirst());
	}

	private static boolean allowed(String createdBy) {
		Optional<TenantPrincipal> caller = TenantContext.principal();
		return caller.isEmpty() || caller.get().hasRole("tenant-admin") || caller.get().subject().equals(createdBy);
	}

	/** A job of the current tenant. */
	Optional<Job> find(UUID id) {
		return this.jdbc.query("select " + COLUMNS + " from jobs where id = ?", (rs, row) -> job(rs), id)
			.stream()
			.findFirst();
	}

	/**
	 * The jobs of the current tenant the caller may see, newest first.
	 * @param after the last job of the previous page, or null
	 * @param status only jobs of this status, or null
	 * @param limit at most this many
	 */
	List<Job> page(CursorPage.Position after, String status, int limit) {
		TenantPrincipal caller = TenantContext.principal().orElse(null);
		boolean all = caller == null || caller.hasRole("tenant-admin");
		return this.jdbc.query(
				"select " + COLUMNS + " from jobs where (?::text is null or status = ?) "
						+ "and (? or created_by = ?) and (?::timestamptz is null or (created_at, id) < (?, ?)) "
						+ "order by created_at desc, id desc limit ?",
				(rs, row) -> job(rs), status, status, all, (caller != null) ? caller.subject() : null,
				(after != null) ? Timestamp.from(after.at()) : null,
				(after != null) ? Timestamp.from(after.at()) : null, (after != null) ? after.uuid() : null, limit);
	}

	/**
	 * Cancels a job of the current tenant: a queued one does not start, a running one
	 * stops before its next chunk (what it committed stays). Cancelling a cancelled job
	 * again changes nothing.
	 * @return the job
	 * @throws org.springframework.web.server.ResponseStatusException 409 when it already
	 * ended otherwise
	 */
	Job cancel(UUID id) {
		return this.tx.execute((status) -> {
			Job job = find(id).orElseThrow(() -> Problems.notFound("job", id));
			if (job.status().equals("succeeded") || job.status().equals("failed")) {
				throw Problems.conflict("The job has already " + job.status() + "; there is nothing to cancel.");
			}
			if (!job.status().equals("cancelled")) {
				this.jdbc.update(
						"update jobs set status = 'cancelled', finished_at = ?, lease_owner = null, "
								+ "lease_until = null where id = ? and status in ('queued', 'running')",
						Timestamp.from(this.clock.instant()), id);
				this.jdbc.update("delete from job_inputs where job_id = ?", id);
			}
			return find(id).orElseThrow();
		});
	}

	/** The media type of a job's stored result, if it has one. */
	Optional<String> resultType(UUID id) {
		return this.tx.execute((status) -> this.jdbc
			.query("select result_type from jobs where id = ? and result_bytes is not null and status = 'succeeded'",
					(rs, row) -> rs.getString(1), id)
			.stream()
			.findFirst());
	}

	/**
	 * Copies a job's stored result, a chunk at a time, each read in a transaction of its
	 * own.
	 */
	void copyResult(UUID id, OutputStream out) throws IOException {
		for (int seq = 0;; seq++) {
			int next = seq;
			List<byte[]> chunk = this.tx
				.execute((status) -> this.jdbc.query("select data from job_results where job_id = ? and seq = ?",
						(rs, row) -> rs.getBytes(1), id, next));
			if (chunk == null || chunk.isEmpty()) {
				return;
			}
			out.write(chunk.get(0));
		}
	}

	private Job job(ResultSet rs) throws SQLException {
		UUID id = rs.getObject("id", UUID.class);
		String kind = rs.getString("kind");
		String status = rs.getString("status");
		long total = rs.getLong("total");
		Long totalOrNull = rs.wasNull() ? null : total;
		Instant finished = instant(rs, "finished_at");
		rs.getLong("result_bytes");
		boolean stored = !rs.wasNull();
		// a job that stores no result file has a report instead, once it ended
		boolean report = rs.getString("result_type") == null && finished != null;
		String resultUrl = ((stored && "succeeded".equals(status)) || report) ? "/api/v1/jobs/" + id + "/result" : null;
		return new Job(id, kind, status, totalOrNull, rs.getLong("done"),
				this.json.readValue(rs.getString("rejected"), REJECTIONS), resultUrl, rs.getLong("accepted"),
				rs.getLong("rejected_count"), rs.getString("error"), instant(rs, "created_at"),
				instant(rs, "started_at"), finished);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp at = rs.getTimestamp(column);
		return (at != null) ? at.toInstant() : null;
	}

}
