package io.revcycle.revenue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.ingest.ActivitiesRecorded;
import io.revcycle.kernel.DaySpan;
import io.revcycle.kernel.Money;
import io.revcycle.kernel.PgArrays;
import io.revcycle.tenancy.TenantContext;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Cash in and out: each {@code payment_succeeded} and {@code payment_refunded} activity,
 * with the references that tie a refund to its payment.
 */
@Component
class Payments {

	static final String COLUMNS = "id, kind, person_id, amount, currency, at, source, external_id, charge_id, "
			+ "payment_intent_id, invoice_id, refund_of";

	private final JdbcTemplate jdbc;

	Payments(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A payment or a refund.
	 *
	 * @param id the id of its activity
	 * @param kind {@code payment} or {@code refund}
	 * @param personId who paid or was refunded
	 * @param amount the cash, positive
	 * @param at when
	 * @param source the system that reported it
	 * @param externalId its id there
	 * @param chargeId the charge it names, or null
	 * @param paymentIntentId the payment intent it names, or null
	 * @param invoiceId the invoice it names, or null
	 * @param refundOf for a refund, the payment it gives cash back from, or null when
	 * none was found
	 */
	record Payment(UUID id, String kind, UUID personId, Money amount, Instant at, String source, String externalId,
			String chargeId, String paymentIntentId, String invoiceId, UUID refundOf) {

		static Payment of(ResultSet rs, int row) throws SQLException {
			return new Payment(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
					new Money(rs.getBigDecimal(4), rs.getString(5)), rs.getTimestamp(6).toInstant(), rs.getString(7),
					rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getObject(12, UUID.class));
		}

		boolean refund() {
			return "refund".equals(this.kind);
		}

		/** Whether a refund names this payment by one of its references. */
		boolean namedBy(Payment refund) {
			return same(this.chargeId, refund.chargeId) || same(this.paymentIntentId, refund.paymentIntentId)
					|| same(this.invoiceId, refund.invoiceId);
		}

		private static boolean same(String a, String b) {
			return a != null && a.equals(b);
		}

	}

	/**
	 * Stores the payments and refunds of an ingest call; each refund is matched to the
	 * payment it gives cash back from: the one its charge, payment intent or invoice
	 * names, else the person's latest payment before it (in its currency, if any).
	 * @param cash the activities that moved cash, in request order
	 * @return what was stored
	 */
	List<Payment> record(List<ActivitiesRecorded.Activity> cash) {
		List<Payment> stored = new ArrayList<>();
		List<Payment> earlier = forPeople(cash.stream().map(ActivitiesRecorded.Activity::personId).distinct().toList());
		List<Payment> known = new ArrayList<>(earlier);
		for (ActivitiesRecorded.Activity activity : cash.stream()
			.sorted(Comparator.comparing(ActivitiesRecorded.Activity::occurredAt))
			.toList()) {
			boolean refund = "payment_refunded".equals(activity.type());
			Map<String, String> refs = activity.references();
			Payment payment = new Payment(activity.id(), refund ? "refund" : "payment", activity.personId(),
					activity.money(), activity.occurredAt(), activity.source(), activity.externalId(),
					refs.get("charge_id"), refs.get("payment_intent_id"), refs.get("invoice_id"), null);
			if (refund) {
				payment = new Payment(payment.id(), payment.kind(), payment.personId(), payment.amount(), payment.at(),
						payment.source(), payment.externalId(), payment.chargeId(), payment.paymentIntentId(),
						payment.invoiceId(), matchFor(payment, known));
			}
			known.add(payment);
			stored.add(payment);
		}
		insert(stored);
		return stored;
	}

	private static UUID matchFor(Payment refund, List<Payment> known) {
		List<Payment> payments = known.stream().filter((p) -> !p.refund()).toList();
		return payments.stream()
			.filter((p) -> p.namedBy(refund))
			.findFirst()
			.or(() -> payments.stream()
				.filter((p) -> p.personId().equals(refund.personId()) && !p.at().isAfter(refund.at()))
				.max(Comparator.comparing((Payment p) -> p.amount().currency().equals(refund.amount().currency()))
					.thenComparing(Payment::at)))
			.map(Payment::id)
			.orElse(null);
	}

	private void insert(List<Payment> payments) {
		if (payments.isEmpty()) {
			return;
		}
		UUID tenant = TenantContext.require();
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement("insert into payments (tenant_id, " + COLUMNS
					+ ") select ?, i, k, p, a, c, t, s, x, ch, pi, iv, r "
					+ "from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) as u(i, k, p, a, c, t, s, x, ch, pi, iv, r)");
			statement.setObject(1, tenant);
			PgArrays.bind(connection, statement, 2, payments, new PgArrays.Column<Payment>("uuid", Payment::id),
					new PgArrays.Column<Payment>("text", Payment::kind),
					new PgArrays.Column<Payment>("uuid", Payment::personId),
					new PgArrays.Column<Payment>("numeric", (p) -> p.amount().amount()),
					new PgArrays.Column<Payment>("text", (p) -> p.amount().currency()),
					new PgArrays.Column<Payment>("timestamptz", (p) -> Timestamp.from(p.at())),
					new PgArrays.Column<Payment>("text", Payment::source),
					new PgArrays.Column<Payment>("text", Payment::externalId),
					new PgArrays.Column<Payment>("text", Payment::chargeId),
					new PgArrays.Column<Payment>("text", Payment::paymentIntentId),
					new PgArrays.Column<Payment>("text", Payment::invoiceId),
					new PgArrays.Column<Payment>("uuid", Payment::refundOf));
			return statement;
		});
	}

	/** Every payment and refund of these people, oldest first. */
	List<Payment> forPeople(List<UUID> personIds) {
		if (personIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc.query(
				"select " + COLUMNS + " from payments where person_id = any(?::uuid[]) order by at, kind, id",
				Payment::of, (Object) personIds.toArray(UUID[]::new));
	}

	/**
	 * The people among these who paid at or after a time, each with its own time: whose
	 * credits a touch or a lead creation at that time changes.
	 */
	List<UUID> paidSince(Map<UUID, Instant> since) {
		if (since.isEmpty()) {
			return List.of();
		}
		List<UUID> ids = new ArrayList<>(since.keySet());
		return this.jdbc.queryForList(
				"select distinct p.person_id from payments p join unnest(?::uuid[], ?::timestamptz[]) "
						+ "as s(person_id, since) on p.person_id = s.person_id where p.at >= s.since",
				UUID.class, ids.toArray(UUID[]::new),
				ids.stream().map((id) -> Timestamp.from(since.get(id))).toArray(Timestamp[]::new));
	}

	/**
	 * What people paid, newest first: one person's (or any, when null), among some people
	 * (an account's; null for any), after a position.
	 */
	List<Payment> page(UUID personId, List<UUID> amongPeople, Instant afterAt, UUID afterId, int limit) {
		if (amongPeople != null && amongPeople.isEmpty()) {
			return List.of();
		}
		List<Object> args = new ArrayList<>();
		StringBuilder sql = new StringBuilder("select " + COLUMNS + " from payments where true");
		if (personId != null) {
			sql.append(" and person_id = ?");
			args.add(personId);
		}
		if (amongPeople != null) {
			sql.append(" and person_id = any(?::uuid[])");
			args.add(amongPeople.toArray(UUID[]::new));
		}
		if (afterAt != null) {
			sql.append(" and (at, id) < (?, ?)");
			args.add(Timestamp.from(afterAt));
			args.add(afterId);
		}
		sql.append(" order by at desc, id desc limit ?");
		args.add(limit);
		return this.jdbc.query(sql.toString(), Payment::of, args.toArray());
	}

	/** Moves merged-away visitors' payments to the person they became. */
	void moveTo(UUID from, UUID into) {
		this.jdbc.update("update payments set person_id = ? where person_id = ?", into, from);
	}

	/**
	 * Cash collected net of refunds between two instants, per currency (unrounded); a
	 * currency whose cash nets to nothing is left out.
	 */
	Map<String, java.math.BigDecimal> netBetween(Instant from, Instant to) {
		// whole days from the daily rollup, the window's partial days from the payments
		DaySpan span = DaySpan.of(from, to);
		Map<String, java.math.BigDecimal> net = new java.util.TreeMap<>();
		this.jdbc.query("select currency, sum(amount) from (select currency, amount from cash_days where "
				+ DaySpan.days("day") + " union all select currency, (case when kind = 'payment' "
				+ "then amount else -amount end) * " + span.sign("at") + " from payments where " + DaySpan.edges("at")
				+ ") x group by currency having sum(amount) <> 0", (rs) -> {
					net.put(rs.getString(1), rs.getBigDecimal(2));
				}, DaySpan.parameters(span.dayParameters(), span.signParameter(), span.edgeParameters()));
		return net;
	}

}
