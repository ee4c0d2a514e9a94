package io.revcycle.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the real Keycloak server from its Maven Central distribution zip
 * ({@code org.keycloak:keycloak-quarkus-dist}) on the local JDK, with the
 * {@code revcycle} realm imported.
 *
 * <p>
 * The zip is unpacked once into a cache folder ({@code REVCYCLE_CACHE_DIR}, default
 * {@code ~/.cache/revcycle}) and reused by later runs; the server process is stopped when
 * the JVM exits.
 */
public final class EmbeddedKeycloak {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedKeycloak.class);

	/** The Keycloak server version, matching the zip the build resolves. */
	public static final String VERSION = "26.7.3";

	private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

	private EmbeddedKeycloak() {
	}

	/**
	 * How to run the server.
	 *
	 * @param flavour names the unpacked copy: builds differ by database kind, so tests
	 * and the local stack each keep their own copy and neither rebuilds the other's
	 * @param httpPort the HTTP port, 0 for a free one
	 * @param database {@code dev-mem} (a fresh realm on every start) or {@code dev-file}
	 * (kept between starts)
	 * @param adminUser the master realm administrator created on first start
	 * @param adminPassword its password
	 */
	public record Options(String flavour, int httpPort, String database, String adminUser, String adminPassword) {

		/** A throw-away server on a free port. */
		public static Options forTests() {
			return new Options("test", 0, "dev-mem", "admin", "admin");
		}

	}

	/**
	 * Unpacks (if needed) and starts the server, and waits until the realm is served.
	 * @param options how to run it
	 * @return the running server
	 */
	public static KeycloakServer start(Options options) {
		Path home = unpacked(distribution(), options.flavour());
		int port = (options.httpPort() != 0) ? options.httpPort() : RedisServerAddress.freePort();
		int managementPort = RedisServerAddress.freePort();
		try {
			Path importDir = Files.createDirectories(home.resolve("data/import"));
			Files.writeString(importDir.resolve("revcycle-realm.json"), KeycloakServer.realmJson(),
					StandardCharsets.UTF_8);
			Path logFile = Files.createDirectories(home.resolve("log")).resolve("keycloak-" + port + ".log");
			List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
					"--http-port=" + port, "--http-management-port=" + managementPort, "--db=" + options.database(),
					"--import-realm"));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(logFile.toFile());
			builder.environment().put("JAVA_HOME", serverJavaHome().toString());
			builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", options.adminUser());
			builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", options.adminPassword());
			Instant started = Instant.now();
			Process process = builder.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process)));
			KeycloakServer server = new KeycloakServer("http://localhost:" + port, options.adminUser(),
					options.adminPassword(), "embedded " + VERSION + " from the distribution zip, log " + logFile);
			while (!server.realmReady()) {
				if (!process.isAlive()) {
					throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; its log "
							+ logFile + " ends with:\n" + tail(logFile));
				}
				if (Duration.between(started, Instant.now()).compareTo(START_TIMEOUT) > 0) {
					stop(process);
					throw new IllegalStateException("Keycloak was not ready within " + START_TIMEOUT + "; log "
							+ logFile + ":\n" + tail(logFile));
				}
				Thread.sleep(250);
			}
			log.info("Keycloak {} ready on port {} in {} ms", VERSION, port,
					Duration.between(started, Instant.now()).toMillis());
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start Keycloak from " + home, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while starting Keycloak", ex);
		}
	}

	/** Stops a server process and everything it started, waiting for it to exit. */
	static void stop(Process process) {
		List<ProcessHandle> descendants = process.descendants().toList();
		process.destroy();
		descendants.forEach(ProcessHandle::destroy);
		try {
			if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
				process.destroyForcibly();
				descendants.forEach(ProcessHandle::destroyForcibly);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

	/**
	 * The distribution zip: the system property {@code revcycle.keycloak.dist} (set by
	 * the build to the file in the local Maven repository), else the default local
	 * repository path.
	 */
	static Path distribution() {
		String configured = System.getProperty("revcycle.keycloak.dist", System.getenv("REVCYCLE_KEYCLOAK_DIST"));
		Path zip = (configured != null && !configured.isBlank()) ? Path.of(configured)
				: Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "keycloak",
						"keycloak-quarkus-dist", VERSION, "keycloak-quarkus-dist-" + VERSION + ".zip");
		if (!Files.isRegularFile(zip)) {
			throw new IllegalStateException("The Keycloak distribution " + zip + " is missing. Build once with "
					+ "'./mvnw -pl platform/test-support -am install' so Maven downloads "
					+ "org.keycloak:keycloak-quarkus-dist:" + VERSION + ":zip, or set REVCYCLE_KEYCLOAK_URL.");
		}
		return zip;
	}

	/** The folder Revcycle keeps downloads and local data in. */
	public static Path cacheDir() {
		String configured = System.getenv("REVCYCLE_CACHE_DIR");
		return (configured != null && !configured.isBlank()) ? Path.of(configured)
				: Path.of(System.getProperty("user.home"), ".cache", "revcycle");
	}

	private static Path unpacked(Path zip, String flavour) {
		Path home = cacheDir().resolve("keycloak-" + VERSION + "-" + flavour);
		try {
			Files.createDirectories(home.getParent());
			Path lockFile = home.getParent().resolve("keycloak-" + VERSION + "-" + flavour + ".lock");
			try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
					FileLock lock = channel.lock()) {
				if (Files.isRegularFile(home.resolve("bin/kc.sh"))) {
					return home;
				}
				Path staging = Files.createTempDirectory(home.getParent(), "keycloak-unpack-");
				unzip(zip, staging);
				Path top;
				try (Stream<Path> children = Files.list(staging)) {
					top = children.filter(Files::isDirectory)
						.findFirst()
						.orElseThrow(() -> new IllegalStateException("Empty Keycloak distribution " + zip));
				}
				try (Stream<Path> scripts = Files.list(top.resolve("bin"))) {
					scripts.filter((p) -> p.toString().endsWith(".sh")).forEach((p) -> p.toFile().setExecutable(true));
				}
				deleteTree(home);
				Files.move(top, home, StandardCopyOption.ATOMIC_MOVE);
				deleteTree(staging);
				log.info("Unpacked Keycloak {} into {}", VERSION, home);
				return home;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not unpack " + zip, ex);
		}
	}

	private static void unzip(Path zip, Path target) throws IOException {
		try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				Path out = target.resolve(entry.getName()).normalize();
				if (!out.startsWith(target)) {
					throw new IOException("Zip entry outside the target folder: " + entry.getName());
				}
				if (entry.isDirectory()) {
					Files.createDirectories(out);
				}
				else {
					Files.createDirectories(out.getParent());
					Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
	}

	private static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	/**
	 * Keycloak 26 deprecates JDK 17: run it on the newest JDK 21+ found beside the
	 * current one, else on the current one.
	 */
	static Path serverJavaHome() {
		Path current = Path.of(System.getProperty("java.home"));
		if (Runtime.version().feature() >= 21) {
			return current;
		}
		Path jvms = Path.of("/usr/lib/jvm");
		if (!Files.isDirectory(jvms)) {
			return current;
		}
		try (Stream<Path> candidates = Files.list(jvms)) {
			return candidates.filter((p) -> Files.isExecutable(p.resolve("bin/java")))
				.filter((p) -> javaFeature(p) >= 21)
				.max(Comparator.comparingInt(EmbeddedKeycloak::javaFeature))
				.orElse(current);
		}
		catch (IOException ex) {
			return current;
		}
	}

	private static int javaFeature(Path javaHome) {
		Path release = javaHome.resolve("release");
		if (!Files.isRegularFile(release)) {
			return 0;
		}
		try (InputStream in = Files.newInputStream(release)) {
			Properties props = new Properties();
			props.load(in);
			String version = props.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
			return Integer.parseInt(version.split("[.+-]")[0]);
		}
		catch (IOException | NumberFormatException ex) {
			return 0;
		}
	}

	private static String tail(Path logFile) {
		try {
			List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex.getMessage() + ")";
		}
	}

}
