package io.revcycle.secrets;

import java.util.List;
import java.util.UUID;

/**
 * Secrets a feature stores sealed by the {@link SecretBox}, in tables only it writes. The
 * feature re-seals them itself when operators rotate the secrets key: the secrets feature
 * calls every implementation (a Spring bean) once per tenant.
 */
public interface SealedValues {

	/** What these values are, for operators: "webhook signing secrets". */
	String name();

	/**
	 * Seals every value of the current tenant under the box's current key, in the
	 * caller's transaction (bound to that tenant). A value already sealed under it stays
	 * as it is; one that does not open stays as it is and is reported. A value changed
	 * since it was read is left to its writer, who sealed it under the current key.
	 * Repeating the call changes nothing more.
	 * @param box opens the values and seals them anew
	 * @return what was done
	 */
	Resealed reseal(SecretBox box);

	/**
	 * What a re-seal did for one tenant.
	 *
	 * @param resealed the rows written
	 * @param current the rows already sealed under the current key
	 * @param unreadable the ids of the rows with a value that does not open, left as they
	 * are
	 */
	record Resealed(int resealed, int current, List<UUID> unreadable) {

		public Resealed {
			unreadable = List.copyOf(unreadable);
		}

	}

}
