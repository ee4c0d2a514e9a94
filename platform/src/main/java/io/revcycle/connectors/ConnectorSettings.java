package io.revcycle.connectors;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the platform hosts connector plugins.
 *
 * @param pluginsDir the folder of plugin jars
 * @param allowListFile a file of allowed plugin checksums in {@code sha256sum} format
 * ({@code <hex>  <file>}), or null
 * @param allowedSha256 more allowed checksums (from the environment or Helm values)
 * @param extraAllowedHosts hosts every connector may call besides those it declares
 * (local fakes in tests; keep empty in production)
 * @param callTimeout the longest a plugin call may take
 * @param failuresToOpen consecutive failures after which an instance's circuit opens
 * @param openFor how long an open circuit refuses calls before a trial
 * @param maxConcurrentCalls calls in flight per instance
 * @param publicBaseUrl the address senders call webhooks at (the gateway's), used to
 * rebuild the URI senders sign; null takes it from the request
 * @param pollInterval how often the poller looks for instances due to poll
 */
@ConfigurationProperties("revcycle.connectors")
public record ConnectorSettings(@DefaultValue("plugins") Path pluginsDir, Path allowListFile,
		@DefaultValue List<String> allowedSha256, @DefaultValue Set<String> extraAllowedHosts,
		@DefaultValue("PT10S") Duration callTimeout, @DefaultValue("5") int failuresToOpen,
		@DefaultValue("PT30S") Duration openFor, @DefaultValue("4") int maxConcurrentCalls, String publicBaseUrl,
		@DefaultValue("PT5S") Duration pollInterval) {
}
