package io.revcycle.plugin.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.revcycle.plugin.api.PluginApi;
import io.revcycle.plugin.host.AllowList;
import io.revcycle.plugin.testkit.plugins.Descriptors;
import io.revcycle.plugin.testkit.plugins.GoodConnectorFactory;
import io.revcycle.plugin.testkit.plugins.MinimalConnectorFactory;
import io.revcycle.plugin.testkit.plugins.QuietConnectorFactory;
import io.revcycle.plugin.testkit.plugins.SimpleConnectorFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PluginJarTests {

	@TempDir
	Path folder;

	@Test
	void writesTheManifestTheClassesTheirNestedClassesAndTheServiceFile() throws IOException {
		Path jar = PluginJar.builder(this.folder.resolve("deep/good.jar"))
			.pluginId("good")
			.pluginVersion("1.2.0")
			.requires(PluginApi.REQUIRES)
			.addClass(GoodConnectorFactory.class)
			.addEntry("good/readme.txt", "hello".getBytes(StandardCharsets.UTF_8))
			.factory(GoodConnectorFactory.class.getName())
			.build();

		try (JarFile file = new JarFile(jar.toFile())) {
			Attributes manifest = file.getManifest().getMainAttributes();
			assertThat(manifest.getValue("Plugin-Id")).isEqualTo("good");
			assertThat(manifest.getValue("Plugin-Version")).isEqualTo("1.2.0");
			assertThat(manifest.getValue("Plugin-Requires")).isEqualTo(PluginApi.REQUIRES);
			assertThat(names(file)).contains("io/revcycle/plugin/testkit/plugins/GoodConnectorFactory.class",
					"io/revcycle/plugin/testkit/plugins/GoodConnectorFactory$Good.class", "good/readme.txt",
					PluginJar.SERVICE_FILE);
			assertThat(read(file, PluginJar.SERVICE_FILE)).isEqualTo(GoodConnectorFactory.class.getName() + "\n");
		}
	}

	@Test
	void theSameContentGivesTheSameChecksum() throws IOException {
		Path a = PluginJar.builder(this.folder.resolve("a.jar"))
			.pluginId("quiet")
			.addClass(QuietConnectorFactory.class)
			.build();
		Path b = PluginJar.builder(this.folder.resolve("b.jar"))
			.pluginId("quiet")
			.addClass(QuietConnectorFactory.class)
			.build();
		assertThat(AllowList.sha256(a)).isEqualTo(AllowList.sha256(b));
	}

	@Test
	void buildsAModulesJarFromItsClassesAndItsFactorysDescriptor() throws IOException {
		Path classes = this.folder.resolve("classes");
		Path built = PluginJar.builder(this.folder.resolve("tmp.jar"))
			.pluginId("tmp")
			.addClass(QuietConnectorFactory.class, SimpleConnectorFactory.class, Descriptors.class)
			.build();
		try (JarFile file = new JarFile(built.toFile())) {
			for (JarEntry entry : Collections.list(file.entries())) {
				if (entry.getName().endsWith(".class")) {
					Path target = classes.resolve(entry.getName());
					Files.createDirectories(target.getParent());
					try (InputStream in = file.getInputStream(entry)) {
						Files.copy(in, target);
					}
				}
			}
		}
		Path serviceFile = classes.resolve(PluginJar.SERVICE_FILE);
		Files.createDirectories(serviceFile.getParent());
		Files.writeString(serviceFile, "# the factory\n" + QuietConnectorFactory.class.getName() + "\n");

		Path jar = PluginJar.fromClasses(classes, this.folder.resolve("out"));

		assertThat(jar.getFileName()).hasToString("quiet-1.0.0.jar");
		try (JarFile file = new JarFile(jar.toFile())) {
			Attributes manifest = file.getManifest().getMainAttributes();
			assertThat(manifest.getValue("Plugin-Id")).isEqualTo("quiet");
			assertThat(manifest.getValue("Plugin-Version")).isEqualTo("1.0.0");
			assertThat(manifest.getValue("Plugin-Requires")).isEqualTo(PluginApi.REQUIRES);
			assertThat(names(file)).contains(PluginJar.SERVICE_FILE,
					"io/revcycle/plugin/testkit/plugins/QuietConnectorFactory.class",
					"io/revcycle/plugin/testkit/plugins/Descriptors.class");
		}
	}

	@Test
	void takesTheManifestFromTheBuildsPropertiesFirstThenTheDescriptor() throws IOException {
		Path classes = classesOf(MinimalConnectorFactory.class);
		Path defaults = PluginJar.fromClasses(classes, this.folder.resolve("defaults"));
		Path built;
		System.setProperty(PluginJar.VERSION_PROPERTY, "0.4.0-SNAPSHOT");
		System.setProperty(PluginJar.REQUIRES_PROPERTY, ">=1.1.0 & <2.0.0");
		System.setProperty(PluginJar.DESCRIPTION_PROPERTY, "As the pom says");
		try {
			built = PluginJar.fromClasses(classes, this.folder.resolve("built"));
		}
		finally {
			System.clearProperty(PluginJar.VERSION_PROPERTY);
			System.clearProperty(PluginJar.REQUIRES_PROPERTY);
			System.clearProperty(PluginJar.DESCRIPTION_PROPERTY);
		}

		assertThat(built.getFileName()).hasToString("minimal-0.4.0-SNAPSHOT.jar");
		try (JarFile file = new JarFile(built.toFile())) {
			Attributes manifest = file.getManifest().getMainAttributes();
			assertThat(manifest.getValue("Plugin-Id")).as("the descriptor's, with no property").isEqualTo("minimal");
			assertThat(manifest.getValue("Plugin-Version")).isEqualTo("0.4.0-SNAPSHOT");
			assertThat(manifest.getValue("Plugin-Requires")).isEqualTo(">=1.1.0 & <2.0.0");
			assertThat(manifest.getValue("Plugin-Description")).isEqualTo("As the pom says");
		}
		try (JarFile file = new JarFile(defaults.toFile())) {
			Attributes manifest = file.getManifest().getMainAttributes();
			assertThat(manifest.getValue("Plugin-Version")).as("no property, no descriptor version").isEqualTo("1.0.0");
			assertThat(manifest.getValue("Plugin-Requires")).isEqualTo(PluginApi.REQUIRES_1_1);
			assertThat(manifest.getValue("Plugin-Description")).isEqualTo("Offers nothing");
		}
	}

	@Test
	void saysWhatIsMissingWhenTheClassesNameNoFactory() {
		assertThatIllegalStateException().isThrownBy(() -> PluginJar.fromClasses(this.folder, this.folder))
			.withMessageContaining(PluginJar.SERVICE_FILE);
		assertThatIllegalStateException().isThrownBy(() -> PluginJar.builder(this.folder.resolve("x.jar")).build())
			.withMessageContaining("pluginId");
	}

	private static List<String> names(JarFile file) {
		return Collections.list(file.entries()).stream().map(JarEntry::getName).toList();
	}

	private static String read(JarFile file, String name) throws IOException {
		try (InputStream in = file.getInputStream(file.getEntry(name))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** A folder of compiled classes with the service file naming this factory. */
	private Path classesOf(Class<?> factory) throws IOException {
		Path classes = this.folder.resolve("classes-" + factory.getSimpleName());
		Path built = PluginJar.builder(this.folder.resolve(factory.getSimpleName() + ".jar"))
			.pluginId("tmp")
			.addClass(factory)
			.factory(factory.getName())
			.build();
		try (JarFile file = new JarFile(built.toFile())) {
			for (JarEntry entry : Collections.list(file.entries())) {
				if (!entry.getName().equals(JarFile.MANIFEST_NAME)) {
					Path target = classes.resolve(entry.getName());
					Files.createDirectories(target.getParent());
					try (InputStream in = file.getInputStream(entry)) {
						Files.copy(in, target);
					}
				}
			}
		}
		return classes;
	}

}
