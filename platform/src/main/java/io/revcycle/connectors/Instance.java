package io.revcycle.connectors;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant's connector instance as stored: the non-secret settings in clear, the secret
 * ones sealed.
 *
 * @param tenantId the tenant
 * @param id the instance id
 * @param connectorId the connector (plugin) id
 * @param name the tenant's name for it
 * @param settings the non-secret configuration values
 * @param sealedSecrets the secret values, sealed by
 * {@link io.revcycle.secrets.SecretBox}, or null
 * @param enabled whether it takes webhooks, polls and actions
 * @param pollEverySeconds how often it is polled, or null for never
 * @param health {@code HEALTHY}, {@code UNHEALTHY} or {@code OPEN}
 * @param lastError the last failure, or null
 * @param healthSince since when the health is what it is
 * @param createdAt when it was created
 * @param updatedAt when its configuration last changed
 */
record Instance(UUID tenantId, UUID id, String connectorId, String name, Map<String, String> settings,
		String sealedSecrets, boolean enabled, Integer pollEverySeconds, String health, String lastError,
		Instant healthSince, Instant createdAt, Instant updatedAt) {

	/** What a secret sealed for this instance is bound to. */
	String boundTo() {
		return this.tenantId + "/" + this.id;
	}

}
