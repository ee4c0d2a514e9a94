package io.revcycle.people;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.ArrayList;
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
		write(people, List.of());
	}

	/**
	 * Writes people changed in memory, as {@link #write} does, with what identity
	 * resolution says of them too (email, names, title, phone, account): for the people
	 * of {@link IdentityResolution#resolveForBulkWrite}, once their transaction is done
	 * with them.
	 */
	public void writeAll(List<Person> people) {
		write(people, DESCRIPTION);
	}

	/** A column of persons, its array's type, and its value on the person. */
	private record Written(String column, String type, java.util.function.Function<Person, Object> value) {
	}

	private static final List<Written> SCORES_AND_STAGE = List.of(new Written("fit_score", "int4", Person::fitScore),
			new Written("behaviour_score", "int4", Person::behaviourScore),
			new Written("score_computed_at", "timestamptz", (p) -> timestamp(p.scoreComputedAt())),
			new Written("stage", "text", Person::stage),
			new Written("stage_entered_at", "timestamptz", (p) -> timestamp(p.stageEnteredAt())),
			new Written("updated_at", "timestamptz", (p) -> timestamp(p.updatedAt())),
			new Written("score_stale_at", "timestamptz", (p) -> timestamp(p.scoreStaleAt())),
			new Written("behaviour_sums", "jsonb", Person::behaviourSums));

	private static final List<Written> DESCRIPTION = List.of(new Written("email", "text", Person::email),
			new Written("first_name", "text", Person::firstName), new Written("last_name", "text", Person::lastName),
			new Written("title", "text", Person::title), new Written("phone", "text", Person::phone),
			new Written("account_id", "uuid", Person::accountId));

	private void write(List<Person> people, List<Written> more) {
		if (people.isEmpty()) {
			return;
		}
		List<Written> columns = new ArrayList<>(SCORES_AND_STAGE);
		columns.addAll(more);
		StringBuilder sql = new StringBuilder("update persons p set ");
		StringBuilder arrays = new StringBuilder();
		StringBuilder names = new StringBuilder("id");
		for (int c = 0; c < columns.size(); c++) {
			Written column = columns.get(c);
			// jsonb goes as text, and is cast back
			sql.append((c > 0) ? ", " : "")
				.append(column.column())
				.append(" = u.c")
				.append(c)
				.append("jsonb".equals(column.type()) ? "::jsonb" : "");
			arrays.append(", ?");
			names.append(", c").append(c);
		}
		sql.append(" from unnest(?").append(arrays).append(") as u(").append(names).append(") where p.id = u.id");
		List<PgArrays.Column<Person>> bound = new ArrayList<>();
		bound.add(new PgArrays.Column<>("uuid", Person::id));
		columns.forEach((column) -> bound
			.add(new PgArrays.Column<>("jsonb".equals(column.type()) ? "text" : column.type(), column.value()::apply)));
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement(sql.toString());
			PgArrays.bind(connection, statement, 1, people, bound.toArray(PgArrays.Column[]::new));
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
	 * also where people are loaded read-only (a rescoring chunk, an ingest batch), whose
	 * changes Hibernate does not write. The row takes the stage the person is owned in
	 * too, so that counting a rep's open MQLs in the same transaction (capacity) counts
	 * this one.
	 */
	public void assignOwner(Person person, UUID ownerId) {
		person.assignOwner(ownerId);
		this.jdbc.update("update persons set owner_id = ?, stage = ?, stage_entered_at = ? where id = ?", ownerId,
				person.stage(), timestamp(person.stageEnteredAt()), person.id());
	}

	/**
	 * Gives a person an owner only if the stored row has none: of concurrent calls, one
	 * wins and the others find the row owned once the winner commits. The row takes the
	 * person's stage too, as with {@link #assignOwner}.
	 * @return whether this call set the owner
	 */
	public boolean claimOwner(Person person, UUID ownerId) {
		if (this.jdbc.update(
				"update persons set owner_id = ?, stage = ?, stage_entered_at = ? where id = ? "
						+ "and owner_id is null",
				ownerId, person.stage(), timestamp(person.stageEnteredAt()), person.id()) == 0) {
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
