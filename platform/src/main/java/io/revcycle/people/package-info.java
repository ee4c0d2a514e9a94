/**
 * People and accounts: the leads, contacts and companies of a tenant, identity resolution
 * and merges, the people list (an SDR's queue), CSV import and export, and the person and
 * account timelines.
 */
@io.revcycle.kernel.Tables(owns = { "persons", "accounts", "person_identities" })
package io.revcycle.people;
