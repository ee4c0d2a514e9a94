package io.revcycle.people;

import java.util.UUID;

import io.revcycle.ApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unassigned queue's query reads the partial index {@code persons_unassigned_mql}
 * also under a generic prepared plan (what the JDBC driver uses after a few executions):
 * because it names {@code 'MQL'} literally. The same query with the stage as a parameter
 * cannot use it, which is what this guards against.
 */
class UnassignedMqlsPlanTests extends ApiTest {

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private PlatformTransactionManager transactions;

	@Test
	void theQueueUsesThePartialIndexUnderAGenericPlan() {
		String query = UnassignedMqls.SQL.replace("p.tenant_id = ?", "p.tenant_id = $1")
				+ " order by p.stage_entered_at, p.id limit $2";
		assertThat(genericPlan(query, "uuid, int", "50")).contains("persons_unassigned_mql");
		String parameterised = query.replace("p.stage = 'MQL'", "p.stage = $3");
		assertThat(genericPlan(parameterised, "uuid, int, text", "50, 'MQL'"))
			.as("a bind parameter for the stage hides the partial index from a generic plan")
			.doesNotContain("persons_unassigned_mql");
	}

	private String genericPlan(String query, String types, String arguments) {
		return new TransactionTemplate(this.transactions).execute((status) -> {
			// seq scans off: on a small test table the planner would rightly prefer one
			this.jdbc.execute("set local enable_seqscan = off");
			this.jdbc.execute("set local plan_cache_mode = force_generic_plan");
			this.jdbc.execute("prepare unassigned_plan (" + types + ") as " + query);
			String plan = String.join("\n", this.jdbc.queryForList(
					"explain execute unassigned_plan ('" + UUID.randomUUID() + "', " + arguments + ")", String.class));
			this.jdbc.execute("deallocate unassigned_plan");
			return plan;
		});
	}

}
