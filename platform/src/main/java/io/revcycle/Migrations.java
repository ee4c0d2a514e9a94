package io.revcycle;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Migrates the database and exits: Flyway alone, with the owner role, the way the
 * platform would at start but without starting anything else. Kubernetes runs it once per
 * release (the Helm chart's migration Job), so the platform's replicas, which run with
 * {@code spring.flyway.enabled=false}, never race on migrations.
 *
 * <p>
 * Reads the environment the platform reads: {@code REVCYCLE_DB_URL},
 * {@code REVCYCLE_DB_OWNER} and {@code REVCYCLE_DB_OWNER_PASSWORD} for the connection,
 * and {@code REVCYCLE_DB_USER}, the application role the migrations grant to (the
 * {@code appRole} placeholder). Exits with 0 when the schema is current, 1 otherwise.
 */
public final class Migrations {

	private Migrations() {
	}

	public static void main(String[] args) {
		Flyway flyway = Flyway.configure()
			.dataSource(env("REVCYCLE_DB_URL", "jdbc:postgresql://localhost:5432/revcycle"),
					env("REVCYCLE_DB_OWNER", "revcycle_owner"), env("REVCYCLE_DB_OWNER_PASSWORD", "revcycle"))
			.locations("classpath:db/migration")
			.placeholders(java.util.Map.of("appRole", env("REVCYCLE_DB_USER", "revcycle_app")))
			.load();
		try {
			MigrateResult result = flyway.migrate();
			System.out.println("Database at version " + flyway.info().current().getVersion() + " ("
					+ result.migrationsExecuted + " migrations applied now)");
		}
		catch (RuntimeException ex) {
			System.err.println("Migrations failed: " + ex.getMessage());
			ex.printStackTrace();
			System.exit(1);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
