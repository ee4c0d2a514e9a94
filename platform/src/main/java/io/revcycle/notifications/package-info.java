/**
 * The in-app notification inbox of each user, and the alerts that fill it: the tenant's
 * alert rules (payments for the sales owner and new customers for finance by default),
 * and SLA breaches for the owner and the manager.
 */
@io.revcycle.kernel.Tables(owns = { "notifications", "alert_rules" })
package io.revcycle.notifications;
