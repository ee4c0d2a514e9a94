package io.revcycle.jobs;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How background jobs run.
 *
 * @param enabled whether this replica runs jobs (it always accepts them)
 * @param concurrency how many jobs this replica runs at once
 * @param perTenant how many jobs of one tenant run at once across the replicas, so one
 * tenant's huge import never holds every worker
 * @param lease how long a claimed job is reserved for its worker; each committed chunk
 * renews it, and another replica resumes the job when it runs out
 * @param pollInterval how often idle workers look for jobs
 * @param maxAttempts how often a job that stopped on a fault is resumed before it is
 * marked failed
 * @param resultsKept how long a job's result can be downloaded
 */
@ConfigurationProperties("revcycle.jobs")
public record JobsSettings(@DefaultValue("true") boolean enabled, @DefaultValue("2") int concurrency,
		@DefaultValue("1") int perTenant, @DefaultValue("PT1M") Duration lease,
		@DefaultValue("PT0.5S") Duration pollInterval, @DefaultValue("3") int maxAttempts,
		@DefaultValue("P1D") Duration resultsKept) {
}
