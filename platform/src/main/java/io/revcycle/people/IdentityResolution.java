package io.revcycle.people;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.revcycle.tenancy.TenantContext;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds or creates the person (and account) each incoming claim is about, in bulk and
 * inside the caller's transaction: by email first, then by an external id of the claim's
 * source, then by anonymous id. An anonymous visitor who later gives an email becomes
 * that person, with its earlier history; if the email already had a person, the visitor
 * is merged into it.
 */
@Component
public class IdentityResolution {

	static final String ANONYMOUS = "anonymous";

	/**
	 * The advisory locks' first keys for emails given to people ({@link #takeTurn}): one
	 * lock per email, and one per tenant for calls that give many.
	 */
	static final Turns NEW_EMAILS = new Turns(0x52430001, 0x52430002);

	/** The same for domains given to accounts. */
	static final Turns NEW_DOMAINS = new Turns(0x52430003, 0x52430004);

	/**
	 * The most keys a call takes a turn for one by one; with more, it takes the tenant's
	 * whole turn. PostgreSQL's lock table is shared by all connections and finite (64
	 * locks per connection by default), so a call takes at most this many plus one per
	 * kind.
	 */
	static final int MOST_TURNS = 48;

	/**
	 * The first keys of a kind's advisory locks.
	 *
	 * @param each one key's
	 * @param all a tenant's
	 */
	record Turns(int each, int all) {
	}

	private final People people;

	private final Accounts accounts;

	private final JdbcTemplate jdbc;

	private final EntityManager entityManager;

	private final java.time.Clock clock;

	private final ApplicationEventPublisher events;

	private final PeopleWriter writer;

	IdentityResolution(People people, Accounts accounts, JdbcTemplate jdbc, EntityManager entityManager,
			java.time.Clock clock, ApplicationEventPublisher events, PeopleWriter writer) {
		this.writer = writer;
		this.clock = clock;
		this.events = events;
		this.people = people;
		this.accounts = accounts;
		this.jdbc = jdbc;
		this.entityManager = entityManager;
	}

	/**
	 * What an event says about its person.
	 *
	 * @param email the email, may be null
	 * @param firstName may be null
	 * @param lastName may be null
	 * @param title may be null
	 * @param phone may be null
	 * @param anonymousId a web visitor id, may be null
	 * @param source the system that knows the person by {@code externalId}
	 * @param externalId the person's id in {@code source}, may be null
	 * @param account what the event says about the company, may be null
	 * @param at when the event happened
	 */
	public record Claim(String email, String firstName, String lastName, String title, String phone, String anonymousId,
			String source, String externalId, AccountClaim account, Instant at) {
	}

	/** What an event says about the company. */
	public record AccountClaim(String domain, String name, String industry, Integer employees, BigDecimal annualRevenue,
			String country) {
	}

	/**
	 * The outcome.
	 *
	 * @param persons the person of each claim, in claim order
	 * @param accounts the accounts of those persons, by id
	 * @param merged for each visitor merged away, the person it became
	 */
	public record Resolution(List<Person> persons, Map<UUID, Account> accounts, Map<UUID, UUID> merged) {
	}

	/**
	 * Resolves claims; new persons and accounts are persisted and flushed. The persons
	 * found are locked until the transaction ends and read as last committed, so that
	 * what this transaction writes back of them (descriptions, scores, running sums,
	 * stage) builds on a concurrent transaction's changes instead of overwriting them.
	 */
	public Resolution resolve(List<Claim> claims) {
		return resolve(claims, false);
	}

	/**
	 * Resolves claims as {@link #resolve(List)} does, for a caller that writes the
	 * persons itself, all at once, when it is done with them
	 * ({@link PeopleWriter#writeAll}): Hibernate inserts the new ones but never updates
	 * any of them, so a batch costs one update statement for all its persons instead of
	 * one or two per person.
	 */
	public Resolution resolveForBulkWrite(List<Claim> claims) {
		return resolve(claims, true);
	}

