/**
 * What a partner needs to test a connector: {@link io.revcycle.plugin.testkit.PluginJar}
 * builds a real plugin jar, {@link io.revcycle.plugin.testkit.TestHost} loads it through
 * the real host, {@link io.revcycle.plugin.testkit.ConnectorContract} is the suite every
 * connector passes, and {@link io.revcycle.plugin.testkit.Signatures} signs webhook
 * fixtures the way the remote systems do.
 */
package io.revcycle.plugin.testkit;
