/**
 * Outbound webhooks: tenants subscribe endpoints to engine events; each delivery goes
 * through the outbox, is signed like Stripe's
 * ({@code Revcycle-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">}) and logged.
 */
package io.revcycle.webhooks;
