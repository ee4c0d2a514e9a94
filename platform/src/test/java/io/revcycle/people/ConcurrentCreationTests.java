package io.revcycle.people;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.revcycle.ApiTest;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two calls that create the same new people and accounts at once take turns: the second
 * waits for the first to commit and then finds what it created, instead of failing on the
 * unique index (and, through the event API, doing its whole batch again, up to a 500 when
 * the other kept creating). Another tenant's same email never waits.
 */
class ConcurrentCreationTests extends ApiTest {

	@Autowired
	private IdentityResolution identities;

	@Autowired
	private TransactionTemplate tx;

	@Autowired
	private JdbcTemplate jdbc;

	private static IdentityResolution.Claim claim(String email) {
		return new IdentityResolution.Claim(email, null, null, null, null, null, "web", null,
				new IdentityResolution.AccountClaim(email.substring(email.indexOf('@') + 1), null, null, null, null,
						null),
				Instant.parse("2026-11-02T10:00:00Z"));
	}

	/** Resolves in a transaction of its own; holds it open until {@code release}. */
	private Person resolve(SignedUp tenant, String email, CountDownLatch resolved, CountDownLatch release) {
		return resolve(tenant, List.of(email), resolved, release);
	}

	private Person resolve(SignedUp tenant, List<String> emails, CountDownLatch resolved, CountDownLatch release) {
		return TenantContext.callAs(tenant.id(), () -> this.tx.execute((status) -> {
			Person person = this.identities.resolve(emails.stream().map(ConcurrentCreationTests::claim).toList())
				.persons()
				.get(0);
			resolved.countDown();
			try {
				assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
			return person;
		}));
	}

	@Test
	void aSecondCallCreatingTheSamePersonWaitsAndFindsIt() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "turns");
		SignedUp other = TestTenants.signUp(this.api, "turns-other");
		ExecutorService calls = Executors.newFixedThreadPool(3);
		try {
			CountDownLatch firstResolved = new CountDownLatch(1);
			CountDownLatch releaseFirst = new CountDownLatch(1);
			Future<Person> first = calls
				.submit(() -> resolve(tenant, "new@turns.example", firstResolved, releaseFirst));
			assertThat(firstResolved.await(60, TimeUnit.SECONDS)).isTrue();

			// the first holds its new person and account uncommitted; the second waits
			Future<Person> second = calls
				.submit(() -> resolve(tenant, "new@turns.example", new CountDownLatch(1), new CountDownLatch(0)));
			waitUntilSomeoneWaitsForALock();
			assertThat(second.isDone()).isFalse();

			// another tenant's same email and domain do not wait for the first
			Person theirs = calls
				.submit(() -> resolve(other, "new@turns.example", new CountDownLatch(1), new CountDownLatch(0)))
				.get(60, TimeUnit.SECONDS);

			releaseFirst.countDown();
			Person created = first.get(60, TimeUnit.SECONDS);
			Person found = second.get(60, TimeUnit.SECONDS);
			assertThat(found.id()).isEqualTo(created.id());
			assertThat(found.accountId()).isNotNull().isEqualTo(created.accountId());
			assertThat(theirs.id()).isNotEqualTo(created.id());
			assertThat(theirs.accountId()).isNotEqualTo(created.accountId());
		}
		finally {
			calls.shutdownNow();
		}
		assertThat(countAs(tenant, "select count(*) from persons")).isEqualTo(1);
		assertThat(countAs(tenant, "select count(*) from accounts")).isEqualTo(1);
		assertThat(countAs(other, "select count(*) from persons")).isEqualTo(1);
	}

	@Test
	void fewNewPeopleWaitOnlyForTheSameAndManyForTheWholeTenant() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "turns-many");
		ExecutorService calls = Executors.newFixedThreadPool(2);
		try {
			// a call creating one person does not hold off another creating someone else
			CountDownLatch oneResolved = new CountDownLatch(1);
			CountDownLatch releaseOne = new CountDownLatch(1);
			Future<Person> one = calls.submit(() -> resolve(tenant, "one@turns.example", oneResolved, releaseOne));
			assertThat(oneResolved.await(60, TimeUnit.SECONDS)).isTrue();
			Person two = calls.submit(
					() -> resolve(tenant, List.of("two@other.example"), new CountDownLatch(1), new CountDownLatch(0)))
				.get(60, TimeUnit.SECONDS);
			releaseOne.countDown();
			assertThat(one.get(60, TimeUnit.SECONDS).id()).isNotEqualTo(two.id());

			// one creating more people than it takes turns for one by one holds off every
			// other call creating in the tenant until it commits
			List<String> many = new ArrayList<>();
			for (int i = 0; i <= IdentityResolution.MOST_TURNS; i++) {
				many.add("many" + i + "@turns.example");
			}
			CountDownLatch manyResolved = new CountDownLatch(1);
			CountDownLatch releaseMany = new CountDownLatch(1);
			Future<Person> bulk = calls.submit(() -> resolve(tenant, many, manyResolved, releaseMany));
			assertThat(manyResolved.await(60, TimeUnit.SECONDS)).isTrue();
			Future<Person> three = calls.submit(() -> resolve(tenant, List.of("three@third.example"),
					new CountDownLatch(1), new CountDownLatch(0)));
			waitUntilSomeoneWaitsForALock();
			assertThat(three.isDone()).isFalse();
			releaseMany.countDown();
			assertThat(bulk.get(60, TimeUnit.SECONDS).email()).isEqualTo("many0@turns.example");
			assertThat(three.get(60, TimeUnit.SECONDS).email()).isEqualTo("three@third.example");
		}
		finally {
			calls.shutdownNow();
		}
		assertThat(countAs(tenant, "select count(*) from persons")).isEqualTo(2 + IdentityResolution.MOST_TURNS + 2);
	}

	@Test
	void concurrentBatchesOfOverlappingNewPeopleAreAllAccepted() throws Exception {
		// two clients post batches of mostly the same new people at once, many times:
		// each
		// batch is accepted, and each email is one person
		SignedUp tenant = TestTenants.signUp(this.api, "turns-batches");
		ExecutorService clients = Executors.newFixedThreadPool(2);
		try {
			List<Future<Set<String>>> running = new ArrayList<>();
			for (int c = 0; c < 2; c++) {
				int client = c;
				running.add(clients.submit(() -> {
					Set<String> persons = new HashSet<>();
					for (int b = 0; b < 8; b++) {
						List<Map<String, Object>> events = new ArrayList<>();
						for (int p = 0; p < 60; p++) {
							int person = b * 40 + p;
							Map<String, Object> event = new LinkedHashMap<>();
							event.put("type", "page_view");
							event.put("occurredAt", "2026-11-02T10:00:00Z");
							event.put("source", "web");
							event.put("externalId", "c" + client + "-b" + b + "-p" + p);
							event.put("person", Map.of("email", "p" + person + "@co" + (person % 7) + ".example"));
							events.add(event);
						}
						ApiClient.Response response = this.api.post("/api/v1/events", Map.of("events", events),
								tenant.auth());
						assertThat(response.status()).as(response.toString()).isEqualTo(200);
						response.json().get("results").forEach((r) -> persons.add(r.get("personId").asString()));
					}
					return persons;
				}));
			}
			Set<String> persons = new HashSet<>();
			for (Future<Set<String>> f : running) {
				persons.addAll(f.get(300, TimeUnit.SECONDS));
			}
			// people 0 to 339, each one person whichever client created it
			assertThat(persons).hasSize(340);
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(countAs(tenant, "select count(*) from persons")).isEqualTo(340);
		assertThat(countAs(tenant, "select count(*) from accounts")).isEqualTo(7);
		assertThat(countAs(tenant, "select count(*) from activities")).isEqualTo(2 * 8 * 60);
	}

	private long countAs(SignedUp tenant, String sql) {
		return TenantContext.callAs(tenant.id(),
				() -> this.tx.execute((status) -> this.jdbc.queryForObject(sql, Long.class)));
	}

	private void waitUntilSomeoneWaitsForALock() throws InterruptedException {
		for (int i = 0; i < 600; i++) {
			Long waiting = this.jdbc.queryForObject(
					"select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
					Long.class);
			if (waiting != null && waiting > 0) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("the second call never waited for the first");
	}

}
