package io.revcycle.people;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

/**
 * The people of the current tenant. Every query is filtered to the tenant by Hibernate
 * and, below it, by PostgreSQL row-level security.
 */
public interface People extends CrudRepository<Person, UUID> {

	@Query(nativeQuery = true, value = "select * from persons where email_key = lower(?1)")
	Optional<Person> findByEmail(String email);

	/**
	 * The people with these emails (lower case), each locked until the transaction ends
	 * (as an update of it would), in id order: what is read is what was last committed,
	 * and no one changes it before this transaction ends.
	 */
	@Query(nativeQuery = true, value = "select * from persons where email_key in (?1) order by id for no key update")
	List<Person> lockByEmails(java.util.Collection<String> emails);

	/**
	 * The people of these ids, each locked until the transaction ends, in id order (see
	 * {@link #lockByEmails}).
	 */
	@Query(nativeQuery = true, value = "select * from persons where id in (?1) order by id for no key update")
	List<Person> lockAllById(java.util.Collection<UUID> ids);

	/**
	 * The next chunk of people in id order within a range of ids, for work over all of
	 * them in parallel.
	 */
	@Query("select p from Person p where p.id > ?1 and p.id <= ?2 order by p.id")
	List<Person> chunkBetween(UUID after, UUID upTo, Limit limit);

	/** The next chunk of people in id order, for work over all of them. */
	@Query("select p from Person p where p.id > ?1 order by p.id")
	List<Person> chunkAfter(UUID after, Limit limit);

	@Query("select p from Person p order by p.createdAt desc, p.id desc")
	List<Person> firstPage(Limit limit);

	@Query("select p from Person p where p.createdAt < ?1 or (p.createdAt = ?1 and p.id < ?2) order by p.createdAt desc, p.id desc")
	List<Person> pageAfter(Instant createdAt, UUID id, Limit limit);

	/**
	 * The people a user owns in a stage, oldest first: the work to hand over when the
	 * user leaves.
	 */
	@Query("select p from Person p where p.ownerId = ?1 and p.stage = ?2 order by p.createdAt, p.id")
	List<Person> findByOwnerInStage(UUID ownerId, String stage);

	/** The ids of an account's people. */
	@Query("select p.id from Person p where p.accountId = ?1")
	List<UUID> idsInAccount(UUID accountId);

	/**
	 * How many people each user owns in a stage, for the users that own any: rows of
	 * (owner id, count).
	 */
	@Query("select p.ownerId, count(p) from Person p where p.ownerId in ?1 and p.stage = ?2 group by p.ownerId")
	List<Object[]> countOwnedInStage(java.util.Collection<UUID> ownerIds, String stage);

}
