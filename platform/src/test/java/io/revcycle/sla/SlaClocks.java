package io.revcycle.sla;

import org.springframework.context.ApplicationContext;

/**
 * Lets tests outside this package run the SLA clock's due work at once, instead of
 * waiting for its poll.
 */
public final class SlaClocks {

	private SlaClocks() {
	}

	/**
	 * Runs every SLA step due at the clock's time.
	 * @return how many timers were handled
	 */
	public static int runDue(ApplicationContext context) {
		int handled = 0;
		for (int batch = context.getBean(SlaClock.class).runDue(); batch > 0; batch = context.getBean(SlaClock.class)
			.runDue()) {
			handled += batch;
		}
		return handled;
	}

}
