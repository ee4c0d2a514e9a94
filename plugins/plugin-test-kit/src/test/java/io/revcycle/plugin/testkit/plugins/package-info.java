/**
 * Connectors the kit's tests build into real plugin jars: each class here is loaded by
 * the host from a jar, in a plugin class loader of its own.
 */
package io.revcycle.plugin.testkit.plugins;
