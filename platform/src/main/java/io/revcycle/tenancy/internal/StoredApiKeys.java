package io.revcycle.tenancy.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

interface StoredApiKeys extends CrudRepository<ApiKey, UUID> {

	@Query("select k from ApiKey k order by k.createdAt desc, k.id desc")
	List<ApiKey> firstPage(Limit limit);

	@Query("select k from ApiKey k where k.createdAt < ?1 or (k.createdAt = ?1 and k.id < ?2) "
			+ "order by k.createdAt desc, k.id desc")
	List<ApiKey> pageAfter(java.time.Instant createdAt, UUID id, Limit limit);

}
