package io.revcycle.plugin.api;

import java.util.List;

/**
 * What one poll read.
 *
 * @param events the events, oldest first
 * @param nextCursor where the next poll continues; the host commits it only after the
 * events are stored; null keeps the current cursor
 * @param more whether more is ready at once (the host polls again without waiting)
 */
public record PollResult(List<Event> events, String nextCursor, boolean more) {

	public PollResult {
		events = (events != null) ? List.copyOf(events) : List.of();
	}

	/** Nothing new; the cursor stays. */
	public static PollResult nothingAfter(String cursor) {
		return new PollResult(List.of(), cursor, false);
	}

}
