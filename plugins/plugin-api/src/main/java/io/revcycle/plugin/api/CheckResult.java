package io.revcycle.plugin.api;

/**
 * Whether a connector can reach its remote system with a configuration.
 *
 * @param ok whether it can
 * @param message what was checked or what failed ({@code invalid API key}); never a
 * secret
 */
public record CheckResult(boolean ok, String message) {

	/** It can. */
	public static CheckResult ok(String message) {
		return new CheckResult(true, message);
	}

	/** It cannot. */
	public static CheckResult failed(String message) {
		return new CheckResult(false, message);
	}

}
