package io.revcycle.people;

import java.util.List;
import java.util.Map;

import io.revcycle.ApiTest;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.jpa.repository.Query;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People by email and accounts by domain are found through their unique indexes under
 * row-level security, as the platform's own role: a condition on {@code lower(email)}
 * could not use one there ({@code lower} is not leakproof, so it runs after the tenant
 * policy), and every lookup scanned all of the tenant's rows. The plans are read with
 * sequential scans discouraged, so a usable index is always chosen; the answers are
 * checked through the API, another tenant's included.
 */
class LookupIndexTests extends ApiTest {

	@Autowired
	private TransactionTemplate tx;

	@Autowired
	private JdbcTemplate jdbc;

	private String plan(SignedUp tenant, String sql, Object... arguments) {
		return TenantContext.callAs(tenant.id(), () -> this.tx.execute((status) -> {
			assertThat(this.jdbc.queryForObject("select current_user", String.class)).isEqualTo("revcycle_app");
			this.jdbc.execute("set local enable_seqscan = off");
			return String.join("\n", this.jdbc.queryForList("explain " + sql, String.class, arguments));
		}));
	}

	/** A repository's query, its one parameter written out as given. */
	private static String query(Class<?> repository, String method, String parameter) {
		for (java.lang.reflect.Method m : repository.getMethods()) {
			if (m.getName().equals(method)) {
				return m.getAnnotation(Query.class).value().replace("?1", parameter);
			}
		}
		throw new IllegalArgumentException(method);
	}

	@Test
	void emailsAndDomainsAreLookedUpByIndex() {
		SignedUp tenant = TestTenants.signUp(this.api, "lookups");
		SignedUp other = TestTenants.signUp(this.api, "lookups-other");
		Map<String, Object> event = Map.of("type", "page_view", "occurredAt", "2026-11-02T10:00:00Z", "source", "web",
				"externalId", "pv-1", "person", Map.of("email", "Ann@Initech.com"), "account",
				Map.of("domain", "Initech.com"));
		assertThat(this.api.post("/api/v1/events", Map.of("events", List.of(event)), tenant.auth()).status())
			.isEqualTo(200);

		// a tenant of some size (on a handful of rows any plan is as good as another)
		TenantContext.callAs(tenant.id(), () -> this.tx.execute((status) -> this.jdbc.update(
				"insert into persons (tenant_id, id, email, stage, created_at, updated_at) select ?, gen_random_uuid(), "
						+ "'filler' || g || '@lookups.example', 'Known', now(), now() from generate_series(1, 3000) g",
				tenant.id())));
		TenantContext
			.callAs(tenant.id(), () -> this.tx.execute((status) -> this.jdbc.update(
					"insert into accounts (tenant_id, id, domain, created_at, updated_at) select ?, gen_random_uuid(), "
							+ "'filler' || g || '.example', now(), now() from generate_series(1, 3000) g",
					tenant.id())));
		// with statistics that know it (as the jobs that grow a tenant take them)
		TenantContext.callAs(tenant.id(),
				() -> this.tx.execute((status) -> this.jdbc.queryForList("select revcycle_refresh_statistics()")));
		// identity resolution's and the accounts' lookups, as the repositories have them
		// (the people search's email condition is findByEmail's)
		assertThat(plan(tenant, query(People.class, "lockByEmails", "?, ?"), "ann@initech.com", "bob@initech.com"))
			.containsPattern("Index Cond: .*email_key = ANY")
			.contains("persons_email");
		assertThat(plan(tenant, query(People.class, "findByEmail", "?"), "ANN@initech.com"))
			.containsPattern("Index Cond: .*email_key = 'ann@initech.com'")
			.contains("persons_email");
		assertThat(plan(tenant, query(Accounts.class, "findByDomains", "?, ?"), "initech.com", "globex.com"))
			.containsPattern("Index Cond: .*domain_key = ANY")
			.contains("accounts_domain");
		// as it was: lower() applied to every row of the tenant, after the policy
		assertThat(plan(tenant, "select * from persons where lower(email) in (?, ?)", "ann@initech.com",
				"bob@initech.com"))
			.containsPattern("Filter: .*lower\\(email\\)")
			.doesNotContainPattern("Index Cond: .*email");

		// found in any case, and only in the tenant's own
		String person = this.api.get("/api/v1/people?email=ANN@initech.COM", tenant.auth())
			.json()
			.get("items")
			.get(0)
			.get("id")
			.asString();
		assertThat(this.api.get("/api/v1/people/" + person, tenant.auth()).json().get("email").asString())
			.isEqualTo("ann@initech.com");
		assertThat(this.api.get("/api/v1/people?email=ann@initech.com", other.auth()).json().get("items").size())
			.isZero();
		assertThat(this.api.get("/api/v1/people/" + person, other.auth()).status()).isEqualTo(404);
		Map<String, Object> again = Map.of("type", "email_opened", "occurredAt", "2026-11-02T10:05:00Z", "source",
				"web", "externalId", "eo-1", "person", Map.of("email", "ANN@initech.com"), "account",
				Map.of("domain", "INITECH.com"));
		assertThat(this.api.post("/api/v1/events", Map.of("events", List.of(again)), tenant.auth())
			.json()
			.get("results")
			.get(0)
			.get("personId")
			.asString()).isEqualTo(person);
		Long accounts = TenantContext.callAs(tenant.id(), () -> this.tx.execute((status) -> this.jdbc
			.queryForObject("select count(*) from accounts where domain like '%initech%'", Long.class)));
		assertThat(accounts).isEqualTo(1L);
	}

}
