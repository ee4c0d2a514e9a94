package io.revcycle.plugin.api;

import java.util.Map;
import java.util.Objects;

/**
 * An outbound action for a connector to perform.
 *
 * @param type one of the action types the descriptor declares ({@code send_email},
 * {@code upsert_contact})
 * @param idempotencyKey the same for every delivery of this action: performing it again
 * must have the effect of once
 * @param input the action's input: strings, numbers, booleans, and lists and maps of
 * these
 */
public record Action(String type, String idempotencyKey, Map<String, Object> input) {

	public Action {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(idempotencyKey, "idempotencyKey");
		input = (input != null) ? java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(input))
				: Map.of();
	}

	/** A string input, or null. */
	public String string(String name) {
		Object value = this.input.get(name);
		return (value != null) ? String.valueOf(value) : null;
	}

}
