package io.revcycle.people;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.kernel.PgArrays;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Bulk work over many people at once (rescoring a tenant): people are loaded read-only,
 * so Hibernate does not write them one by one, and their new scores and stages are
 * written back in one statement per chunk.
 */
@Component
public class PeopleWriter {

	private final EntityManager entityManager;

	private final JdbcTemplate jdbc;

	PeopleWriter(EntityManager entityManager, JdbcTemplate jdbc) {
		this.entityManager = entityManager;
		this.jdbc = jdbc;
	}

	/**
	 * From now on in the current transaction, people loaded are read-only: write them
	 * with {@link #write}.
	 */
	public void readOnly() {
		this.entityManager.unwrap(Session.class).setDefaultReadOnly(true);
	}

	/** Writes the scores and stages of people changed in memory. */
	public void write(List<Person> people) {
		if (people.isEmpty()) {
			return;
		}
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement("update persons p set fit_score = u.f, "
					+ "behaviour_score = u.b, score_computed_at = u.sc, stage = u.s, stage_entered_at = u.se, "
					+ "updated_at = u.up, score_stale_at = u.st, behaviour_sums = u.bs::jsonb "
					+ "from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?) as u(id, f, b, sc, s, se, up, st, bs) where p.id = u.id");
			PgArrays.bind(connection, statement, 1, people, new PgArrays.Column<Person>("uuid", Person::id),
					new PgArrays.Column<Person>("int4", Person::fitScore),
					new PgArrays.Column<Person>("int4", Person::behaviourScore),
					new PgArrays.Column<Person>("timestamptz", (p) -> timestamp(p.scoreComputedAt())),
					new PgArrays.Column<Person>("text", Person::stage),
					new PgArrays.Column<Person>("timestamptz", (p) -> timestamp(p.stageEnteredAt())),
					new PgArrays.Column<Person>("timestamptz", (p) -> timestamp(p.updatedAt())),
					new PgArrays.Column<Person>("timestamptz", (p) -> timestamp(p.scoreStaleAt())),
					new PgArrays.Column<Person>("text", Person::behaviourSums));
			return statement;
		});
	}

	private static Timestamp timestamp(java.time.Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	/**
	 * Locks people's rows until the transaction ends and reads their running behaviour
	 * sums as last committed (or as this transaction wrote them): whoever updates the
	 * sums reads them this way, so two transactions scoring the same person one after the
	 * other each build on the other's sums instead of overwriting them. Locked in id
	 * order.
	 * @return each person's sums, null where they are not known
	 */
	public Map<UUID, String> lockBehaviourSums(java.util.Collection<UUID> personIds) {
		Map<UUID, String> sums = new HashMap<>();
		if (personIds.isEmpty()) {
			return sums;
		}
		this.jdbc.query("select id, behaviour_sums::text from persons where id = any(?) order by id for no key update",
				(rs) -> {
					sums.put(rs.getObject(1, UUID.class), rs.getString(2));
				}, (Object) personIds.toArray(UUID[]::new));
		return sums;
	}

	/**
	 * Forgets the running behaviour sums of people whose activities were changed other
	 * than by adding new ones (see {@link Person#forgetBehaviourSums}).
	 */
	public void forgetBehaviourSums(java.util.Collection<UUID> personIds) {
		if (!personIds.isEmpty()) {
			this.jdbc.update(
					"update persons set behaviour_sums = null where id = any(?) and behaviour_sums is not null",
					(Object) personIds.toArray(UUID[]::new));
		}
	}

	/**
	 * Gives a person an owner (or none), in the stored row at once and on the object:
	 * also where people are loaded read-only (a rescoring chunk), whose changes Hibernate
	 * does not write.
	 */
	public void assignOwner(Person person, UUID ownerId) {
		person.assignOwner(ownerId);
		this.jdbc.update("update persons set owner_id = ? where id = ?", ownerId, person.id());
	}

	/**
	 * Gives a person an owner only if the stored row has none: of concurrent calls, one
	 * wins and the others find the row owned once the winner commits.
	 * @return whether this call set the owner
	 */
	public boolean claimOwner(Person person, UUID ownerId) {
		if (this.jdbc.update("update persons set owner_id = ? where id = ? and owner_id is null", ownerId,
				person.id()) == 0) {
			return false;
		}
		person.assignOwner(ownerId);
		return true;
	}

	/** The owner stored for a person now (committed by others too), or null. */
	public UUID storedOwner(UUID personId) {
		return this.jdbc.queryForList("select owner_id from persons where id = ?", UUID.class, personId)
			.stream()
			.filter(java.util.Objects::nonNull)
			.findFirst()
			.orElse(null);
	}

	/**
	 * Locks a person's row until the transaction ends, as ingest's update of it does:
	 * work that changes a person and rows that refer to it takes the person first, in
	 * that order, so it never deadlocks with ingest.
	 */
	public void lock(UUID personId) {
		this.jdbc.queryForList("select id from persons where id = ? for no key update", UUID.class, personId);
	}

	/**
	 * Claims, for this transaction, up to {@code limit} people whose stored score decay
	 * has made stale by {@code now}, skipping those another transaction holds.
	 */
	public List<UUID> claimStaleScores(java.time.Instant now, int limit) {
		return this.jdbc.queryForList("select id from persons where score_stale_at <= ? order by score_stale_at "
				+ "limit ? for no key update skip locked", UUID.class, Timestamp.from(now), limit);
	}

}
