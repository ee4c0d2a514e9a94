/**
 * Owner assignment of new MQLs: the account's owner first, then territory rules (country,
 * industry) to a team, then weighted round robin within the team, respecting capacity,
 * away flags and reps about to breach an SLA.
 */
package io.revcycle.routing;
