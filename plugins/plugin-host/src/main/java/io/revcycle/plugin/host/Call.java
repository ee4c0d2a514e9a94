package io.revcycle.plugin.host;

import java.util.Map;

/**
 * What one successful call of a connector returned.
 *
 * @param value the connector's answer
 * @param cursors the cursor values the connector staged during this call; the embedder
 * commits them with the call's events, then tells the runtime with
 * {@link ConnectorRuntime#committed(Map)}
 * @param <T> the answer's type
 */
public record Call<T>(T value, Map<String, String> cursors) {

	public Call {
		cursors = (cursors != null) ? Map.copyOf(cursors) : Map.of();
	}

}
