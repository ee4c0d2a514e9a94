package io.revcycle.connectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

import io.revcycle.plugin.host.AllowList;
import io.revcycle.plugin.host.LoadedConnector;
import io.revcycle.plugin.host.PluginHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The installed connector plugins: the jars of the plugins folder whose checksum the
 * operator allowed, loaded once at start. What was refused, and why, is logged and kept
 * for the health endpoint.
 */
@Component
public class Plugins implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(Plugins.class);

	private final PluginHost host;

	Plugins(ConnectorSettings settings) {
		StringBuilder allowed = new StringBuilder();
		if (settings.allowListFile() != null) {
			try {
				allowed.append(Files.readString(settings.allowListFile())).append('\n');
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read the plugin allow-list " + settings.allowListFile(), ex);
			}
		}
		settings.allowedSha256()
			.forEach((sha) -> allowed.append(sha).append("  (revcycle.connectors.allowed-sha256)\n"));
		AllowList both = AllowList.parse(allowed.toString());
		this.host = Files.isDirectory(settings.pluginsDir()) ? PluginHost.start(settings.pluginsDir(), both) : null;
		if (this.host == null) {
			log.info("No plugins folder at {}: no connectors installed", settings.pluginsDir().toAbsolutePath());
		}
		else {
			log.info("Connectors installed: {}",
					this.host.connectors().stream().map((c) -> c.id() + " " + c.version()).toList());
		}
	}

	/** The loaded connectors. */
	public List<LoadedConnector> connectors() {
		return (this.host != null) ? this.host.connectors() : List.of();
	}

	/** The loaded connector with this id. */
	public Optional<LoadedConnector> connector(String id) {
		return (this.host != null) ? this.host.connector(id) : Optional.empty();
	}

	/** The plugin files that were refused, with the reason. */
	public List<PluginHost.Refusal> refusals() {
		return (this.host != null) ? this.host.refusals() : List.of();
	}

	@Override
	public void destroy() {
		if (this.host != null) {
			this.host.close();
		}
	}

}
