/**
 * Background jobs: long imports and exports stored on arrival, run by workers of any
 * replica with a lease, fairly between tenants, with progress committed per chunk,
 * resumable after a restart, cancellable, and a result to download.
 */
@io.revcycle.kernel.Tables(owns = { "jobs", "job_inputs", "job_results" })
package io.revcycle.jobs;
