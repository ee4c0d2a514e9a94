/**
 * The event API: batches of up to 1000 events, validated as a whole, idempotent by
 * (source, external id), stored, resolved to people, scored and moved through the cycle
 * in one transaction.
 */
@io.revcycle.kernel.Tables(owns = { "activities" }, publishes = { "activity_log" })
package io.revcycle.ingest;
