package io.revcycle.plugin.api;

import java.util.Optional;

/**
 * Named cursors of one connector instance (a connector that reads several streams keeps a
 * cursor per stream). Values put during a call are staged: the host commits them in the
 * transaction that stores the call's events, and drops them when the call fails, so a
 * cursor never runs ahead of what was stored. The poll cursor itself is kept by the host
 * and passed to {@link Connector#poll(String)}.
 */
public interface CursorStore {

	/** The committed (or, within the current call, staged) value of a cursor. */
	Optional<String> get(String name);

	/** Stages a cursor value, committed with the current call's events. */
	void put(String name, String value);

}
