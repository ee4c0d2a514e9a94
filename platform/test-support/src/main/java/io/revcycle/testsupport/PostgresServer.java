package io.revcycle.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A PostgreSQL server reached with an account that may create roles and databases.
 *
 * @param host the host
 * @param port the port
 * @param user a superuser (or a user with CREATEROLE and CREATEDB)
 * @param password its password, may be empty
 * @param origin where the server came from, for logs
 */
public record PostgresServer(String host, int port, String user, String password, String origin) {

	private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

	/** The migration (table owner) role every Revcycle database is created with. */
	public static final String OWNER_ROLE = "revcycle_owner";

	/** The application role: not an owner, no BYPASSRLS. */
	public static final String APP_ROLE = "revcycle_app";

	static final String ROLE_PASSWORD = "revcycle";

	/**
	 * Resolves a server:
	 * {@code REVCYCLE_POSTGRES_HOST}/{@code _PORT}/{@code _USER}/{@code _PASSWORD}; else
	 * 127.0.0.1:5432 as {@code postgres}; else Testcontainers; else embedded PostgreSQL
	 * 18.
	 * @return the server
	 */
	public static PostgresServer resolve() {
		String envHost = System.getenv("REVCYCLE_POSTGRES_HOST");
		if (envHost != null && !envHost.isBlank()) {
			PostgresServer server = new PostgresServer(envHost, intEnv("REVCYCLE_POSTGRES_PORT", 5432),
					env("REVCYCLE_POSTGRES_USER", "postgres"), env("REVCYCLE_POSTGRES_PASSWORD", ""), "environment");
			server.check();
			return logged(server);
		}
		for (String user : new String[] { "postgres", System.getProperty("user.name") }) {
			PostgresServer local = new PostgresServer("127.0.0.1", 5432, user, "", "local service");
			if (local.reachable()) {
				return logged(local);
			}
		}
		if (dockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:18-alpine");
			container.start();
			Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
			return logged(new PostgresServer(container.getHost(), container.getMappedPort(5432),
					container.getUsername(), container.getPassword(), "Testcontainers"));
		}
		return logged(embedded());
	}

	/**
	 * Starts an embedded PostgreSQL 18 (zonky) on a free port, stopped when the JVM
	 * exits.
	 */
	public static PostgresServer embedded() {
		try {
			EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					embedded.close();
				}
				catch (IOException ex) {
					log.warn("Could not stop embedded PostgreSQL", ex);
				}
			}));
			return new PostgresServer("localhost", embedded.getPort(), "postgres", "", "embedded");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded PostgreSQL", ex);
		}
	}

	/** A JDBC URL for a database of this server. */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + database;
	}

	/** Opens a connection to a database of this server as the administrative user. */
	public Connection connect(String database) throws SQLException {
		Properties props = new Properties();
		props.setProperty("user", this.user);
		props.setProperty("password", this.password);
		props.setProperty("connectTimeout", "3");
		return DriverManager.getConnection(jdbcUrl(database), props);
	}

	/**
	 * Creates (or, when {@code fresh} is false, reuses) a database owned by
	 * {@link #OWNER_ROLE}, creating the owner and application roles when they do not
	 * exist yet.
	 * @param name the database name (letters, digits and underscores)
	 * @param fresh drop the database when the JVM exits (tests) instead of keeping it
	 * (local stack)
	 * @return the database
	 */
	public RevcycleDatabase createDatabase(String name, boolean fresh) {
		if (!name.matches("[a-z0-9_]+")) {
			throw new IllegalArgumentException("database name must be lowercase letters, digits, underscores: " + name);
		}
		try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
			createRole(st, OWNER_ROLE, "");
			createRole(st, APP_ROLE, " NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE");
			boolean exists;
			try (ResultSet rs = st.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
				exists = rs.next();
			}
			if (!exists) {
				st.execute("create database " + name + " owner " + OWNER_ROLE);
			}
			if (fresh) {
				Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(name)));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not prepare database " + name + " on " + this, ex);
		}
		return new RevcycleDatabase(jdbcUrl(name), OWNER_ROLE, ROLE_PASSWORD, APP_ROLE, ROLE_PASSWORD);
	}

	private static void createRole(Statement st, String role, String options) throws SQLException {
		// Roles are cluster-wide and test JVMs may race to create them: treat "already
		// there" as success.
		st.execute("do $$ begin create role " + role + " login password '" + ROLE_PASSWORD + "'" + options
				+ "; exception when duplicate_object or unique_violation then null; end $$");
	}

	/**
	 * Drops a database if it exists, with its open connections.
	 * @param name the database name
	 */
	public void dropDatabase(String name) {
		drop(name);
	}

	private void drop(String name) {
		try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
			st.execute("drop database if exists " + name + " with (force)");
		}
		catch (SQLException ex) {
			log.warn("Could not drop test database {}: {}", name, ex.getMessage());
		}
	}

	private boolean reachable() {
		try (Connection c = connect("postgres")) {
			return c.isValid(2);
		}
		catch (SQLException ex) {
			return false;
		}
	}

	private void check() {
		if (!reachable()) {
			throw new IllegalStateException("PostgreSQL named by REVCYCLE_POSTGRES_* is not reachable: " + this);
		}
	}

	static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	private static PostgresServer logged(PostgresServer server) {
		log.info("PostgreSQL for tests: {}:{} ({})", server.host(), server.port(), server.origin());
		return server;
	}

	static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

	static int intEnv(String name, int fallback) {
		return Integer.parseInt(env(name, Integer.toString(fallback)));
	}

	@Override
	public String toString() {
		return this.user + "@" + this.host + ":" + this.port + " (" + this.origin + ")";
	}

}
