/**
 * The audit log: who changed what and when, append-only, recorded from the
 * {@link io.revcycle.kernel.Audited} events other features publish.
 */
@io.revcycle.kernel.Tables(owns = { "audit_entries" })
package io.revcycle.audit;
