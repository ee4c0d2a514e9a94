package io.revcycle.sla;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.revcycle.cycle.StageEntered;
import io.revcycle.people.People;
import io.revcycle.people.Person;
import io.revcycle.secrets.TestKeys;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.UsesRealServices;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sla feature alone with what it depends on, driven by the stage events it reacts to:
 * entering a stage with an SLA opens a timer due by the policy's business time, and
 * leaving the stage closes it, met when before its due time.
 * <p>
 * The features' boundaries are verified once, by {@code ModularityTests}, which knows
 * that the plugin API and host are libraries rather than features.
 */
@ApplicationModuleTest(mode = ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES, verifyAutomatically = false)
@UsesRealServices
// no background work: this context shares the database with the whole-platform tests, and
// is
// closed after its tests so that nothing of it runs beside theirs
@TestPropertySource(properties = { "revcycle.sla.poll-interval=PT1H", "revcycle.outbox.poll-interval=PT1H",
		"revcycle.connectors.poll-interval=PT1H", "revcycle.scoring.decay-interval=PT1H",
		"revcycle.scoring.decay-initial-delay=PT1H", "revcycle.tenancy.organization-check-delay=PT1H",
		"revcycle.webhooks.allow-private-targets=true", "revcycle.connectors.extra-allowed-hosts=localhost,127.0.0.1",
		"revcycle.secrets.keyset=" + TestKeys.KEYSET_B_PRIMARY_A, "revcycle.secrets.key=" + TestKeys.LEGACY_KEY })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SlaStageReactionsTests {

	/**
	 * A Wednesday inside the default business hours (09:00 to 17:00 UTC), years ahead: a
	 * due time in the past would be breached by any SLA clock running beside the test.
	 */
	private static final Instant WEDNESDAY_10AM = Instant.parse("2037-12-02T10:00:00Z");

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private People people;

	/** One timer as stored, for the assertions. */
	record Row(String stage, String status, Instant dueAt, Instant closedAt) {
	}

	@Test
	void enteringAnMqlOpensATimerDueFourBusinessHoursLater(Scenario scenario) {
		UUID tenant = tenant();
		UUID person = person(tenant);
		TenantContext.runAs(tenant,
				() -> scenario
					.publish(new StageEntered(tenant, person, "MQL", "Known", WEDNESDAY_10AM, "score", "system"))
					.andWaitForStateChange(() -> timers(tenant, person), (rows) -> !rows.isEmpty())
					.andVerify((rows) -> assertThat(rows)
						.containsExactly(new Row("MQL", "OPEN", Instant.parse("2037-12-02T14:00:00Z"), null))));
	}

	@Test
	void leavingTheStageBeforeTheDueTimeMeetsTheTimerAndTheNextStageOpensItsOwn(Scenario scenario) {
		UUID tenant = tenant();
		UUID person = person(tenant);
		Instant accepted = WEDNESDAY_10AM.plusSeconds(3600);
		TenantContext.runAs(tenant, () -> {
			scenario.publish(new StageEntered(tenant, person, "MQL", "Known", WEDNESDAY_10AM, "score", "system"))
				.andWaitForStateChange(() -> timers(tenant, person), (rows) -> rows.size() == 1)
				.andVerify((rows) -> assertThat(rows).extracting(Row::status).containsExactly("OPEN"));
			scenario.publish(new StageEntered(tenant, person, "SAL", "MQL", accepted, "action:accept", "system"))
				.andWaitForStateChange(() -> timers(tenant, person), (rows) -> rows.size() == 2)
				.andVerify((rows) -> assertThat(rows).containsExactly(
						new Row("MQL", "MET", Instant.parse("2037-12-02T14:00:00Z"), accepted),
						// SAL: 24 hours of calendar time
						new Row("SAL", "OPEN", accepted.plusSeconds(24 * 3600), null)));
		});
	}

	@Test
	void aStageWithoutAPolicyClosesTheOpenTimerAsBreachedWhenLateAndOpensNone(Scenario scenario) {
		UUID tenant = tenant();
		UUID person = person(tenant);
		Instant late = Instant.parse("2037-12-03T10:00:00Z");
		TenantContext.runAs(tenant, () -> {
			scenario.publish(new StageEntered(tenant, person, "MQL", "Known", WEDNESDAY_10AM, "score", "system"))
				.andWaitForStateChange(() -> timers(tenant, person), (rows) -> rows.size() == 1)
				.andVerify((rows) -> assertThat(rows).hasSize(1));
			scenario.publish(new StageEntered(tenant, person, "Disqualified", "MQL", late, "action:reject", "system"))
				.andWaitForStateChange(() -> timers(tenant, person), (rows) -> rows.get(0).closedAt() != null)
				.andVerify((rows) -> assertThat(rows)
					.containsExactly(new Row("MQL", "BREACHED", Instant.parse("2037-12-02T14:00:00Z"), late)));
		});
	}

	private UUID tenant() {
		UUID id = UUID.randomUUID();
		this.jdbc.update("insert into tenants (id, slug, company, status) values (?, ?, ?, 'ACTIVE')", id,
				"sla-module-" + id.toString().substring(0, 8), "SLA module test");
		return id;
	}

	private UUID person(UUID tenant) {
		UUID id = UUID.randomUUID();
		TenantContext.runAs(tenant, () -> this.transactions.executeWithoutResult(
				(status) -> this.people.save(new Person(id, "lead-" + id + "@buyer.example.com", WEDNESDAY_10AM))));
		return id;
	}

	/** The person's timers, oldest first, read as the tenant. */
	private List<Row> timers(UUID tenant, UUID person) {
		return TenantContext.callAs(tenant, () -> this.transactions.execute((status) -> this.jdbc.query(
				"select stage, status, due_at, closed_at from sla_timers where person_id = ? order by opened_at",
				(rs, row) -> new Row(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
						instant(rs.getTimestamp(4))),
				person)));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
