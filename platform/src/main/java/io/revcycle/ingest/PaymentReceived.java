package io.revcycle.ingest;

import java.time.Instant;
import java.util.UUID;

/**
 * A {@code payment_succeeded} event was stored for a person (published once, inside the
 * ingest transaction).
 *
 * @param tenantId the tenant
 * @param personId the person who paid
 * @param accountId the person's account, or null
 * @param amount the amount as the source sent it (a decimal string), or null
 * @param currency the ISO 4217 currency, or null
 * @param at when it was paid
 * @param source the system that reported it
 * @param externalId its id there
 */
public record PaymentReceived(UUID tenantId, UUID personId, UUID accountId, String amount, String currency, Instant at,
		String source, String externalId) {
}