	private Resolution resolve(List<Claim> claims, boolean bulkWrite) {
		UUID tenant = TenantContext.require();
		Map<String, Person> byEmail = new HashMap<>();
		Set<String> emails = new LinkedHashSet<>();
		Set<String> domains = new LinkedHashSet<>();
		List<String[]> keys = new ArrayList<>();
		for (Claim claim : claims) {
			if (claim.email() != null) {
				emails.add(claim.email());
			}
			if (claim.anonymousId() != null) {
				keys.add(new String[] { ANONYMOUS, claim.anonymousId() });
			}
			if (claim.externalId() != null) {
				keys.add(new String[] { external(claim.source()), claim.externalId() });
			}
			String domain = accountDomain(claim);
			if (domain != null) {
				domains.add(domain);
			}
		}
		if (!emails.isEmpty()) {
			this.people.lockByEmails(emails).forEach((p) -> byEmail.put(p.email(), p));
			Set<String> unknown = new LinkedHashSet<>(emails);
			unknown.removeAll(byEmail.keySet());
			if (!unknown.isEmpty()) {
				// new emails: after this call's turn, what a concurrent call gave
				// them is committed and found here
				takeTurn(NEW_EMAILS, tenant, unknown);
				this.people.lockByEmails(unknown).forEach((p) -> byEmail.put(p.email(), p));
			}
		}
		Map<String, UUID> identities = identities(keys);
		Map<UUID, Person> byId = new HashMap<>();
		byEmail.values().forEach((p) -> byId.put(p.id(), p));
		Set<UUID> missing = new HashSet<>(identities.values());
		missing.removeAll(byId.keySet());
		if (!missing.isEmpty()) {
			this.people.lockAllById(missing).forEach((p) -> byId.put(p.id(), p));
		}
		if (bulkWrite) {
			byId.values().forEach(this::writtenByCaller);
		}
		Map<String, Account> byDomain = new HashMap<>();
		if (!domains.isEmpty()) {
			this.accounts.findByDomains(domains).forEach((a) -> byDomain.put(a.domain().toLowerCase(Locale.ROOT), a));
			Set<String> unknown = new LinkedHashSet<>(domains);
			unknown.removeAll(byDomain.keySet());
			if (!unknown.isEmpty()) {
				takeTurn(NEW_DOMAINS, tenant, unknown);
				this.accounts.findByDomains(unknown)
					.forEach((a) -> byDomain.put(a.domain().toLowerCase(Locale.ROOT), a));
			}
		}

		List<Person> resolved = new ArrayList<>(claims.size());
		Map<UUID, UUID> merged = new LinkedHashMap<>();
		Map<String, UUID> newIdentities = new LinkedHashMap<>();
		List<Person> created = new ArrayList<>();
		List<Account> createdAccounts = new ArrayList<>();
		for (Claim claim : claims) {
			Person byMail = (claim.email() != null) ? byEmail.get(claim.email()) : null;
			Person byExternal = person(byId, identities, newIdentities, external(claim.source()), claim.externalId());
			Person byAnonymous = person(byId, identities, newIdentities, ANONYMOUS, claim.anonymousId());
			Person person = (byMail != null) ? byMail : (byExternal != null) ? byExternal : byAnonymous;
			if (claim.email() != null && person == null) {
				person = new Person(UUID.randomUUID(), claim.email(), claim.at());
				created.add(person);
			}
			else if (claim.email() != null && person.email() == null) {
				// the visitor (or external record) tells us who it is
				person.identify(claim.email());
			}
			else if (person == null) {
				person = new Person(UUID.randomUUID(), null, claim.at());
				created.add(person);
			}
			if (claim.email() != null) {
				byEmail.put(claim.email(), person);
			}
			for (Person other : new Person[] { byExternal, byAnonymous }) {
				if (other != null && other != person && other.email() == null && !merged.containsKey(other.id())) {
					merged.put(other.id(), person.id());
				}
			}
			byId.put(person.id(), person);
			if (claim.anonymousId() != null) {
				newIdentities.put(ANONYMOUS + "\u0000" + claim.anonymousId(), person.id());
			}
			if (claim.externalId() != null) {
				newIdentities.put(external(claim.source()) + "\u0000" + claim.externalId(), person.id());
			}
			person.describe(claim.firstName(), claim.lastName(), claim.title(), claim.phone(), claim.at());

			String domain = accountDomain(claim);
			if (domain != null) {
				Account account = byDomain.get(domain);
				if (account == null) {
					account = new Account(UUID.randomUUID(), domain, claim.at());
					byDomain.put(domain, account);
					createdAccounts.add(account);
				}
				AccountClaim a = claim.account();
				if (a != null) {
					account.describe(a.name(), a.industry(), a.employees(), a.annualRevenue(), a.country(), claim.at());
				}
				if (person.accountId() == null || (a != null && a.domain() != null)) {
					person.linkAccount(account.id());
				}
			}
			resolved.add(person);
		}
		// a stable insert order, so two calls creating the same rows wait for each other
		// instead of deadlocking
		createdAccounts.sort(java.util.Comparator.comparing(Account::domain));
		created.sort(java.util.Comparator.comparing(Person::email, java.util.Comparator.nullsLast(String::compareTo))
			.thenComparing(Person::id));
		this.accounts.saveAll(createdAccounts);
		this.people.saveAll(created);
		this.entityManager.flush();
		if (bulkWrite) {
			created.forEach(this::writtenByCaller);
		}
		mergeAway(merged);
		storeIdentities(tenant, newIdentities);
		Map<UUID, Account> accountsById = new HashMap<>();
		byDomain.values().forEach((a) -> accountsById.put(a.id(), a));
		List<Person> finalPersons = resolved.stream().map((p) -> byId.get(finalId(merged, p.id()))).toList();
		return new Resolution(finalPersons, accountsById, merged);
	}

