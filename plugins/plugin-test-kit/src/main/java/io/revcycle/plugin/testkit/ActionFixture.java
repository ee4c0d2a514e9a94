package io.revcycle.plugin.testkit;

import io.revcycle.plugin.api.Action;

/**
 * A connector that performs actions, with a fake of the remote system that counts what
 * the actions did there.
 */
public interface ActionFixture {

	/**
	 * An action of a type the descriptor declares, with valid input.
	 * @param idempotencyKey the key to give it
	 * @return the action
	 */
	Action action(String idempotencyKey);

	/**
	 * How many effects (emails sent, records created or changed) the fake remote saw so
	 * far.
	 */
	int remoteEffects();

}
