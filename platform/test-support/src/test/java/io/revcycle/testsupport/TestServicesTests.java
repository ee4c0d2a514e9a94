package io.revcycle.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resolution this machine uses (local services), and the embedded fallbacks a machine
 * without them uses, each exercised for real.
 */
class TestServicesTests {

	@Test
	void theDatabaseIsReachedAsANonOwnerWithoutBypassRls() throws Exception {
		RevcycleDatabase database = TestServices.database();
		assertThat(TestServices.database()).isSameAs(database);
		assertAppRoleIsConfined(database);
	}

	@Test
	void redisAnswers() {
		assertThat(TestServices.redis().ping()).isTrue();
		assertThat(TestServices.redis()).isSameAs(TestServices.redis());
	}

	@Test
	void embeddedPostgresIsVersion18AndPreparedTheSameWay() throws Exception {
		PostgresServer embedded = PostgresServer.embedded();
		try (Connection c = embedded.connect("postgres");
				Statement st = c.createStatement();
				ResultSet rs = st.executeQuery("show server_version_num")) {
			rs.next();
			assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(180000);
		}
		assertAppRoleIsConfined(embedded.createDatabase("revcycle_embedded_check", true));
	}

	@Test
	void embeddedRedisAnswers() {
		RedisServerAddress embedded = RedisServerAddress.embedded();
		assertThat(embedded.port()).isNotEqualTo(6379);
		assertThat(embedded.ping()).isTrue();
	}

	private static void assertAppRoleIsConfined(RevcycleDatabase database) throws Exception {
		try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.appUser(), database.appPassword());
				Statement st = c.createStatement();
				ResultSet rs = st.executeQuery("select rolsuper, rolbypassrls, "
						+ "(select pg_get_userbyid(datdba) from pg_database where datname = current_database()) "
						+ "from pg_roles where rolname = current_user")) {
			assertThat(rs.next()).isTrue();
			assertThat(rs.getBoolean(1)).isFalse();
			assertThat(rs.getBoolean(2)).isFalse();
			assertThat(rs.getString(3)).isEqualTo(database.ownerUser()).isNotEqualTo(database.appUser());
		}
	}

}
