package io.revcycle.tenancy.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

interface Tenants extends CrudRepository<Tenant, UUID> {

	Optional<Tenant> findBySlug(String slug);

	@Query("select t from Tenant t where t.status = io.revcycle.tenancy.internal.Tenant.Status.PROVISIONING and t.createdAt < ?1")
	List<Tenant> findStaleProvisioning(Instant before);

	@Query("select t.id from Tenant t where t.status = io.revcycle.tenancy.internal.Tenant.Status.ACTIVE order by t.createdAt")
	List<UUID> findActiveIds();

	@Query("select t from Tenant t where t.status = io.revcycle.tenancy.internal.Tenant.Status.ACTIVE order by t.slug")
	List<Tenant> findActive();

}
