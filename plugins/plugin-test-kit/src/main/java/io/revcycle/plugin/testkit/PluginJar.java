package io.revcycle.plugin.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.PluginApi;

/**
 * Builds a real connector plugin jar, as PF4J's own tests do: a manifest with the
 * {@code Plugin-*} entries, the classes, and the service file naming the factory. The
 * host loads it exactly as it loads a jar Maven built. Entries are written in name order
 * with a fixed time, so the same content gives the same checksum. <pre>{@code
 * Path jar = PluginJar.builder(folder.resolve("acme.jar"))
 * 	.pluginId("acme").pluginVersion("1.0.0").requires(PluginApi.REQUIRES)
 * 	.addClass(AcmeConnectorFactory.class)
 * 	.factory(AcmeConnectorFactory.class.getName())
 * 	.build();
 * }</pre>
 */
public final class PluginJar {

	/** The service file the host reads a jar's factory from. */
	public static final String SERVICE_FILE = "META-INF/services/" + ConnectorFactory.class.getName();

	/** The system property with the build's {@code Plugin-Id}. */
	public static final String ID_PROPERTY = "revcycle.plugin.id";

	/** The system property with the build's {@code Plugin-Version}. */
	public static final String VERSION_PROPERTY = "revcycle.plugin.version";

	/** The system property with the build's {@code Plugin-Requires}. */
	public static final String REQUIRES_PROPERTY = "revcycle.plugin.requires";

	/** The system property with the build's {@code Plugin-Description}. */
	public static final String DESCRIPTION_PROPERTY = "revcycle.plugin.description";

	private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

	private PluginJar() {
	}

	/**
	 * A builder of a jar at this path (parent folders are created).
	 * @param jarFile where the jar is written
	 * @return the builder
	 */
	public static Builder builder(Path jarFile) {
		return new Builder(jarFile);
	}