	/**
	 * Waits for this transaction's turn to create rows of these keys (new emails or
	 * domains of a tenant) and holds it until the transaction ends. Two calls that create
	 * some of the same people or accounts at once (two connectors, two clients posting
	 * overlapping batches) take turns: the second reads what the first created instead of
	 * failing on the unique index and doing its whole batch again, as many times as the
	 * first kept creating. A call with a few new keys shares the tenant's turn and takes
	 * each key's; one with many takes the tenant's turn alone, and so waits for, and
	 * holds off, every other call creating in the tenant (never another tenant's). Turns
	 * are taken in one order, so they never deadlock; two keys of one hash share a turn.
	 */
	private void takeTurn(Turns kind, UUID tenant, Set<String> keys) {
		int all = tenant.hashCode();
		if (keys.size() > MOST_TURNS) {
			this.jdbc.query("select pg_advisory_xact_lock(?, ?)", (rs) -> {
			}, kind.all(), all);
			return;
		}
		this.jdbc.query("select pg_advisory_xact_lock_shared(?, ?)", (rs) -> {
		}, kind.all(), all);
		Integer[] turns = keys.stream()
			.map((key) -> (tenant + "\u0000" + key).hashCode())
			.distinct()
			.sorted()
			.toArray(Integer[]::new);
		this.jdbc.query("select pg_advisory_xact_lock(?, k) from unnest(?::int4[]) as k", (rs) -> {
		}, kind.each(), turns);
	}

	/** A person Hibernate no longer writes: the caller does. */
	private void writtenByCaller(Person person) {
		this.entityManager.unwrap(Session.class).setReadOnly(person, true);
	}

	private static UUID finalId(Map<UUID, UUID> merged, UUID id) {
		UUID current = id;
		while (merged.containsKey(current)) {
			current = merged.get(current);
		}
		return current;
	}

