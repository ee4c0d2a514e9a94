package io.revcycle.plugin.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.PluginApi;

/**
 * Loads and starts the connector plugins of a directory with PF4J, and unloads them on
 * {@link #close()}. A jar loads only when:
 * <ul>
 * <li>its SHA-256 checksum is on the operator's {@link AllowList} (the host loads a
 * private copy of exactly the bytes it checked, so replacing the file later changes
 * nothing);</li>
 * <li>its manifest names the plugin ({@code Plugin-Id}, {@code Plugin-Version}) and its
 * {@code Plugin-Requires} range accepts this host's plugin API version
 * ({@link PluginApi#VERSION}) and no version of another major version (the rule is
 * {@link PluginRequires}'s);</li>
 * <li>its own {@code META-INF/services/io.revcycle.plugin.api.ConnectorFactory} names
 * exactly one factory, which can be created and describes itself with the jar's
 * {@code Plugin-Id}.</li>
 * </ul>
 * A descriptor without a version or a plugin API range gets the jar's
 * {@code Plugin-Version} and {@code Plugin-Requires} in
 * {@link LoadedConnector#descriptor()}; one whose version differs from
 * {@code Plugin-Version} is loaded with a WARN line (a 1.0 connector may differ; the
 * contract suite fails it). Every other jar is refused with one WARN log line that says
 * what to do, and listed in {@link #refusals()}; a refused plugin affects no other. The
 * classes of {@code io.revcycle.plugin.api} always come from the host's class loader,
 * even when a jar bundles copies of them.
 */
public final class PluginHost implements AutoCloseable {

	/** The service file a connector jar names its factory in. */
	public static final String SERVICE_FILE = "META-INF/services/" + ConnectorFactory.class.getName();

	private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

	private static final Duration FACTORY_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * A jar the host did not load.
	 *
	 * @param file the jar in the plugins directory
	 * @param pluginId its {@code Plugin-Id}, or null when it was refused before its
	 * manifest was read
	 * @param reason what is wrong and what to do, as logged
	 */
	public record Refusal(Path file, String pluginId, String reason) {
	}

	private final Path staging;

	private final HostPluginManager manager;

	private final Map<String, LoadedConnector> connectors = new TreeMap<>();

	private final List<Refusal> refusals = new ArrayList<>();

	private boolean closed;

	private PluginHost(Path staging) {
		this.staging = staging;
		this.manager = new HostPluginManager(staging);
	}

	/**
	 * Loads and starts every {@code *.jar} directly in a directory.
	 * @param directory the plugins directory; a missing directory means no plugins
	 * @param allowList the checksums of the jars the operator allows
	 * @return the host, with what it loaded and what it refused
	 * @throws UncheckedIOException when the directory cannot be listed or the host's
	 * private copy cannot be written
	 */
	public static PluginHost start(Path directory, AllowList allowList) {
		Path staging;
		try {
			staging = Files.createTempDirectory("revcycle-plugins-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the directory plugins are loaded from", ex);
		}
		PluginHost host = new PluginHost(staging);
		try {
			List<Path> jars = jars(directory);
			if (jars.isEmpty()) {
				log.info("No plugin jars in {}", directory.toAbsolutePath());
			}
			for (int i = 0; i < jars.size(); i++) {
				host.load(jars.get(i), i, allowList);
			}
		}
		catch (RuntimeException ex) {
			host.close();
			throw ex;
		}
		log.info("Plugin API {}: loaded {} connector(s) {}, refused {} jar(s)", PluginApi.VERSION,
				host.connectors.size(), host.connectors.keySet(), host.refusals.size());
		return host;
	}

	/** The connectors loaded, by id; empty once closed. */
	public synchronized List<LoadedConnector> connectors() {
		return this.closed ? List.of() : List.copyOf(this.connectors.values());
	}

	/** The connector of this id, if it is loaded. */
	public synchronized Optional<LoadedConnector> connector(String id) {
		return this.closed ? Optional.empty() : Optional.ofNullable(this.connectors.get(id));
	}

	/** The jars refused, in the order they were looked at. */
	public synchronized List<Refusal> refusals() {
		return List.copyOf(this.refusals);
	}

