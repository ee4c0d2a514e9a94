/**
 * The connector plugin host: loads connector jars with PF4J (checksum allow-list,
 * {@code Plugin-Requires} enforced, the plugin API always from the host) and calls them
 * safely (timeouts, a bulkhead and a circuit breaker per instance, an HTTP client limited
 * to declared hosts, secrets masked in logs). No Spring: the platform and the partner
 * test kit run this same code.
 */
package io.revcycle.plugin.host;
