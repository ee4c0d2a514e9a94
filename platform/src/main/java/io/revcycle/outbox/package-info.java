/**
 * Reliable delivery of everything that leaves the engine: the outbox written with the
 * change, a dispatcher that claims due rows with SKIP LOCKED, retries with exponential
 * backoff and jitter, dead-letters, and replays.
 */
@io.revcycle.kernel.Tables(owns = { "outbox", "outbox_payloads" })
package io.revcycle.outbox;
