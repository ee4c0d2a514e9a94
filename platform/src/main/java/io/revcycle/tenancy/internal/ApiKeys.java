package io.revcycle.tenancy.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.CrudRepository;

interface ApiKeys extends CrudRepository<ApiKey, UUID> {

	List<ApiKey> findAllByOrderByCreatedAtDesc();

}
