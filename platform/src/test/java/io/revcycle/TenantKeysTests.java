package io.revcycle;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.revcycle.testsupport.RevcycleDatabase;
import io.revcycle.testsupport.TestServices;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema can be distributed by tenant (Citus, with {@code tenant_id} as the
 * distribution column) when one PostgreSQL is no longer enough: on the migrated schema,
 * read from PostgreSQL's catalog, every tenant-owned table (one with a {@code tenant_id}
 * column) has a primary key that starts with {@code tenant_id}, every foreign key between
 * tenant-owned tables starts with it, and every unique constraint or index includes it.
 * Tables without {@code tenant_id} are global (reference tables on Citus).
 */
class TenantKeysTests {

	/** Global tables: no tenant column, replicated whole as Citus reference tables. */
	private static final List<String> GLOBAL = List.of("tenants", "flyway_schema_history", "event_publication",
			"event_publication_archive");

	private static RevcycleDatabase database;

	@BeforeAll
	static void migrate() {
		database = TestServices.database();
		Flyway.configure()
			.dataSource(database.jdbcUrl(), database.ownerUser(), database.ownerPassword())
			.locations("classpath:db/migration")
			.placeholders(Map.of("appRole", database.appUser()))
			.load()
			.migrate();
	}

	@Test
	void everyTableIsTenantOwnedOrKnownToBeGlobal() throws SQLException {
		List<String> untenanted = strings(
				"select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
						+ "where n.nspname = 'public' and c.relkind in ('r', 'p') and not exists (select 1 from pg_attribute a "
						+ "where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped) order by 1");
		assertThat(GLOBAL).containsAll(untenanted);
		assertThat(tenantOwned()).hasSizeGreaterThan(20);
	}

	@Test
	void everyTenantOwnedPrimaryKeyStartsWithTenantId() throws SQLException {
		List<String> wrong = strings("select c.conrelid::regclass || ': ' || pg_get_constraintdef(c.oid) "
				+ "from pg_constraint c where c.contype = 'p' and c.conrelid in (" + TENANT_OWNED + ") "
				+ "and (select a.attname from pg_attribute a where a.attrelid = c.conrelid and a.attnum = c.conkey[1]) "
				+ "<> 'tenant_id' order by 1");
		List<String> missing = strings("select t.oid::regclass::text from pg_class t where t.oid in (" + TENANT_OWNED
				+ ") and not exists (select 1 from pg_constraint c where c.conrelid = t.oid and c.contype = 'p') "
				+ "order by 1");
		assertThat(wrong).as("primary keys that do not start with tenant_id").isEmpty();
		assertThat(missing).as("tenant-owned tables without a primary key").isEmpty();
	}

	@Test
	void everyForeignKeyBetweenTenantOwnedTablesStartsWithTenantId() throws SQLException {
		List<String> wrong = strings("select c.conrelid::regclass || ': ' || pg_get_constraintdef(c.oid) "
				+ "from pg_constraint c where c.contype = 'f' and c.conrelid in (" + TENANT_OWNED + ") "
				+ "and c.confrelid in (" + TENANT_OWNED + ") "
				+ "and ((select a.attname from pg_attribute a where a.attrelid = c.conrelid and a.attnum = c.conkey[1]) "
				+ "<> 'tenant_id' or (select a.attname from pg_attribute a where a.attrelid = c.confrelid "
				+ "and a.attnum = c.confkey[1]) <> 'tenant_id') order by 1");
		assertThat(wrong).as("foreign keys between tenant-owned tables that do not start with tenant_id").isEmpty();
	}

	@Test
	void everyUniqueConstraintOrIndexOfATenantOwnedTableIncludesTenantId() throws SQLException {
		List<String> wrong = strings("select i.indrelid::regclass || ': ' || pg_get_indexdef(i.indexrelid) "
				+ "from pg_index i where i.indisunique and i.indrelid in (" + TENANT_OWNED + ") "
				+ "and not exists (select 1 from pg_attribute a where a.attrelid = i.indrelid "
				+ "and a.attname = 'tenant_id' and a.attnum = any(i.indkey)) order by 1");
		assertThat(wrong).as("unique constraints or indexes without tenant_id").isEmpty();
	}

	/** The tables with a tenant_id column, as an SQL subquery of oids. */
	private static final String TENANT_OWNED = "select a.attrelid from pg_attribute a join pg_class c on c.oid = "
			+ "a.attrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in "
			+ "('r', 'p') and a.attname = 'tenant_id' and not a.attisdropped";

	private static TreeSet<String> tenantOwned() throws SQLException {
		return new TreeSet<>(strings("select attrelid::regclass::text from (" + TENANT_OWNED + ") t"));
	}

	private static List<String> strings(String sql) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.ownerUser(),
				database.ownerPassword()); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
			while (rs.next()) {
				rows.add(rs.getString(1));
			}
		}
		return rows;
	}

}
