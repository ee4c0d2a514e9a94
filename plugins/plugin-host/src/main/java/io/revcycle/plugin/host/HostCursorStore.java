package io.revcycle.plugin.host;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import io.revcycle.plugin.api.CursorStore;

/**
 * The cursors of one instance: the committed values the embedder reported, overlaid with
 * what the current call staged.
 */
final class HostCursorStore implements CursorStore {

	private final Map<String, String> committed;

	private final Supplier<CallScope> scope;

	HostCursorStore(Map<String, String> committed, Supplier<CallScope> scope) {
		this.committed = committed;
		this.scope = scope;
	}

	@Override
	public Optional<String> get(String name) {
		Objects.requireNonNull(name, "name");
		CallScope call = this.scope.get();
		String staged = (call != null) ? call.staged(name) : null;
		return Optional.ofNullable((staged != null) ? staged : this.committed.get(name));
	}

	@Override
	public void put(String name, String value) {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(value, "value");
		CallScope call = this.scope.get();
		if (call == null) {
			throw new IllegalStateException("Cursor '" + name
					+ "' was put outside a call; cursors are staged by the call that reads the events");
		}
		call.stage(name, value);
	}

}
