package io.revcycle.plugin.host;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One call of a connector instance, as the services of its context see it: which call it
 * is and the cursor values it staged. Held in a thread-local of the runtime on the call's
 * thread (and inherited by threads the plugin starts during the call), so concurrent
 * calls of one instance each stage their own values.
 */
final class CallScope {

	private final String name;

	private final boolean webhook;

	private final Map<String, String> staged = new LinkedHashMap<>();

	private boolean ended;

	CallScope(String name, boolean webhook) {
		this.name = name;
		this.webhook = webhook;
	}

	String name() {
		return this.name;
	}

	/** Whether this call handles a webhook (no network I/O allowed). */
	boolean webhook() {
		return this.webhook;
	}

	synchronized boolean ended() {
		return this.ended;
	}

	synchronized void end() {
		this.ended = true;
	}

	synchronized String staged(String cursor) {
		return this.staged.get(cursor);
	}

	synchronized void stage(String cursor, String value) {
		if (this.ended) {
			throw new IllegalStateException("Cursor '" + cursor + "' was put after the call " + this.name
					+ " ended; stage cursors before the call returns");
		}
		this.staged.put(cursor, value);
	}

	synchronized Map<String, String> staged() {
		return Map.copyOf(this.staged);
	}

}
