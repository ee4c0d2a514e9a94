package io.revcycle.jobs;

/**
 * One kind of background job, implemented by the feature that does the work: the worker
 * calls {@link #run(JobRun)} inside the job's tenant, and again after a restart, so it
 * must resume from {@link JobRun#done()}, committing its progress with each chunk of work
 * through {@link JobRun#progress}.
 */
public interface JobWork {

	/** The kind of job, for example {@code people-import}. */
	String kind();

	/**
	 * Does the job, or the rest of it.
	 * @param run the job's input, progress and result
	 * @throws io.revcycle.kernel.InvalidInput when the input cannot be used at all: the
	 * job fails with its message
	 */
	void run(JobRun run) throws Exception;

}
