/**
 * Outbound webhooks: tenants subscribe endpoints on public addresses to engine events;
 * each delivery goes through the outbox, is signed like Stripe's
 * ({@code Revcycle-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">}, a second
 * {@code v1} while a rotated secret's grace period lasts) and logged.
 */
@io.revcycle.kernel.Tables(owns = { "webhook_endpoints", "webhook_attempts" })
package io.revcycle.webhooks;
