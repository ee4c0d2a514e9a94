package io.revcycle.tenancy.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

import io.revcycle.tenancy.Roles;
import io.revcycle.tenancy.TenantContext;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A caller's roles in the tenant its token names, read from its membership: one
 * primary-key lookup, kept for a short while ({@link TenancySettings#membershipCache()},
 * default 10 s) so a burst of requests costs one. A change made through this platform
 * instance is seen at once (the entry is forgotten); other instances see it when their
 * entry expires.
 */
@Component
class Memberships {

	/** Beyond this many cached callers, the cache starts over. */
	static final int MAX_ENTRIES = 10_000;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final long ttlNanos;

	private final ConcurrentMap<Key, Entry> cache = new ConcurrentHashMap<>();

	Memberships(JdbcTemplate jdbc, PlatformTransactionManager transactions, TenancySettings settings) {
		this.jdbc = jdbc;
		this.tx = new TransactionTemplate(transactions);
		this.tx.setReadOnly(true);
		this.ttlNanos = settings.membershipCache().toNanos();
	}

	private record Key(UUID tenantId, UUID userId) {
	}

	private record Entry(Optional<Set<String>> roles, long expiresAt) {
	}

	/**
	 * The roles of an active member.
	 * @param tenantId the tenant
	 * @param subject the token's subject, the Keycloak user id
	 * @return the member's roles (possibly none), or empty when the subject is no active
	 * member of the tenant
	 */
	Optional<Set<String>> activeRoles(UUID tenantId, String subject) {
		UUID userId;
		try {
			userId = UUID.fromString(subject);
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			return Optional.empty();
		}
		Key key = new Key(tenantId, userId);
		long now = System.nanoTime();
		Entry cached = this.cache.get(key);
		if (cached != null && now - cached.expiresAt() < 0) {
			return cached.roles();
		}
		Optional<Set<String>> roles = load(tenantId, userId);
		if (this.ttlNanos > 0) {
			if (this.cache.size() >= MAX_ENTRIES) {
				this.cache.clear();
			}
			this.cache.put(key, new Entry(roles, now + this.ttlNanos));
		}
		return roles;
	}

	/** Forgets what is cached of a member, after a change to it. */
	void forget(UUID tenantId, UUID userId) {
		this.cache.remove(new Key(tenantId, userId));
	}

	private Optional<Set<String>> load(UUID tenantId, UUID userId) {
		List<String[]> found = TenantContext.callAs(tenantId,
				() -> this.tx.execute((status) -> this.jdbc.query(
						"select roles from tenant_users where tenant_id = ? and id = ? and status = 'active'",
						(rs, row) -> (String[]) rs.getArray(1).getArray(), tenantId, userId)));
		if (found.isEmpty()) {
			return Optional.empty();
		}
		return Optional
			.of(Arrays.stream(found.get(0)).filter(Roles.ALL::contains).collect(Collectors.toUnmodifiableSet()));
	}

}
