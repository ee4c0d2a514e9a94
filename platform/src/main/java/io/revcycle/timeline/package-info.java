/**
 * One ordered, paginated history per person and per account: activities, stage changes,
 * score changes, SLA events and notes.
 */
@io.revcycle.kernel.Tables(owns = { "timeline_entries" })
package io.revcycle.timeline;
