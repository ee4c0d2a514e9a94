package io.revcycle.revenue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.revcycle.cycle.Cycle;
import io.revcycle.kernel.Conflict;
import io.revcycle.kernel.Money;
import io.revcycle.people.Person;
import io.revcycle.people.PeopleWriter;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.timeline.Timeline;
import io.revcycle.timeline.TimelineEntry;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Deals (opportunities): opened for a person, then won or lost. Opening one moves the
 * person to Opportunity, winning it to Customer (or, for a customer, to Expansion),
 * losing the person's last open deal to Lost with its reason, as far as the stage model
 * allows; each step is on the person's timeline.
 */
@Component
class Deals {

	static final String COLUMNS = "id, name, person_id, account_id, owner_id, amount, currency, status, lost_reason, "
			+ "expected_close_date, opened_at, closed_at, created_by, updated_at";

	private final JdbcTemplate jdbc;

	private final Cycle cycle;

	private final Timeline timeline;

	private final PeopleWriter people;

	private final Clock clock;

	Deals(JdbcTemplate jdbc, Cycle cycle, Timeline timeline, PeopleWriter people, Clock clock) {
		this.jdbc = jdbc;
		this.cycle = cycle;
		this.timeline = timeline;
		this.people = people;
		this.clock = clock;
	}

	/**
	 * A deal.
	 *
	 * @param id its id
	 * @param name what it is called
	 * @param personId the buyer
	 * @param accountId the buyer's company, or null
	 * @param ownerId the user who owns it, or null
	 * @param amount what it is worth
	 * @param status {@code open}, {@code won} or {@code lost}
	 * @param lostReason why it was lost, or null
	 * @param expectedCloseDate when it should close, or null
	 * @param openedAt when it was opened
	 * @param closedAt when it was won or lost, or null
	 * @param createdBy who opened it
	 * @param updatedAt when it last changed
	 */
	record Deal(UUID id, String name, UUID personId, UUID accountId, UUID ownerId, Money amount, String status,
			String lostReason, LocalDate expectedCloseDate, Instant openedAt, Instant closedAt, String createdBy,
			Instant updatedAt) {

		static Deal of(ResultSet rs, int row) throws SQLException {
			Timestamp closed = rs.getTimestamp(12);
			return new Deal(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
					rs.getObject(4, UUID.class), rs.getObject(5, UUID.class),
					new Money(rs.getBigDecimal(6), rs.getString(7)), rs.getString(8), rs.getString(9),
					rs.getObject(10, LocalDate.class), rs.getTimestamp(11).toInstant(),
					(closed != null) ? closed.toInstant() : null, rs.getString(13), rs.getTimestamp(14).toInstant());
		}

	}

	/**
	 * What a list of deals is filtered by; null means any.
	 *
	 * @param status the status
	 * @param personId the buyer
	 * @param accountId the company
	 * @param ownerId the owner
	 */
	record Filter(String status, UUID personId, UUID accountId, UUID ownerId) {
	}

	Optional<Deal> find(UUID id) {
		return this.jdbc.query("select " + COLUMNS + " from deals where id = ?", Deal::of, id).stream().findFirst();
	}

	/** A page of deals, newest first, after a position. */
	List<Deal> page(Filter filter, Instant afterAt, UUID afterId, int limit) {
		StringBuilder sql = new StringBuilder("select " + COLUMNS + " from deals where true");
		List<Object> args = new ArrayList<>();
		if (filter.status() != null) {
			sql.append(" and status = ?");
			args.add(filter.status());
		}
		if (filter.personId() != null) {
			sql.append(" and person_id = ?");
			args.add(filter.personId());
		}
		if (filter.accountId() != null) {
			sql.append(" and account_id = ?");
			args.add(filter.accountId());
		}
		if (filter.ownerId() != null) {
			sql.append(" and owner_id = ?");
			args.add(filter.ownerId());
		}
		if (afterAt != null) {
			sql.append(" and (opened_at, id) < (?, ?)");
			args.add(Timestamp.from(afterAt));
			args.add(afterId);
		}
		sql.append(" order by opened_at desc, id desc limit ?");
		args.add(limit);
		return this.jdbc.query(sql.toString(), Deal::of, args.toArray());
	}

