package io.revcycle.plugin.testkit;

/**
 * A connector that polls, with a fake of the remote system prepared so that the first
 * poll of an instance configured with {@link ConnectorContract#validConfig()} reads at
 * least one event.
 */
public interface PollFixture {

	/**
	 * Puts the fake remote system back in its prepared state; called before each polling
	 * test.
	 */
	default void reset() {
	}

}
