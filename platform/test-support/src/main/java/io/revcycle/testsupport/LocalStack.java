package io.revcycle.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The services of the local stack: the same resolution as the tests, but with data that
 * survives a restart (the {@code revcycle} database, Keycloak's own file database) and
 * Keycloak on its documented port.
 */
public final class LocalStack {

	/** The default Keycloak port of the local stack. */
	public static final int KEYCLOAK_PORT = 8180;

	private LocalStack() {
	}

	/** The services, resolved and started as needed. */
	public record Services(RevcycleDatabase database, RedisServerAddress redis, KeycloakServer keycloak) {

		/** The Spring properties that point the platform at these services. */
		public Map<String, Object> platformProperties() {
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.putAll(this.database.springProperties());
			properties.putAll(this.redis.springProperties());
			properties.putAll(this.keycloak.springProperties());
			return properties;
		}

	}

	/**
	 * Resolves PostgreSQL and Redis like the tests do (environment, local service,
	 * Testcontainers, embedded) and Keycloak from {@code REVCYCLE_KEYCLOAK_URL} or the
	 * distribution zip on {@code KEYCLOAK_PORT} (default 8180). The database is
	 * {@code REVCYCLE_DB_NAME} (default {@code revcycle}), kept between runs.
	 * @return the services
	 */
	public static Services start() {
		RevcycleDatabase database = TestServices.postgres()
			.createDatabase(PostgresServer.env("REVCYCLE_DB_NAME", "revcycle"), false);
		RedisServerAddress redis = TestServices.redis();
		KeycloakServer keycloak;
		String url = System.getenv("REVCYCLE_KEYCLOAK_URL");
		if (url != null && !url.isBlank()) {
			keycloak = TestServices.keycloak();
		}
		else {
			int port = PostgresServer.intEnv("KEYCLOAK_PORT", KEYCLOAK_PORT);
			if (listening(port)) {
				throw new IllegalStateException("Port " + port + " is already in use: stop what runs there, or set "
						+ "KEYCLOAK_PORT to a free port, or REVCYCLE_KEYCLOAK_URL to a Keycloak to use.");
			}
			keycloak = EmbeddedKeycloak
				.start(new EmbeddedKeycloak.Options("local", port, "dev-file", "admin", "admin"));
		}
		return new Services(database, redis, keycloak);
	}

	static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
