/**
 * Owners: new MQLs assigned to the account's owner first, then by territory rules
 * (country, industry) to a team, then by weighted round robin within the team, respecting
 * capacity, away flags and reps about to breach an SLA; reassignment for SLA steps and
 * departures; owners users set on people and accounts.
 */
@io.revcycle.kernel.Tables(owns = { "routing_settings", "routing_reps", "routing_assignments" })
package io.revcycle.routing;
