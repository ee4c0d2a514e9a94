package io.revcycle.people;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

/** The accounts of the current tenant. */
public interface Accounts extends CrudRepository<Account, UUID> {

	/** The accounts with these domains (lower case). */
	@Query("select a from Account a where lower(a.domain) in ?1")
	List<Account> findByDomains(Collection<String> domains);

}
