/**
 * SLAs per stage: each tenant's terms (a policy per stage and a business calendar),
 * durable timers opened and closed by stage changes and kept with the person's owner,
 * breach steps handled exactly once by any number of replicas, and compliance.
 */
@io.revcycle.kernel.Tables(owns = { "sla_settings", "sla_timers", "sla_breaches" },
		publishes = { "sla_open_due", "sla_owner_due" })
package io.revcycle.sla;
