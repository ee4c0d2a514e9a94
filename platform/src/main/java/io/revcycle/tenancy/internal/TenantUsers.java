package io.revcycle.tenancy.internal;

import java.util.UUID;

import org.springframework.data.repository.CrudRepository;

interface TenantUsers extends CrudRepository<TenantUser, UUID> {

}