	private static Person person(Map<UUID, Person> byId, Map<String, UUID> stored, Map<String, UUID> fresh, String kind,
			String value) {
		if (value == null) {
			return null;
		}
		String key = kind + "\u0000" + value;
		UUID id = fresh.containsKey(key) ? fresh.get(key) : stored.get(key);
		return (id != null) ? byId.get(id) : null;
	}

	/**
	 * The account domain of a claim: explicit, else the email's unless it is a personal
	 * mailbox.
	 */
	private static String accountDomain(Claim claim) {
		if (claim.account() != null && claim.account().domain() != null) {
			return claim.account().domain().toLowerCase(Locale.ROOT);
		}
		if (claim.email() != null) {
			String domain = claim.email().substring(claim.email().lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
			return PersonalDomains.isPersonal(domain) ? null : domain;
		}
		return null;
	}

	private static String external(String source) {
		return "external:" + source;
	}

	private Map<String, UUID> identities(List<String[]> keys) {
		Map<String, UUID> found = new HashMap<>();
		if (keys.isEmpty()) {
			return found;
		}
		String[] kinds = keys.stream().map((k) -> k[0]).toArray(String[]::new);
		String[] values = keys.stream().map((k) -> k[1]).toArray(String[]::new);
		this.jdbc.query("select i.kind, i.value, i.person_id from person_identities i "
				+ "join unnest(?::text[], ?::text[]) as k(kind, value) on i.kind = k.kind and i.value = k.value",
				(rs) -> {
					found.put(rs.getString(1) + "\u0000" + rs.getString(2), rs.getObject(3, UUID.class));
				}, kinds, values);
		return found;
	}

	private void storeIdentities(UUID tenant, Map<String, UUID> identities) {
		if (identities.isEmpty()) {
			return;
		}
		List<Map.Entry<String, UUID>> rows = new ArrayList<>(identities.entrySet());
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.batchUpdate("insert into person_identities (tenant_id, kind, value, person_id, created_at) "
				+ "values (?, ?, ?, ?, ?) on conflict (tenant_id, kind, value) do update set person_id = excluded.person_id "
				+ "where person_identities.person_id is distinct from excluded.person_id", rows, 500, (ps, row) -> {
					String[] key = row.getKey().split("\u0000", 2);
					ps.setObject(1, tenant);
					ps.setString(2, key[0]);
					ps.setString(3, key[1]);
					ps.setObject(4, row.getValue());
					ps.setTimestamp(5, now);
				});
	}

	/**
	 * Moves everything of the merged-away visitors to the person they became, then
	 * removes them.
	 */
	private void mergeAway(Map<UUID, UUID> merged) {
		if (merged.isEmpty()) {
			return;
		}
		Map<UUID, UUID> into = new LinkedHashMap<>();
		merged.keySet().forEach((from) -> into.put(from, finalId(merged, from)));
		// other features move what they hold of the visitors first: the rows still exist
		this.events.publishEvent(new PeopleMerged(TenantContext.require(), into));
		for (Map.Entry<UUID, UUID> merge : into.entrySet()) {
			UUID from = merge.getKey();
			UUID to = merge.getValue();
			for (String table : List.of("activities", "timeline_entries", "stage_history", "person_identities")) {
				this.jdbc.update("update " + table + " set person_id = ? where person_id = ?", to, from);
			}
			Person survivor = this.entityManager.find(Person.class, to);
			if (survivor != null) {
				// its history now holds the visitor's too: on the object and in the row,
				// which is where scoring reads the sums from
				survivor.forgetBehaviourSums();
				this.writer.forgetBehaviourSums(List.of(to));
			}
			Person gone = this.entityManager.find(Person.class, from);
			if (gone != null) {
				this.entityManager.remove(gone);
			}
		}
		this.entityManager.flush();
	}

	/** All people of these ids, as a map. */
	public Map<UUID, Person> byIds(Set<UUID> ids) {
		Map<UUID, Person> found = new HashMap<>();
		this.people.findAllById(ids).forEach((p) -> found.put(p.id(), p));
		return found;
	}

}
