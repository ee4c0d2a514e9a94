/**
 * The Stripe connector: verified webhooks mapped to payments, refunds, contacts and
 * subscription changes.
 */
package io.revcycle.connector.stripe;
