/**
 * Tenancy internals: Keycloak provisioning, authentication of tokens and API keys, and
 * the enforcement of isolation in Hibernate and PostgreSQL.
 */
package io.revcycle.tenancy.internal;
