package io.revcycle.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.redis.testcontainers.RedisContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A Redis server.
 *
 * @param host the host
 * @param port the port
 * @param origin where the server came from, for logs
 */
public record RedisServerAddress(String host, int port, String origin) {

	private static final Logger log = LoggerFactory.getLogger(RedisServerAddress.class);

	/**
	 * Resolves a server: {@code REVCYCLE_REDIS_HOST}/{@code _PORT}; else 127.0.0.1:6379;
	 * else Testcontainers; else embedded-redis on a free port.
	 * @return the server
	 */
	public static RedisServerAddress resolve() {
		String envHost = System.getenv("REVCYCLE_REDIS_HOST");
		if (envHost != null && !envHost.isBlank()) {
			return logged(
					new RedisServerAddress(envHost, PostgresServer.intEnv("REVCYCLE_REDIS_PORT", 6379), "environment"));
		}
		RedisServerAddress local = new RedisServerAddress("127.0.0.1", 6379, "local service");
		if (local.ping()) {
			return logged(local);
		}
		if (PostgresServer.dockerAvailable()) {
			RedisContainer container = new RedisContainer(RedisContainer.DEFAULT_IMAGE_NAME.withTag("7.4"));
			container.start();
			Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
			return logged(new RedisServerAddress(container.getRedisHost(), container.getRedisPort(), "Testcontainers"));
		}
		return logged(embedded());
	}

	/**
	 * Starts an embedded Redis (embedded-redis) on a free port, stopped when the JVM
	 * exits.
	 */
	public static RedisServerAddress embedded() {
		try {
			int port = freePort();
			RedisServer embedded = new RedisServer(port);
			embedded.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					embedded.stop();
				}
				catch (IOException ex) {
					log.warn("Could not stop embedded Redis", ex);
				}
			}));
			return new RedisServerAddress("127.0.0.1", port, "embedded");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded Redis", ex);
		}
	}

	/** Whether the server answers PING. */
	public boolean ping() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.host, this.port), 1000);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[7];
			int read = in.read(buffer);
			return read > 0 && new String(buffer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** The Spring properties that point an application at this server. */
	public Map<String, String> springProperties() {
		return Map.of("spring.data.redis.host", this.host, "spring.data.redis.port", Integer.toString(this.port));
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static RedisServerAddress logged(RedisServerAddress server) {
		log.info("Redis for tests: {}:{} ({})", server.host(), server.port(), server.origin());
		return server;
	}

}
