/**
 * The connector host: installed PF4J connector plugins, tenants' connector instances
 * (validated configuration, encrypted secrets, health), webhook intake at
 * {@code /hooks/{tenantSlug}/{connectorInstanceId}}, scheduled polling with cursors, and
 * outbound actions through the outbox.
 */
@io.revcycle.kernel.Tables(owns = { "connector_instances", "connector_actions", "connector_cursors" })
package io.revcycle.connectors;
