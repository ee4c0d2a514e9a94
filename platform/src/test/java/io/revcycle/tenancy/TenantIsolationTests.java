package io.revcycle.tenancy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.ApiTest;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import io.revcycle.testsupport.TestServices;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Isolation enforced twice: through the API (Hibernate's tenant filter) and underneath it
 * (PostgreSQL row-level security), proven with two real tenants, real Keycloak tokens and
 * native SQL.
 */
class TenantIsolationTests extends ApiTest {

	@Autowired
	TransactionTemplate tx;

	@Autowired
	EntityManager entityManager;

	@Test
	void secondTenantSeesNothingOfTheFirst() {
		SignedUp a = TestTenants.signUp(this.api, "acme");
		SignedUp b = TestTenants.signUp(this.api, "globex");

		ApiClient.Response created = this.api.post("/api/v1/people",
				Map.of("email", "Jane.Doe@Example.com", "firstName", "Jane", "lastName", "Doe"), a.auth());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String personId = created.json().get("id").asString();
		assertThat(created.json().get("email").asString()).isEqualTo("jane.doe@example.com");
		assertThat(created.json().get("stage").asString()).isEqualTo("Known");

		assertThat(this.api.get("/api/v1/people/" + personId, a.auth()).status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/people?email=jane.doe@example.com", a.auth()).json().get("items").size())
			.isEqualTo(1);

		ApiClient.Response foreign = this.api.get("/api/v1/people/" + personId, b.auth());
		assertThat(foreign.status()).isEqualTo(404);
		assertThat(foreign.contentType()).startsWith("application/problem+json");
		ApiClient.Response missing = this.api.get("/api/v1/people/" + UUID.randomUUID(), b.auth());
		assertThat(missing.status()).isEqualTo(404);
		assertThat(foreign.json().get("title")).isEqualTo(missing.json().get("title"));

		assertThat(this.api.get("/api/v1/people", b.auth()).json().get("items").size()).isZero();
		assertThat(this.api.get("/api/v1/people?email=jane.doe@example.com", b.auth()).json().get("items").size())
			.isZero();
		// the same email is free in another tenant
		assertThat(this.api.post("/api/v1/people", Map.of("email", "jane.doe@example.com"), b.auth()).status())
			.isEqualTo(201);

		// Below Hibernate: raw SQL inside tenant B's transaction, even naming tenant A
		// outright, sees no row of A.
		UUID id = UUID.fromString(personId);
		assertThat(nativeCount(b.id(), "select count(*) from persons where id = '" + id + "'")).isZero();
		assertThat(nativeCount(b.id(), "select count(*) from persons where tenant_id = '" + a.id() + "'")).isZero();
		assertThat(nativeCount(a.id(), "select count(*) from persons where id = '" + id + "'")).isEqualTo(1);
		// and with no tenant at all, nothing
		assertThat(nativeCountWithoutTenant("select count(*) from persons")).isZero();
		assertThat(nativeCountWithoutTenant("select count(*) from api_keys")).isZero();
		assertThat(nativeCountWithoutTenant("select count(*) from tenant_users")).isZero();
	}

	@Test
	void rowLevelSecurityAlsoRefusesWritesIntoAnotherTenant() {
		SignedUp a = TestTenants.signUp(this.api, "initech");
		SignedUp b = TestTenants.signUp(this.api, "hooli");
		assertThatThrownBy(() -> TenantContext.runAs(b.id(),
				() -> this.tx.executeWithoutResult((status) -> this.entityManager
					.createNativeQuery("insert into persons (tenant_id, id, email, stage, created_at, updated_at) "
							+ "values (?1, ?2, 'x@example.com', 'Known', now(), now())")
					.setParameter(1, a.id())
					.setParameter(2, UUID.randomUUID())
					.executeUpdate())))
			.hasStackTraceContaining("row-level security");
		assertThat(nativeCount(a.id(), "select count(*) from persons")).isZero();
	}

	@Test
	void theApplicationRoleCannotBypassRowLevelSecurity() {
		List<?> role = this.tx.execute((status) -> this.entityManager
			.createNativeQuery("select rolsuper, rolbypassrls from pg_roles where rolname = current_user")
			.getResultList());
		assertThat(role).hasSize(1);
		assertThat((Object[]) role.get(0)).containsExactly(false, false);
		assertThat(TestServices.database().appUser()).isNotEqualTo(TestServices.database().ownerUser());
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyTenantOwnedTableForcesRowLevelSecurityAndLeadsItsKeyWithTheTenant() {
		List<Object[]> tables = this.tx.execute((status) -> this.entityManager.createNativeQuery("""
				select c.relname, c.relrowsecurity, c.relforcerowsecurity,
				       (select count(*) from pg_policy p where p.polrelid = c.oid),
				       (select a.attname from pg_index i join pg_attribute a
				          on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
				        where i.indrelid = c.oid and i.indisprimary)
				from pg_class c join pg_namespace n on n.oid = c.relnamespace
				where n.nspname = 'public' and c.relkind = 'r'
				  and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')
				""").getResultList());
		assertThat(tables).extracting((row) -> row[0]).contains("persons", "api_keys", "tenant_users");
		for (Object[] table : tables) {
			assertThat(table[1]).as("row security on %s", table[0]).isEqualTo(true);
			assertThat(table[2]).as("forced row security on %s", table[0]).isEqualTo(true);
			assertThat(((Number) table[3]).intValue()).as("policies on %s", table[0]).isPositive();
			assertThat(table[4]).as("first primary key column of %s", table[0]).isEqualTo("tenant_id");
		}
	}

	private long nativeCount(UUID tenant, String sql) {
		return TenantContext.callAs(tenant, () -> nativeCountWithoutTenant(sql));
	}

	private long nativeCountWithoutTenant(String sql) {
		return this.tx
			.execute((status) -> ((Number) this.entityManager.createNativeQuery(sql).getSingleResult()).longValue());
	}

}
