package io.revcycle.routing;

import java.sql.Timestamp;
import java.time.Instant;
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
 * The routing feature alone with what it depends on, driven by the stage event it reacts
 * to: a new MQL without an owner goes to the eligible rep with the fewest assignments per
 * unit of weight, and a rep who is away takes none.
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
class RoutingStageReactionsTests {

	private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private People people;

	@Test
	void newMqlsGoRoundTheRepsByWeightAndAnOwnedPersonKeepsItsOwner(Scenario scenario) {
		UUID tenant = tenant();
		UUID first = rep(tenant, "first@reps.example.com", 1, false, AT.minusSeconds(60));
		UUID second = rep(tenant, "second@reps.example.com", 1, false, AT.minusSeconds(30));
		UUID ann = person(tenant, "ann@buyer.example.com");
		UUID bob = person(tenant, "bob@buyer.example.com");
		TenantContext.runAs(tenant, () -> {
			scenario.publish(mql(tenant, ann))
				.andWaitForEventOfType(OwnerAssigned.class)
				.matching((assigned) -> assigned.personId().equals(ann))
				.toArriveAndVerify((assigned) -> {
					assertThat(assigned.ownerId()).isEqualTo(first);
					assertThat(assigned.previousOwnerId()).isNull();
					assertThat(assigned.reason()).isEqualTo("round robin, weighted round robin");
				});
			scenario.publish(mql(tenant, bob))
				.andWaitForEventOfType(OwnerAssigned.class)
				.matching((assigned) -> assigned.personId().equals(bob))
				.toArriveAndVerify((assigned) -> assertThat(assigned.ownerId()).isEqualTo(second));
		});
		assertThat(owner(tenant, ann)).isEqualTo(first);
		assertThat(owner(tenant, bob)).isEqualTo(second);
	}

	@Test
	void aRepWhoIsAwayTakesNoneAndWithNobodyEligibleTheMqlWaitsUnowned(Scenario scenario) {
		UUID tenant = tenant();
		UUID away = rep(tenant, "away@reps.example.com", 5, true, AT.minusSeconds(60));
		UUID present = rep(tenant, "present@reps.example.com", 1, false, AT.minusSeconds(30));
		UUID carol = person(tenant, "carol@buyer.example.com");
		TenantContext.runAs(tenant,
				() -> scenario.publish(mql(tenant, carol))
					.andWaitForEventOfType(OwnerAssigned.class)
					.matching((assigned) -> assigned.personId().equals(carol))
					.toArriveAndVerify((assigned) -> assertThat(assigned.ownerId()).isEqualTo(present)));
		assertThat(owner(tenant, carol)).isNotEqualTo(away);
		TenantContext.runAs(tenant, () -> this.transactions.executeWithoutResult(
				(status) -> this.jdbc.update("update routing_reps set away = true where user_id = ?", present)));
		UUID dan = person(tenant, "dan@buyer.example.com");
		TenantContext.runAs(tenant,
				() -> scenario.publish(mql(tenant, dan))
					.andWaitForStateChange(() -> unassignedNotes(tenant, dan), (kinds) -> kinds > 0)
					.andVerify((kinds) -> assertThat(kinds).isEqualTo(1)));
		assertThat(owner(tenant, dan)).isNull();
	}

	private static StageEntered mql(UUID tenant, UUID person) {
		return new StageEntered(tenant, person, "MQL", "Target", AT, "score", "system");
	}

	private UUID tenant() {
		UUID id = UUID.randomUUID();
		this.jdbc.update("insert into tenants (id, slug, company, status) values (?, ?, ?, 'ACTIVE')", id,
				"routing-module-" + id.toString().substring(0, 8), "Routing module test");
		return id;
	}

	private UUID rep(UUID tenant, String email, int weight, boolean away, Instant created) {
		UUID id = UUID.randomUUID();
		TenantContext.runAs(tenant, () -> this.transactions.executeWithoutResult((status) -> {
			this.jdbc.update("insert into tenant_users (tenant_id, id, email, roles, created_at) "
					+ "values (?, ?, ?, array['sdr'], ?)", tenant, id, email, Timestamp.from(created));
			this.jdbc.update("insert into routing_reps (tenant_id, user_id, weight, away) values (?, ?, ?, ?)", tenant,
					id, weight, away);
		}));
		return id;
	}

	private UUID person(UUID tenant, String email) {
		UUID id = UUID.randomUUID();
		TenantContext.runAs(tenant,
				() -> this.transactions.executeWithoutResult((status) -> this.people.save(new Person(id, email, AT))));
		return id;
	}

	private UUID owner(UUID tenant, UUID person) {
		return TenantContext.callAs(tenant, () -> this.transactions
			.execute((status) -> this.people.findById(person).map(Person::ownerId).orElse(null)));
	}

	/** How many "no rep could take this MQL" entries the person's timeline holds. */
	private int unassignedNotes(UUID tenant, UUID person) {
		return TenantContext.callAs(tenant,
				() -> this.transactions.execute((status) -> this.jdbc.queryForObject(
						"select count(*) from timeline_entries where person_id = ? and type = 'owner_unassigned'",
						Integer.class, person)));
	}

}
