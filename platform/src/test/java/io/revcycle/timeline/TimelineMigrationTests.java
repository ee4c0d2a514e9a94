package io.revcycle.timeline;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.revcycle.testsupport.PostgresServer;
import io.revcycle.testsupport.RevcycleDatabase;
import io.revcycle.testsupport.TestServices;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration that stops copying activities onto the timeline, on a database holding
 * copies written before it: each activity takes its copy's position (an erased person's
 * copy, which names neither source nor id, by person, type and time), the copies go, the
 * other entries stay, and positions taken afterwards come after every earlier one.
 */
class TimelineMigrationTests {

	private static final String DATABASE = "revcycle_timeline_migration";

	private static Flyway flyway(RevcycleDatabase database, String target) {
		return Flyway.configure()
			.dataSource(database.jdbcUrl(), database.ownerUser(), database.ownerPassword())
			.locations("classpath:db/migration")
			.placeholders(Map.of("appRole", database.appUser()))
			.target(target)
			.load();
	}

	@Test
	void activitiesKeepTheirCopiesPositions() throws SQLException {
		PostgresServer postgres = TestServices.postgres();
		postgres.dropDatabase(DATABASE);
		RevcycleDatabase database = postgres.createDatabase(DATABASE, true);
		flyway(database, "59").migrate();
		UUID tenant = UUID.randomUUID();
		UUID ann = UUID.randomUUID();
		UUID bob = UUID.randomUUID();
		// written as the superuser, which row-level security does not hold back
		try (Connection c = postgres.connect(DATABASE); Statement st = c.createStatement()) {
			st.execute("insert into tenants (id, slug, company, status) values ('" + tenant + "', 'm', 'M', 'ACTIVE')");
			st.execute("insert into persons (tenant_id, id, email, stage, created_at, updated_at) values ('" + tenant
					+ "', '" + ann + "', 'ann@m.test', 'Known', now(), now()), ('" + tenant + "', '" + bob
					+ "', null, 'Known', now(), now())");
			st.execute("update persons set erased_at = now() where id = '" + bob + "'");
			// ann: two activities of one instant, a stage change between them and a later
			// one
			activity(st, tenant, ann, "pv-1", "page_view", "2026-01-01T10:00:00Z", "{\"url\": \"/a\"}");
			activity(st, tenant, ann, "pv-2", "page_view", "2026-01-01T10:00:00Z", "{\"url\": \"/b\"}");
			// bob (erased): two of one type and instant, whose copies say nothing
			activity(st, tenant, bob, "eo-1", "email_opened", "2026-01-02T10:00:00Z", "{}");
			activity(st, tenant, bob, "eo-2", "email_opened", "2026-01-02T10:00:00Z", "{}");
			entry(st, tenant, ann, "2026-01-01T10:00:00Z", "activity", "page_view",
					"{\"source\": \"web\", \"externalId\": \"pv-2\"}");
			entry(st, tenant, ann, "2026-01-01T10:00:00Z", "stage", "stage_changed", "{}");
			entry(st, tenant, ann, "2026-01-01T10:00:00Z", "activity", "page_view",
					"{\"source\": \"web\", \"externalId\": \"pv-1\"}");
			entry(st, tenant, bob, "2026-01-02T10:00:00Z", "activity", "email_opened", "{}");
			entry(st, tenant, bob, "2026-01-02T10:00:00Z", "activity", "email_opened", "{}");
			entry(st, tenant, bob, "2026-01-02T10:00:00Z", "score", "score_changed", "{}");
		}
		Map<String, Long> copies = new LinkedHashMap<>();
		long last;
		try (Connection c = postgres.connect(DATABASE); Statement st = c.createStatement()) {
			try (ResultSet rs = st
				.executeQuery("select id, kind, data ->> 'externalId' from timeline_entries order by id")) {
				while (rs.next()) {
					copies.put(rs.getString(2) + ":" + rs.getString(3), rs.getLong(1));
				}
			}
			last = copies.values().stream().mapToLong(Long::longValue).max().getAsLong();
		}

		flyway(database, "latest").migrate();

		try (Connection c = postgres.connect(DATABASE); Statement st = c.createStatement()) {
			Map<String, Long> positions = new LinkedHashMap<>();
			Map<String, Boolean> erased = new LinkedHashMap<>();
			try (ResultSet rs = st
				.executeQuery("select external_id, timeline_id, erased from activities order by external_id")) {
				while (rs.next()) {
					positions.put(rs.getString(1), rs.getLong(2));
					erased.put(rs.getString(1), rs.getBoolean(3));
				}
			}
			assertThat(positions.get("pv-1")).isEqualTo(copies.get("activity:pv-1"));
			assertThat(positions.get("pv-2")).isEqualTo(copies.get("activity:pv-2"));
			// bob's copies, in the order written, to his activities in the order received
			assertThat(positions.get("eo-1")).isEqualTo(copies.get("activity:null") - 1);
			assertThat(positions.get("eo-2")).isEqualTo(copies.get("activity:null"));
			assertThat(erased).containsEntry("pv-1", false).containsEntry("eo-1", true).containsEntry("eo-2", true);
			try (ResultSet rs = st.executeQuery("select count(*) filter (where kind = 'activity'), count(*), "
					+ "nextval('timeline_positions') from timeline_entries")) {
				rs.next();
				assertThat(rs.getLong(1)).isZero();
				assertThat(rs.getLong(2)).isEqualTo(2);
				assertThat(rs.getLong(3)).isGreaterThan(last);
			}
		}
		postgres.dropDatabase(DATABASE);
	}

	private static void activity(Statement st, UUID tenant, UUID person, String id, String type, String at,
			String properties) throws SQLException {
		st.execute("insert into activities (tenant_id, id, source, external_id, type, occurred_at, received_at, "
				+ "person_id, properties) values ('" + tenant + "', gen_random_uuid(), 'web', '" + id + "', '" + type
				+ "', '" + at + "', clock_timestamp(), '" + person + "', '" + properties + "')");
	}

	private static void entry(Statement st, UUID tenant, UUID person, String at, String kind, String type, String data)
			throws SQLException {
		st.execute("insert into timeline_entries (tenant_id, person_id, at, kind, type, summary, data) values ('"
				+ tenant + "', '" + person + "', '" + at + "', '" + kind + "', '" + type + "', '" + type + "', '" + data
				+ "')");
	}

}
