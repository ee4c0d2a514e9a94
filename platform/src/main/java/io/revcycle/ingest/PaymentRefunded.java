package io.revcycle.ingest;

import java.time.Instant;
import java.util.UUID;

import io.revcycle.kernel.Money;

/**
 * A {@code payment_refunded} event was stored for a person (published once, inside the
 * ingest transaction).
 *
 * @param tenantId the tenant
 * @param personId the person refunded
 * @param accountId the person's account, or null
 * @param amount the cash given back, positive
 * @param at when it was refunded
 * @param source the system that reported it
 * @param externalId its id there
 */
public record PaymentRefunded(UUID tenantId, UUID personId, UUID accountId, Money amount, Instant at, String source,
		String externalId) {
}
