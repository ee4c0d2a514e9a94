package io.revcycle.kernel;

import java.util.List;

import io.revcycle.ApiTest;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job that grows a tenant by orders of magnitude refreshes the planner's statistics as
 * it goes, through the application's own connection (the role that may not ANALYZE tables
 * it does not own): afterwards the planner knows the tenant's size instead of expecting
 * one row of it.
 */
class StatisticsTests extends ApiTest {

	@Autowired
	private Statistics statistics;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TransactionTemplate tx;

	@Test
	void aJobRefreshesAtFiveThousandAndEachTenfoldAfter() {
		assertThat(Statistics.due(0, 4_999)).isFalse();
		assertThat(Statistics.due(4_000, 5_000)).isTrue();
		assertThat(Statistics.due(5_000, 6_000)).isFalse();
		assertThat(Statistics.due(49_000, 50_000)).isTrue();
		assertThat(Statistics.due(50_000, 499_999)).isFalse();
		assertThat(Statistics.due(499_000, 500_999)).isTrue();
		assertThat(Statistics.due(0, 1_000_000)).as("one step over several thresholds").isTrue();
		assertThat(Statistics.due(5_000_001, 49_000_000)).isFalse();
	}

	@Test
	void aTenantGrownByAJobIsPlannedBySizeAfterTheRefresh() {
		SignedUp big = TestTenants.signUp(this.api, "statistics-big");
		TenantContext.runAs(big.id(),
				() -> this.tx.executeWithoutResult((status) -> this.jdbc.update(
						"insert into persons (tenant_id, id, stage, created_at, updated_at) "
								+ "select ?, gen_random_uuid(), 'Known', now(), now() from generate_series(1, 30000)",
						big.id())));
		assertThat(this.statistics.refreshAt(4_000, 5_000)).isTrue();
		assertThat(this.statistics.refreshAt(5_000, 6_000)).as("no threshold passed").isFalse();

		List<String> plan = TenantContext.callAs(big.id(), () -> this.tx.execute((status) -> this.jdbc
			.queryForList("explain select id from persons where tenant_id = ?", String.class, big.id())));
		long expected = plan.stream()
			.map((line) -> line.replaceAll(".*rows=(\\d+).*", "$1"))
			.filter((rows) -> rows.matches("\\d+"))
			.mapToLong(Long::parseLong)
			.max()
			.orElse(0);
		// without the refresh the planner expects a row or so of a tenant the statistics
		// do not know (the statistics themselves are hidden from the row-secured role)
		assertThat(expected).as("rows the planner expects of the tenant: " + plan).isGreaterThan(10_000);
	}

}
