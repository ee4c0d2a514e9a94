package io.revcycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.revcycle.connectors.testplugins.FeedConnectorFactory;
import io.revcycle.connectors.testplugins.FutureConnectorFactory;
import io.revcycle.connectors.testplugins.HangingConnectorFactory;
import io.revcycle.plugin.api.PluginApi;
import io.revcycle.plugin.host.AllowList;
import io.revcycle.plugin.testkit.PluginJar;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The plugins folder of the platform's tests, filled before any bean is created: the
 * connectors' real jars as the build packaged them, test plugins built as real jars (one
 * that hangs, one that polls and acts, one for a plugin API this host does not
 * implement), and one jar that is not on the allow-list.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestPluginsConfiguration {

	static final Path FOLDER = Path.of("target", "test-plugins");

	static final Path ALLOW_LIST = Path.of("target", "test-plugins.sha256");

	static final List<String> CONNECTORS = List.of("stripe", "sendgrid", "webforms", "hubspot", "example");

	@Bean
	static BeanFactoryPostProcessor testPlugins() {
		return (beanFactory) -> prepare();
	}

	static synchronized void prepare() {
		try {
			if (Files.exists(FOLDER)) {
				try (Stream<Path> files = Files.walk(FOLDER)) {
					files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
				}
			}
			Files.createDirectories(FOLDER);
			List<String> allowed = new ArrayList<>();
			for (String connector : CONNECTORS) {
				Path built = Path.of("..", "plugins", connector, "target",
						"connector-" + connector + "-0.1.0-SNAPSHOT.jar");
				if (!Files.exists(built)) {
					throw new IllegalStateException("The " + connector + " connector's jar is missing (" + built
							+ "): build the connectors first, './mvnw -B verify' from the root does.");
				}
				allowed.add(allow(Files.copy(built, FOLDER.resolve(built.getFileName()))));
			}
			allowed.add(allow(testPlugin("hanging", PluginApi.REQUIRES, HangingConnectorFactory.class)));
			allowed.add(allow(testPlugin("feed", PluginApi.REQUIRES, FeedConnectorFactory.class)));
			allowed.add(allow(testPlugin("future", ">=2.0.0", FutureConnectorFactory.class)));
			// built and installed, but the operator never allowed it
			testPlugin("unlisted", PluginApi.REQUIRES, FeedConnectorFactory.class);
			Files.write(ALLOW_LIST, allowed);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path testPlugin(String id, String requires, Class<?> factory) {
		return PluginJar.builder(FOLDER.resolve("test-" + id + ".jar"))
			.pluginId(id)
			.pluginVersion("1.0.0")
			.requires(requires)
			.addClass(factory)
			.factory(factory.getName())
			.build();
	}

	private static String allow(Path jar) {
		return AllowList.sha256(jar) + "  " + jar.getFileName();
	}

}
