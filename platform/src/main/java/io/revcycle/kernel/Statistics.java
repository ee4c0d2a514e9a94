package io.revcycle.kernel;

import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Fresh planner statistics for a job that grows a tenant by orders of magnitude (the
 * first rescoring of a million people): every index leads with {@code tenant_id}, and a
 * tenant the statistics do not know yet is planned as if it had one row, which makes a
 * chunk's join read all of the tenant's rows, for every chunk. The job calls
 * {@link #refreshAt} as it goes; the statistics are taken again when its count first
 * reaches 5,000, 50,000, 500,000 and so on, by {@code revcycle_refresh_statistics()} (the
 * tables written per chunk; the function runs as their owner). Autovacuum does the same
 * on its own, later.
 */
@Component
public class Statistics {

	/** The first count at which a job refreshes the statistics. */
	static final long FIRST = 5_000;

	private static final Logger log = LoggerFactory.getLogger(Statistics.class);

	private final JdbcTemplate jdbc;

	private final ReentrantLock refreshing = new ReentrantLock();

	public Statistics(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Refreshes the statistics if a job's count passed a threshold ({@value #FIRST}, then
	 * each tenfold) between {@code before} and {@code after}; at most one refresh runs at
	 * a time, and a job whose refresh is already running elsewhere goes on without
	 * waiting. Call outside a transaction: the statistics see what is committed.
	 * @param before the job's count before its last step
	 * @param after its count after it
	 * @return whether this call refreshed them
	 */
	public boolean refreshAt(long before, long after) {
		if (!due(before, after) || !this.refreshing.tryLock()) {
			return false;
		}
		try {
			long started = System.nanoTime();
			this.jdbc.execute("select revcycle_refresh_statistics()");
			log.info("Planner statistics refreshed at {} rows of a job, in {} ms", after,
					(System.nanoTime() - started) / 1_000_000);
			return true;
		}
		finally {
			this.refreshing.unlock();
		}
	}

	/** Whether a threshold lies in (before, after]. */
	static boolean due(long before, long after) {
		for (long threshold = FIRST; threshold > 0 && threshold <= after; threshold *= 10) {
			if (threshold > before) {
				return true;
			}
		}
		return false;
	}

}
