package io.revcycle.people;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.revcycle.ApiTest;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An account's firmographics as events describe it: a value given replaces the known one,
 * a missing one keeps it, and an event that repeats what is known neither writes the
 * account (its row version stays: no lock is taken that a concurrent batch would wait
 * for) nor moves its {@code updatedAt}.
 */
class AccountDescriptionTests extends ApiTest {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate tx;

	private JsonNode post(SignedUp tenant, String id, Instant at, Map<String, Object> account) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "page_view");
		event.put("occurredAt", at.toString());
		event.put("source", "web");
		event.put("externalId", id);
		event.put("person", Map.of("email", "ann@initech.com"));
		event.put("account", account);
		ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", List.of(event)), tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private String rowVersion(SignedUp tenant, String account) {
		return TenantContext.callAs(tenant.id(), () -> this.tx.execute((status) -> this.jdbc
			.queryForObject("select xmin::text from accounts where id = ?::uuid", String.class, account)));
	}

	@Test
	void anAccountIsWrittenOnlyWhenItsDescriptionChanges() {
		SignedUp tenant = TestTenants.signUp(this.api, "account-description");
		Instant t = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
		Map<String, Object> initech = Map.of("domain", "initech.com", "name", "Initech", "industry", "Software",
				"employees", 200, "annualRevenue", 1000000);
		String person = post(tenant, "e-1", t, initech).get("results").get(0).get("personId").asString();
		String id = this.api.get("/api/v1/people/" + person, tenant.auth()).json().get("accountId").asString();
		JsonNode first = this.api.get("/api/v1/accounts/" + id, tenant.auth()).json();
		assertThat(first.get("industry").asString()).isEqualTo("Software");
		assertThat(Instant.parse(first.get("updatedAt").asString())).isEqualTo(t);
		String version = rowVersion(tenant, id);

		// the same again, the revenue at another scale, and only some of it: nothing
		// changes
		post(tenant, "e-2", t.plusSeconds(60), Map.of("domain", "initech.com", "name", "Initech", "industry",
				"Software", "employees", 200, "annualRevenue", "1000000.00"));
		post(tenant, "e-3", t.plusSeconds(120), Map.of("domain", "initech.com", "industry", "Software"));
		assertThat(rowVersion(tenant, id)).isEqualTo(version);
		assertThat(
				Instant.parse(this.api.get("/api/v1/accounts/" + id, tenant.auth()).json().get("updatedAt").asString()))
			.isEqualTo(t);

		// a new value: written, the rest kept
		post(tenant, "e-4", t.plusSeconds(180), Map.of("domain", "initech.com", "employees", 250));
		JsonNode changed = this.api.get("/api/v1/accounts/" + id, tenant.auth()).json();
		assertThat(rowVersion(tenant, id)).isNotEqualTo(version);
		assertThat(changed.get("employees").asInt()).isEqualTo(250);
		assertThat(changed.get("industry").asString()).isEqualTo("Software");
		assertThat(changed.get("name").asString()).isEqualTo("Initech");
		assertThat(Instant.parse(changed.get("updatedAt").asString())).isEqualTo(t.plusSeconds(180));

		// another tenant describing the same domain has an account of its own
		SignedUp other = TestTenants.signUp(this.api, "account-description-other");
		post(other, "e-1", t, Map.of("domain", "initech.com", "industry", "Retail"));
		assertThat(this.api.get("/api/v1/accounts/" + id, other.auth()).status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/accounts/" + id, tenant.auth()).json().get("industry").asString())
			.isEqualTo("Software");
	}

}
