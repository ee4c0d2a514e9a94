package io.revcycle.kernel;

/**
 * Something an admin should be able to trace: a change of configuration, users, roles,
 * API keys or connectors, an export or an erasure. Published by the feature that made the
 * change, inside its transaction; the audit log records it with who did it (the caller of
 * the current request, or the system) and when.
 *
 * <p>
 * {@code before} and {@code after} are for configuration: any value Jackson can write
 * (records, maps, lists); the log keeps the differences between them, path by path. They
 * must never hold secrets or a person's personal data.
 *
 * @param action what happened, a dotted name such as {@code stage_model.approved}
 * @param target what it happened to, for example {@code stage-model:3} or
 * {@code user:<id>}; may be null
 * @param before the configuration before, or null
 * @param after the configuration after, or null
 */
public record Audited(String action, String target, Object before, Object after) {

	/** An action without a configuration diff. */
	public static Audited of(String action, String target) {
		return new Audited(action, target, null, null);
	}

}
