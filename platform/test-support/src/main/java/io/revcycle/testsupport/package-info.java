/**
 * Real services for tests and for the local stack: PostgreSQL, Redis and Keycloak, each
 * resolved once per JVM in the order environment variable, local service, Testcontainers
 * (when a Docker engine exists), embedded.
 */
package io.revcycle.testsupport;
