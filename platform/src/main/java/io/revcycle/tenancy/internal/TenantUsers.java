package io.revcycle.tenancy.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

/**
 * The memberships of the current tenant (filtered by Hibernate and by row-level
 * security).
 */
interface TenantUsers extends CrudRepository<TenantUser, UUID> {

	@Query("select u from TenantUser u where lower(u.email) = lower(?1)")
	Optional<TenantUser> findByEmail(String email);

	@Query("select u from TenantUser u order by u.createdAt desc, u.id desc")
	List<TenantUser> firstPage(Limit limit);

	@Query("select u from TenantUser u where u.createdAt < ?1 or (u.createdAt = ?1 and u.id < ?2) order by u.createdAt desc, u.id desc")
	List<TenantUser> pageAfter(Instant createdAt, UUID id, Limit limit);

	/** The active members of the tenant, oldest first. */
	@Query("select u from TenantUser u where u.status = 'active' order by u.createdAt, u.id")
	List<TenantUser> findActive();

	/**
	 * The active tenant admins, locked until the transaction ends: two admins demoting or
	 * deactivating each other at once cannot leave the tenant with none.
	 */
	@Query(value = "select id from tenant_users where status = 'active' and 'tenant-admin' = any(roles) for update",
			nativeQuery = true)
	List<UUID> lockActiveAdmins();

}
