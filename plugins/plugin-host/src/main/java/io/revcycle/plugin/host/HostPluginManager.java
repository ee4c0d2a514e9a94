package io.revcycle.plugin.host;

import java.nio.file.Path;

import org.pf4j.JarPluginLoader;
import org.pf4j.JarPluginManager;
import org.pf4j.Plugin;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;
import org.pf4j.RuntimeMode;

import io.revcycle.plugin.api.PluginApi;

/**
 * PF4J as the host uses it: jars only, always in deployment mode, the plugin API version
 * as the system version, class loaders that take the plugin API from the host, and no
 * {@code Plugin-Class}: connectors do not depend on PF4J, so every plugin gets an inert
 * {@link Plugin} and its connector is found through its service file instead.
 */
class HostPluginManager extends JarPluginManager {

	HostPluginManager(Path stagingDirectory) {
		super(stagingDirectory);
		setSystemVersion(PluginApi.VERSION);
	}

	@Override
	public RuntimeMode getRuntimeMode() {
		// a pf4j.mode=development system property must not switch the loaders
		return RuntimeMode.DEPLOYMENT;
	}

	@Override
	protected PluginFactory createPluginFactory() {
		return (wrapper) -> new Plugin();
	}

	@Override
	protected PluginLoader createPluginLoader() {
		return new JarPluginLoader(this) {

			@Override
			protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
				return new ApiFirstClassLoader(this.pluginManager, descriptor, PluginHost.class.getClassLoader());
			}

		};
	}

	/** The plugin's manifest, read as PF4J reads it, without loading the plugin. */
	PluginDescriptor readDescriptor(Path jar) {
		PluginDescriptor descriptor = getPluginDescriptorFinder().find(jar);
		validatePluginDescriptor(descriptor);
		return descriptor;
	}

}
