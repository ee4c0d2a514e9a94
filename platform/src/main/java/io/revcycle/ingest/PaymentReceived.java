package io.revcycle.ingest;

import java.time.Instant;
import java.util.UUID;

import io.revcycle.kernel.Money;

/**
 * A {@code payment_succeeded} event was stored for a person (published once, inside the
 * ingest transaction).
 *
 * @param tenantId the tenant
 * @param personId the person who paid
 * @param accountId the person's account, or null
 * @param amount the cash collected, positive
 * @param at when it was paid
 * @param source the system that reported it
 * @param externalId its id there
 */
public record PaymentReceived(UUID tenantId, UUID personId, UUID accountId, Money amount, Instant at, String source,
		String externalId) {
}
