package io.revcycle.analytics;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A report's statements planned for their own window: after a few executions a prepared
 * statement may switch to a generic plan, which cannot know how much of a table the
 * window covers (a year of credits read by a serial scan in 200 ms, where the plan for
 * the window's values runs in parallel in 80 ms). Transaction-local, like the work memory
 * a report's sorts and hashes may use.
 */
final class CustomPlans {

	private CustomPlans() {
	}

	/** For the rest of the caller's transaction. */
	static void forThisTransaction(JdbcTemplate jdbc) {
		jdbc.query("select set_config('work_mem', '64MB', true), "
				+ "set_config('plan_cache_mode', 'force_custom_plan', true)", (rs) -> {
				});
	}

}