	/**
	 * Stops and unloads every plugin and deletes the host's private copies. Runtimes of
	 * its connectors must be closed first. Calling it again does nothing.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		// one by one over copies: PF4J's own stopPlugins() fails with a
		// ConcurrentModificationException as it removes what it iterates over (pf4j#656)
		List<PluginWrapper> started = new ArrayList<>(this.manager.getStartedPlugins());
		Collections.reverse(started);
		for (PluginWrapper plugin : started) {
			try {
				this.manager.stopPlugin(plugin.getPluginId());
			}
			catch (RuntimeException ex) {
				log.warn("Stopping plugin {} failed: {}", plugin.getPluginId(), ex.toString());
			}
		}
		for (PluginWrapper plugin : new ArrayList<>(this.manager.getPlugins())) {
			try {
				this.manager.unloadPlugin(plugin.getPluginId());
			}
			catch (RuntimeException ex) {
				log.warn("Unloading plugin {} failed: {}", plugin.getPluginId(), ex.toString());
			}
		}
		this.connectors.clear();
		deleteQuietly(this.staging);
	}

	private void load(Path jar, int index, AllowList allowList) {
		String fileName = jar.getFileName().toString();
		byte[] content;
		try {
			content = Files.readAllBytes(jar);
		}
		catch (IOException ex) {
			refuse(jar, null, fileName + " cannot be read: " + ex);
			return;
		}
		String sha256 = AllowList.sha256(content);
		if (!allowList.allows(sha256)) {
			refuse(jar, null, "Plugin jar " + fileName + " (sha256 " + sha256
					+ ") is not on the allow-list, so it was not loaded; to load it, add it to the allow-list: '"
					+ sha256 + "  " + fileName + "' (the line sha256sum prints for it)");
			return;
		}
		Path staged = this.staging.resolve(String.format("%03d-%s", index, fileName));
		try {
			Files.write(staged, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot copy " + jar + " to " + staged, ex);
		}

		PluginDescriptor manifest;
		try {
			manifest = this.manager.readDescriptor(staged);
		}
		catch (RuntimeException ex) {
			String cause = (ex.getCause() != null) ? ": " + ex.getCause().getMessage() : "";
			refuse(jar, null, fileName + " is not a plugin jar (" + ex.getMessage() + cause
					+ "); a connector jar's manifest names it with Plugin-Id, Plugin-Version and Plugin-Requires");
			return;
		}
		String id = manifest.getPluginId();
		String label = "Plugin '" + id + "' " + manifest.getVersion() + " (" + fileName + ")";
		LoadedConnector same = this.connectors.get(id);
		if (same != null || this.manager.getPlugin(id) != null) {
			String other = (same != null) ? same.jar().getFileName().toString() : "another jar";
			refuse(jar, id, label + " was not loaded: " + other + " already provides plugin '" + id
					+ "'; keep one of them in the plugins directory");
			return;
		}
		Optional<String> requires = PluginRequires.problem(manifest.getRequires());
		if (requires.isPresent()) {
			refuse(jar, id, label + " " + requires.get());
			return;
		}

		String loadedId;
		try {
			loadedId = this.manager.loadPlugin(staged);
		}
		catch (RuntimeException ex) {
			refuse(jar, id, label + " could not be loaded by PF4J: " + ex.getMessage());
			return;
		}
		PluginWrapper wrapper = (loadedId != null) ? this.manager.getPlugin(loadedId) : null;
		if (wrapper == null || wrapper.getPluginState() == PluginState.DISABLED
				|| wrapper.getPluginState() == PluginState.FAILED) {
			unload(loadedId);
			refuse(jar, id, label + " could not be loaded by PF4J"
					+ ((wrapper != null) ? " (state " + wrapper.getPluginState() + ")" : ""));
			return;
		}
		PluginState state = this.manager.startPlugin(loadedId);
		if (state != PluginState.STARTED) {
			unload(loadedId);
			refuse(jar, id, label + " could not be started by PF4J (state " + state + ")");
			return;
		}

		try {
			Created created = create(wrapper, label);
			ConnectorDescriptor described = created.descriptor();
			if (!id.equals(described.id())) {
				throw new Refused(label + " was refused: its descriptor's id '" + described.id()
						+ "' differs from the jar's Plugin-Id '" + id + "'; they must be equal");
			}
			if (described.version() != null && !described.version().equals(manifest.getVersion())) {
				// a 1.0 connector may differ: loaded all the same, and the contract suite
				// fails it
				log.warn("{} describes itself as version {}, which is not its Plugin-Version; leave the version out of "
						+ "the descriptor to take the jar's", label, described.version());
			}
			ConnectorDescriptor descriptor = described.withManifestDefaults(manifest.getVersion(),
					manifest.getRequires());
			this.connectors.put(id, new LoadedConnector(id, manifest.getVersion(), jar, sha256, created.factory(),
					descriptor, created.spec()));
			log.info("Loaded connector '{}' {} from {} (sha256 {})", id, manifest.getVersion(), fileName, sha256);
		}
		catch (Refused ex) {
			unload(loadedId);
			refuse(jar, id, ex.getMessage());
		}
	}

	private record Created(ConnectorFactory factory, ConnectorDescriptor descriptor, ConfigSpec spec) {
	}

	private Created create(PluginWrapper wrapper, String label) {
		PluginClassLoader loader = (PluginClassLoader) wrapper.getPluginClassLoader();
		List<String> names = factoryNames(loader, label);
		if (names.isEmpty()) {
			throw new Refused(label + " declares no connector: add " + SERVICE_FILE
					+ " to the jar, naming its ConnectorFactory class");
		}
		if (names.size() > 1) {
			throw new Refused(label + " names " + names.size() + " factories in " + SERVICE_FILE + " " + names
					+ "; a plugin jar holds exactly one connector");
		}
		String name = names.get(0);
		// a thread of its own: a factory that hangs and ignores interrupts holds only it
		FutureTask<Created> future = new FutureTask<>(() -> instantiate(loader, name, label));
		Thread thread = new Thread(future, "plugin-host-create-" + wrapper.getPluginId());
		thread.setDaemon(true);
		thread.setContextClassLoader(loader);
		thread.start();
		try {
			return future.get(FACTORY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new Refused(label + " was refused: its factory " + name + " did not answer within "
					+ FACTORY_TIMEOUT.toSeconds() + " s while it was created and described");
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			Thread.currentThread().interrupt();
			throw new Refused(label + " was refused: loading was interrupted");
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof Refused refused) {
				throw refused;
			}
			throw new Refused(label + " was refused: its factory " + name + " failed: " + cause);
		}
	}

	private static Created instantiate(ClassLoader loader, String name, String label) {
		Class<?> type;
		try {
			type = Class.forName(name, true, loader);
		}
		catch (ClassNotFoundException ex) {
			throw new Refused(label + " was refused: its factory class " + name + ", named in " + SERVICE_FILE
					+ ", is not in the jar");
		}
		catch (LinkageError ex) {
			throw new Refused(label + " was refused: its factory class " + name + " cannot be initialized: " + ex);
		}
		if (!ConnectorFactory.class.isAssignableFrom(type)) {
			throw new Refused(
					label + " was refused: " + name + " does not implement " + ConnectorFactory.class.getName());
		}
		ConnectorFactory factory;
		try {
			factory = (ConnectorFactory) type.getConstructor().newInstance();
		}
		catch (NoSuchMethodException | IllegalAccessException | InstantiationException ex) {
			throw new Refused(label + " was refused: its factory " + name + " needs a public no-argument constructor ("
					+ ex + ")");
		}
		catch (InvocationTargetException ex) {
			throw new Refused(
					label + " was refused: the constructor of its factory " + name + " threw " + ex.getCause());
		}
		ConnectorDescriptor descriptor;
		ConfigSpec spec;
		try {
			descriptor = factory.descriptor();
		}
		catch (RuntimeException | LinkageError ex) {
			throw new Refused(label + " was refused: descriptor() of its factory " + name + " threw " + ex);
		}
		try {
			spec = factory.configSpec();
		}
		catch (RuntimeException | LinkageError ex) {
			throw new Refused(label + " was refused: configSpec() of its factory " + name + " threw " + ex);
		}
		if (descriptor == null || spec == null) {
			throw new Refused(label + " was refused: its factory " + name + " returned no "
					+ ((descriptor == null) ? "descriptor" : "configuration specification"));
		}
		return new Created(factory, descriptor, spec);
	}

	/** The factory classes the jar itself names: never those of the host's class path. */
	private static List<String> factoryNames(PluginClassLoader loader, String label) {
		Set<String> names = new LinkedHashSet<>();
		try {
			for (URL url : Collections.list(loader.findResources(SERVICE_FILE))) {
				URLConnection connection = url.openConnection();
				// a cached jar connection would keep the jar open after the plugin is
				// unloaded
				connection.setUseCaches(false);
				try (BufferedReader reader = new BufferedReader(
						new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
					for (String line = reader.readLine(); line != null; line = reader.readLine()) {
						int comment = line.indexOf('#');
						String name = ((comment >= 0) ? line.substring(0, comment) : line).strip();
						if (!name.isEmpty()) {
							names.add(name);
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new Refused(label + " was refused: its " + SERVICE_FILE + " cannot be read: " + ex);
		}
		return List.copyOf(names);
	}

	private void refuse(Path jar, String pluginId, String reason) {
		this.refusals.add(new Refusal(jar, pluginId, reason));
		log.warn("Refused plugin jar {}: {}", jar.toAbsolutePath(), reason);
	}

	private void unload(String pluginId) {
		if (pluginId == null) {
			return;
		}
		try {
			this.manager.unloadPlugin(pluginId);
		}
		catch (RuntimeException ex) {
			log.warn("Unloading refused plugin '{}' failed: {}", pluginId, ex.toString());
		}
	}

	private static List<Path> jars(Path directory) {
		if (!Files.isDirectory(directory)) {
			log.warn("Plugins directory {} does not exist; no connectors are loaded", directory.toAbsolutePath());
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((f) -> f.getFileName().toString().endsWith(".jar"))
				.filter(Files::isRegularFile)
				.sorted(Comparator.comparing((Path f) -> f.getFileName().toString()))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list the plugins directory " + directory, ex);
		}
	}

	private static void deleteQuietly(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> {
				try {
					Files.deleteIfExists(file);
				}
				catch (IOException ex) {
					log.debug("Cannot delete {}: {}", file, ex.toString());
				}
			});
		}
		catch (IOException ex) {
			log.debug("Cannot delete {}: {}", directory, ex.toString());
		}
	}

	/** A refusal found while loading one plugin; its message is the reason. */
	private static final class Refused extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Refused(String reason) {
			super(reason, null, false, false);
		}

	}

}