	/**
	 * The jar of a connector module's compiled classes, usually
	 * {@code PluginJar.fromClasses(Path.of("target/classes"), tempDir)}, with the
	 * manifest the build writes into the packaged jar. The factory is the one
	 * {@code classesDir/META-INF/services/io.revcycle.plugin.api.ConnectorFactory} names;
	 * it is created from the test class path to read its descriptor. Each manifest entry
	 * is taken from, in this order:
	 * <ol>
	 * <li>the system property the build sets for its tests, so the jar tested says what
	 * the packaged jar will say: {@value #ID_PROPERTY} ({@code Plugin-Id}),
	 * {@value #VERSION_PROPERTY} ({@code Plugin-Version}), {@value #REQUIRES_PROPERTY}
	 * ({@code Plugin-Requires}) and {@value #DESCRIPTION_PROPERTY}
	 * ({@code Plugin-Description}); the connectors' parent pom sets them from
	 * {@code plugin.id}, the project version, {@code plugin.requires} and the
	 * description;</li>
	 * <li>the descriptor's id, version, range and description;</li>
	 * <li>{@code 1.0.0} for the version and {@link PluginApi#REQUIRES_1_1} for the
	 * range.</li>
	 * </ol>
	 * So a descriptor that names a version other than the build's gets a jar whose
	 * {@code Plugin-Version} differs from it, and the contract suite says so. The
	 * connector's own libraries are not copied: in tests the host finds them on the class
	 * path (the jar Maven packages bundles them).
	 * @param classesDir the compiled classes and resources
	 * @param folder where the jar ({@code <id>-<version>.jar}) is written
	 * @return the jar
	 * @throws UncheckedIOException when the classes cannot be read or the jar written
	 * @throws IllegalStateException when the service file is missing or names no single
	 * factory that can be created
	 */
	public static Path fromClasses(Path classesDir, Path folder) {
		Path serviceFile = classesDir.resolve(SERVICE_FILE);
		if (!Files.isRegularFile(serviceFile)) {
			throw new IllegalStateException("No " + serviceFile + ": add src/main/resources/" + SERVICE_FILE
					+ " with the fully qualified name of your ConnectorFactory class");
		}
		List<String> names;
		try {
			names = factoryNames(Files.readString(serviceFile, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + serviceFile, ex);
		}
		if (names.size() != 1) {
			throw new IllegalStateException(
					serviceFile + " must name exactly one ConnectorFactory class, but names " + names);
		}
		ConnectorDescriptor descriptor = instantiate(names.get(0)).descriptor();
		Objects.requireNonNull(descriptor, names.get(0) + ".descriptor() returned null");
		String id = built(ID_PROPERTY, descriptor.id(), null);
		String version = built(VERSION_PROPERTY, descriptor.version(), "1.0.0");
		return builder(folder.resolve(id + "-" + version + ".jar")).pluginId(id)
			.pluginVersion(version)
			.requires(built(REQUIRES_PROPERTY, descriptor.requires(), PluginApi.REQUIRES_1_1))
			.description(built(DESCRIPTION_PROPERTY, descriptor.description(), null))
			.addClasses(classesDir)
			.build();
	}

	/** The build's value, else the descriptor's, else the fallback. */
	private static String built(String property, String described, String fallback) {
		String value = System.getProperty(property);
		if (value != null && !value.isBlank()) {
			return value.strip();
		}
		return (described != null) ? described : fallback;
	}

	private static ConnectorFactory instantiate(String name) {
		ClassLoader loader = Thread.currentThread().getContextClassLoader();
		if (loader == null) {
			loader = PluginJar.class.getClassLoader();
		}
		try {
			Object factory = Class.forName(name, true, loader).getConstructor().newInstance();
			return (ConnectorFactory) factory;
		}
		catch (ReflectiveOperationException | ClassCastException ex) {
			throw new IllegalStateException(
					"Cannot create " + name + " (it needs a public no-argument constructor): " + ex, ex);
		}
	}

	static List<String> factoryNames(String serviceFile) {
		List<String> names = new ArrayList<>();
		for (String line : serviceFile.split("\\R")) {
			int comment = line.indexOf('#');
			String name = ((comment >= 0) ? line.substring(0, comment) : line).strip();
			if (!name.isEmpty()) {
				names.add(name);
			}
		}
		return names;
	}

	/** Writes one plugin jar. */
	public static final class Builder {

		private final Path jarFile;

		private final Map<String, byte[]> entries = new TreeMap<>();

		private String pluginId;

		private String pluginVersion = "1.0.0";

		private String requires;

		private String provider = "Revcycle test kit";

		private String description;

		private String factory;

		private Builder(Path jarFile) {
			this.jarFile = Objects.requireNonNull(jarFile, "jarFile");
		}

		/** The {@code Plugin-Id}: the connector's descriptor id. Required. */
		public Builder pluginId(String pluginId) {
			this.pluginId = pluginId;
			return this;
		}

		/** The {@code Plugin-Version}; {@code 1.0.0} unless set. */
		public Builder pluginVersion(String pluginVersion) {
			this.pluginVersion = pluginVersion;
			return this;
		}

		/**
		 * The {@code Plugin-Requires} range of plugin API versions, such as
		 * {@code >=1.0.0 & <2.0.0}; none unless set (the host refuses a jar without one,
		 * see {@link io.revcycle.plugin.host.PluginRequires}).
		 */
		public Builder requires(String requires) {
			this.requires = requires;
			return this;
		}

		/** The {@code Plugin-Provider}. */
		public Builder provider(String provider) {
			this.provider = provider;
			return this;
		}

		/** The {@code Plugin-Description}. */
		public Builder description(String description) {
			this.description = description;
			return this;
		}

		/**
		 * Every file under a folder of compiled classes and resources, at its relative
		 * path (a {@code META-INF/MANIFEST.MF} there is ignored).
		 */
		public Builder addClasses(Path classesDir) {
			try (Stream<Path> files = Files.walk(classesDir)) {
				for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
					String name = classesDir.relativize(file).toString().replace('\\', '/');
					if (!name.equals(JarFile.MANIFEST_NAME)) {
						this.entries.put(name, Files.readAllBytes(file));
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read " + classesDir, ex);
			}
			return this;
		}

		/**
		 * The class files of these classes and of the classes nested in them (inner,
		 * anonymous and local classes too), read from wherever they were loaded.
		 */
		public Builder addClass(Class<?>... classes) {
			for (Class<?> type : classes) {
				addClassFiles(type);
			}
			return this;
		}

		/** One more entry, such as a resource file. */
		public Builder addEntry(String name, byte[] content) {
			this.entries.put(name, content.clone());
			return this;
		}

		/**
		 * The factory class named in
		 * {@code META-INF/services/io.revcycle.plugin.api.ConnectorFactory} (replacing a
		 * service file {@link #addClasses(Path)} brought).
		 */
		public Builder factory(String className) {
			this.factory = className;
			return this;
		}

		/**
		 * Writes the jar.
		 * @return its path
		 * @throws UncheckedIOException when it cannot be written
		 * @throws IllegalStateException when no plugin id was given
		 */
		public Path build() {
			if (this.pluginId == null || this.pluginId.isBlank()) {
				throw new IllegalStateException("A plugin jar needs a pluginId");
			}
			Manifest manifest = new Manifest();
			Attributes attributes = manifest.getMainAttributes();
			attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
			attributes.putValue("Plugin-Id", this.pluginId);
			attributes.putValue("Plugin-Version", this.pluginVersion);
			putIfSet(attributes, "Plugin-Requires", this.requires);
			putIfSet(attributes, "Plugin-Provider", this.provider);
			putIfSet(attributes, "Plugin-Description", this.description);
			Map<String, byte[]> all = new TreeMap<>(this.entries);
			if (this.factory != null) {
				all.put(SERVICE_FILE, (this.factory + "\n").getBytes(StandardCharsets.UTF_8));
			}
			Path parent = this.jarFile.toAbsolutePath().getParent();
			try {
				if (parent != null) {
					Files.createDirectories(parent);
				}
				write(manifest, all);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot write " + this.jarFile, ex);
			}
			return this.jarFile;
		}

		private void write(Manifest manifest, Map<String, byte[]> all) throws IOException {
			try (OutputStream file = Files.newOutputStream(this.jarFile);
					JarOutputStream jar = new JarOutputStream(file)) {
				JarEntry manifestEntry = new JarEntry(JarFile.MANIFEST_NAME);
				manifestEntry.setTimeLocal(ENTRY_TIME);
				jar.putNextEntry(manifestEntry);
				manifest.write(jar);
				jar.closeEntry();
				for (Map.Entry<String, byte[]> entry : all.entrySet()) {
					JarEntry jarEntry = new JarEntry(entry.getKey());
					jarEntry.setTimeLocal(ENTRY_TIME);
					jar.putNextEntry(jarEntry);
					jar.write(entry.getValue());
					jar.closeEntry();
				}
			}
		}

		private static void putIfSet(Attributes attributes, String name, String value) {
			if (value != null && !value.isBlank()) {
				// a line break in a manifest value makes the manifest unreadable
				attributes.putValue(name, value.replaceAll("\\s+", " ").strip());
			}
		}

		private void addClassFiles(Class<?> type) {
			if (type.isArray() || type.isPrimitive() || type.getClassLoader() == null) {
				throw new IllegalArgumentException(type + " has no class file of its own to add");
			}
			String resource = type.getName().replace('.', '/') + ".class";
			URL url = type.getClassLoader().getResource(resource);
			if (url == null) {
				throw new IllegalArgumentException("The class file of " + type.getName() + " cannot be found");
			}
			String nestedPrefix = resource.substring(0, resource.length() - ".class".length()) + "$";
			try {
				this.entries.put(resource, read(url));
				if ("file".equals(url.getProtocol())) {
					Path file = Path.of(url.toURI());
					String simple = file.getFileName().toString();
					String prefix = simple.substring(0, simple.length() - ".class".length()) + "$";
					try (Stream<Path> siblings = Files.list(file.getParent())) {
						for (Path nested : siblings.toList()) {
							String name = nested.getFileName().toString();
							if (name.startsWith(prefix) && name.endsWith(".class")) {
								this.entries.put(nestedPrefix + name.substring(prefix.length()),
										Files.readAllBytes(nested));
							}
						}
					}
				}
				else if ("jar".equals(url.getProtocol())) {
					JarURLConnection connection = (JarURLConnection) url.openConnection();
					connection.setUseCaches(false);
					try (JarFile jar = connection.getJarFile()) {
						for (JarEntry entry : Collections.list(jar.entries())) {
							if (entry.getName().startsWith(nestedPrefix) && entry.getName().endsWith(".class")) {
								try (InputStream in = jar.getInputStream(entry)) {
									this.entries.put(entry.getName(), in.readAllBytes());
								}
							}
						}
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read the class files of " + type.getName(), ex);
			}
			catch (URISyntaxException ex) {
				throw new IllegalArgumentException("Cannot locate the class files of " + type.getName(), ex);
			}
		}

		private static byte[] read(URL url) throws IOException {
			URLConnection connection = url.openConnection();
			connection.setUseCaches(false);
			try (InputStream in = connection.getInputStream()) {
				return in.readAllBytes();
			}
		}

	}

}
