package io.revcycle.people;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

/** The accounts of the current tenant. */
public interface Accounts extends CrudRepository<Account, UUID> {

	/** The accounts with these domains (lower case). */
	@Query(nativeQuery = true, value = "select * from accounts where domain_key in (?1)")
	List<Account> findByDomains(Collection<String> domains);

}
