package io.revcycle.testsupport;

/**
 * A database prepared for the platform: {@code owner} runs the migrations and owns the
 * tables, {@code app} is the role the application connects as (no ownership, no
 * BYPASSRLS), so row-level security applies to it.
 *
 * @param jdbcUrl the JDBC URL of the database
 * @param ownerUser the owner (migration) role
 * @param ownerPassword its password
 * @param appUser the application role
 * @param appPassword its password
 */
public record RevcycleDatabase(String jdbcUrl, String ownerUser, String ownerPassword, String appUser,
		String appPassword) {

	/** The Spring properties that point the platform at this database. */
	public java.util.Map<String, String> springProperties() {
		return java.util.Map.of("spring.datasource.url", this.jdbcUrl, "spring.datasource.username", this.appUser,
				"spring.datasource.password", this.appPassword, "spring.flyway.url", this.jdbcUrl, "spring.flyway.user",
				this.ownerUser, "spring.flyway.password", this.ownerPassword);
	}

}
