/**
 * The in-app notification inbox of each user, and the alerts that fill it: payments for
 * the sales owner, new customers for finance, SLA breaches for the owner and the manager.
 */
@io.revcycle.kernel.Tables(owns = { "notifications" })
package io.revcycle.notifications;
