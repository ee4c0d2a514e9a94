package io.revcycle.plugin.host;

import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader: the plugin's own classes and libraries first (so two plugins
 * may bundle different versions of a library), except the plugin API, which always comes
 * from the host. A jar that bundles its own copy of {@code io.revcycle.plugin.api} would
 * otherwise define a second {@code ConnectorFactory} the host cannot call.
 */
class ApiFirstClassLoader extends PluginClassLoader {

	static final String API_PACKAGE = "io.revcycle.plugin.api.";

	static {
		ClassLoader.registerAsParallelCapable();
	}

	ApiFirstClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader host) {
		super(manager, descriptor, host, ClassLoadingStrategy.PDA);
	}

	@Override
	protected boolean shouldDelegateToParent(String className) {
		return className.startsWith(API_PACKAGE) || super.shouldDelegateToParent(className);
	}

}
