package io.revcycle.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of Revcycle's Spring Boot applications (platform, gateway, frontend-api) run from
 * its built jar in a process of its own, configured with command-line properties, and
 * stopped when this JVM exits.
 */
public final class AppProcess implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(AppProcess.class);

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private final String name;

	private final Process process;

	private final int port;

	private final Path logFile;

	private AppProcess(String name, Process process, int port, Path logFile) {
		this.name = name;
		this.process = process;
		this.port = port;
		this.logFile = logFile;
	}

	/**
	 * The built executable jar of a module:
	 * {@code <module>/target/<artifact>-<version>.jar} under the project root.
	 * @param projectRoot the folder of the root {@code pom.xml}
	 * @param module the module folder, for example {@code platform}
	 * @return the jar
	 * @throws IllegalStateException when it has not been built
	 */
	public static Path jar(Path projectRoot, String module) {
		Path target = projectRoot.resolve(module).resolve("target");
		try (var files = Files.list(target)) {
			return files.filter((p) -> p.getFileName().toString().matches(".+-\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\.jar"))
				.findFirst()
				.orElseThrow();
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("No built jar in " + target + ": build it first with " + "'./mvnw -pl "
					+ module + " -am package -DskipTests'.", ex);
		}
	}

	/**
	 * The project root, found from the working directory upwards (a module's folder when
	 * Maven runs its tests).
	 */
	public static Path projectRoot() {
		Path dir = Path.of("").toAbsolutePath();
		for (Path p = dir; p != null; p = p.getParent()) {
			if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("platform"))) {
				return p;
			}
		}
		throw new IllegalStateException("Not inside the Revcycle project: " + dir);
	}

	/**
	 * Starts an application and waits until its health endpoint answers UP.
	 * @param name a name for logs
	 * @param jar the executable jar
	 * @param port the HTTP port it is told to use
	 * @param properties Spring properties, passed on the command line
	 * @param logDir the folder for its log
	 * @return the running application
	 */
	public static AppProcess start(String name, Path jar, int port, Map<String, ?> properties, Path logDir) {
		try {
			Files.createDirectories(logDir);
			Path logFile = logDir.resolve(name + ".log");
			List<String> command = new ArrayList<>(
					List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss512k", "-jar",
							jar.toString(), "--server.port=" + port));
			properties.forEach((key, value) -> command.add("--" + key + "=" + value));
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(logFile.toFile())
				.start();
			AppProcess app = new AppProcess(name, process, port, logFile);
			Runtime.getRuntime().addShutdownHook(new Thread(app::close));
			// health is served on the management port when it has one of its own
			Object management = properties.get("management.server.port");
			app.awaitHealthy((management != null) ? Integer.parseInt(management.toString()) : port);
			return app;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + name, ex);
		}
	}

	/** The base URL, {@code http://localhost:<port>}. */
	public String url() {
		return "http://localhost:" + this.port;
	}

	/** The port. */
	public int port() {
		return this.port;
	}

	/** Whether the process is still running. */
	public boolean alive() {
		return this.process.isAlive();
	}

	/** The process, for tests that watch it stop. */
	public Process process() {
		return this.process;
	}

	private void awaitHealthy(int healthPort) {
		Instant started = Instant.now();
		URI health = URI.create("http://localhost:" + healthPort + "/actuator/health");
		while (true) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						this.name + " exited with " + this.process.exitValue() + "; its log ends with:\n" + tail());
			}
			try {
				HttpResponse<String> response = KeycloakServer.HTTP.send(
						HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
					log.info("{} healthy on port {} in {} ms", this.name, this.port,
							Duration.between(started, Instant.now()).toMillis());
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
			if (Duration.between(started, Instant.now()).compareTo(START_TIMEOUT) > 0) {
				close();
				throw new IllegalStateException(
						this.name + " was not healthy within " + START_TIMEOUT + "; its log ends with:\n" + tail());
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
		}
	}

	private String tail() {
		try {
			List<String> lines = Files.readAllLines(this.logFile, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	/** Stops the application gracefully, forcibly after 20 seconds. */
	@Override
	public void close() {
		if (this.process.isAlive()) {
			EmbeddedKeycloak.stop(this.process);
		}
	}

}
