package io.revcycle.jobs;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A background job as the API shows it.
 *
 * @param id the job
 * @param kind what it does: {@code people-import}, {@code events-import} or
 * {@code export}
 * @param status {@code queued}, {@code running}, {@code succeeded}, {@code failed} or
 * {@code cancelled}
 * @param total how many records the job has to handle, null until it knows (an export
 * knows only at the end)
 * @param done how many it has handled (accepted or rejected)
 * @param rejected the first {@link Jobs#MAX_REJECTED} rejected records, each with its
 * line and why
 * @param resultUrl where to download the result (the export file; for an import, its
 * report), null until there is one
 * @param accepted how many records were stored
 * @param rejectedCount how many records were rejected, all of them
 * @param error why a failed job failed, else null
 * @param createdAt when it was submitted
 * @param startedAt when a worker first took it, or null
 * @param finishedAt when it ended, or null
 */
public record Job(UUID id, String kind, String status, Long total, long done, List<Rejection> rejected,
		String resultUrl, long accepted, long rejectedCount, String error, Instant createdAt, Instant startedAt,
		Instant finishedAt) {

	/** The statuses a job can have. */
	public static final List<String> STATUSES = List.of("queued", "running", "succeeded", "failed", "cancelled");

	/** Whether the job has ended, one way or another. */
	public boolean finished() {
		return this.finishedAt != null;
	}

	/**
	 * A record a job could not take.
	 *
	 * @param line the line of the input where it starts (1 is the first line)
	 * @param reason what is wrong with it; never the record's own values
	 */
	public record Rejection(long line, String reason) {
	}

}
