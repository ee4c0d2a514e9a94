/**
 * Reliable delivery of everything that leaves the engine: one outbox table written with
 * the change, a dispatcher that claims due rows with SKIP LOCKED, retries with
 * exponential backoff and jitter, dead-letters, and replays.
 */
@io.revcycle.kernel.Tables(owns = { "outbox" })
package io.revcycle.outbox;
