/**
 * SLAs per stage: policies and a business calendar per tenant, durable timers opened and
 * closed by stage changes, breaches handled exactly once per escalation step by any
 * number of replicas, and the notification inbox.
 */
package io.revcycle.sla;