	/** Opens a deal for a person (locked by the caller) and moves the person. */
	Deal open(Person person, String name, UUID accountId, UUID ownerId, Money amount, LocalDate expectedCloseDate,
			String actor) {
		Instant now = this.clock.instant();
		UUID id = UUID.randomUUID();
		this.jdbc.update(
				"insert into deals (tenant_id, id, name, person_id, account_id, owner_id, amount, currency, "
						+ "status, expected_close_date, opened_at, created_by, updated_at) "
						+ "values (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)",
				TenantContext.require(), id, name, person.id(), accountId, ownerId, amount.amount(), amount.currency(),
				expectedCloseDate, Timestamp.from(now), actor, Timestamp.from(now));
		Deal deal = find(id).orElseThrow();
		note(person, deal, "deal_opened", "Deal opened: " + name + " (" + amount + ")", now);
		this.cycle.happened(person, "deal_opened", null, actor, now);
		return deal;
	}

	/**
	 * Wins a deal: the person becomes a customer (or, already one, expands).
	 * @throws Conflict when the deal is not open
	 */
	Deal win(Deal deal, Person person, Money amount, String actor) {
		Instant now = close(deal, "won", amount, null);
		note(person, deal, "deal_won", "Deal won: " + deal.name() + " (" + amount + ")", now);
		this.cycle.happened(person, "deal_won", null, actor, now);
		return find(deal.id()).orElseThrow();
	}

	/**
	 * Loses a deal, with its reason: the person leaks to Lost when no other deal of
	 * theirs is open.
	 * @throws Conflict when the deal is not open
	 */
	Deal lose(Deal deal, Person person, String reason, String actor) {
		Instant now = close(deal, "lost", deal.amount(), reason);
		note(person, deal, "deal_lost", "Deal lost: " + deal.name() + " (" + reason + ")", now);
		Integer open = this.jdbc.queryForObject("select count(*) from deals where person_id = ? and status = 'open'",
				Integer.class, person.id());
		if (open == null || open == 0) {
			this.cycle.happened(person, "deal_lost", reason, actor, now);
		}
		return find(deal.id()).orElseThrow();
	}

	/** Lets the person of a deal be locked before the deal: the order ingest takes. */
	void lockPerson(UUID personId) {
		this.people.lock(personId);
	}

	/** Moves merged-away visitors' deals to the person they became. */
	void moveTo(UUID from, UUID into) {
		this.jdbc.update("update deals set person_id = ? where person_id = ?", into, from);
	}

	/**
	 * When each person's latest deal opened and was won at or before a time, for
	 * attribution: per person, the opened and won instants of their deals, oldest first.
	 */
	List<Milestone> milestones(UUID[] personIds) {
		return this.jdbc.query(
				"select person_id, opened_at, case when status = 'won' then closed_at end from deals "
						+ "where person_id = any(?::uuid[]) order by person_id, opened_at",
				(rs, row) -> new Milestone(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(),
						(rs.getTimestamp(3) != null) ? rs.getTimestamp(3).toInstant() : null),
				(Object) personIds);
	}

	/**
	 * A deal's dates, for attribution.
	 *
	 * @param personId the buyer
	 * @param openedAt when it opened
	 * @param wonAt when it was won, or null
	 */
	record Milestone(UUID personId, Instant openedAt, Instant wonAt) {
	}

	private Instant close(Deal deal, String status, Money amount, String reason) {
		Instant now = this.clock.instant();
		int changed = this.jdbc.update(
				"update deals set status = ?, amount = ?, currency = ?, lost_reason = ?, closed_at = ?, "
						+ "updated_at = ? where id = ? and status = 'open'",
				status, amount.amount(), amount.currency(), reason, Timestamp.from(now), Timestamp.from(now),
				deal.id());
		if (changed == 0) {
			throw new Conflict("The deal is " + deal.status() + "; only an open deal can be won or lost.");
		}
		return now;
	}

	private void note(Person person, Deal deal, String type, String summary, Instant at) {
		java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
		data.put("dealId", deal.id());
		data.put("name", deal.name());
		data.put("amount", deal.amount());
		this.timeline
			.append(List.of(new TimelineEntry(person.id(), person.accountId(), at, "deal", type, summary, data)));
	}

}
