package io.revcycle.testsupport;

import java.util.function.Supplier;

/**
 * The one place that resolves PostgreSQL, Redis and Keycloak for every test of every
 * module.
 *
 * <p>
 * Each service is resolved at most once per JVM, on first use, in this order: an address
 * given by environment variable, a service already listening locally, Testcontainers when
 * a Docker engine is available, and last an embedded server (zonky PostgreSQL,
 * embedded-redis, the Keycloak distribution zip). Keycloak is never taken from a local
 * port: it is either named by {@code REVCYCLE_KEYCLOAK_URL} or started from the zip, so
 * tests always get a realm in a known state.
 */
public final class TestServices {

	private static final Lazy<PostgresServer> POSTGRES = new Lazy<>(PostgresServer::resolve);

	private static final Lazy<RevcycleDatabase> DATABASE = new Lazy<>(() -> postgres().createDatabase(
			"revcycle_test_" + ProcessHandle.current().pid() + "_" + Long.toString(System.nanoTime(), 36), true));

	private static final Lazy<RedisServerAddress> REDIS = new Lazy<>(RedisServerAddress::resolve);

	private static final Lazy<KeycloakServer> KEYCLOAK = new Lazy<>(KeycloakServer::resolve);

	private TestServices() {
	}

	/** The PostgreSQL server, with an account that may create roles and databases. */
	public static PostgresServer postgres() {
		return POSTGRES.get();
	}

	/**
	 * A fresh database for this JVM, owned by the migration role, with a separate
	 * application role that neither owns the tables nor bypasses row-level security.
	 * Dropped when the JVM exits.
	 */
	public static RevcycleDatabase database() {
		return DATABASE.get();
	}

	/** The Redis server. */
	public static RedisServerAddress redis() {
		return REDIS.get();
	}

	/** The Keycloak server, with the {@code revcycle} realm imported. */
	public static KeycloakServer keycloak() {
		return KEYCLOAK.get();
	}

	static final class Lazy<T> {

		private final Supplier<T> factory;

		private volatile T value;

		Lazy(Supplier<T> factory) {
			this.factory = factory;
		}

		T get() {
			T result = this.value;
			if (result == null) {
				synchronized (this) {
					result = this.value;
					if (result == null) {
						result = this.factory.get();
						this.value = result;
					}
				}
			}
			return result;
		}

	}

}
