package io.revcycle.revenue;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.revcycle.ingest.ActivitiesRecorded;
import io.revcycle.kernel.DaySpan;
import io.revcycle.kernel.PgArrays;
import io.revcycle.people.PeopleMerged;
import io.revcycle.tenancy.TenantContext;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Attribution of cash, inside the ingest transaction: stores the campaign touches, when
 * people became known, and the payments and refunds of each call, then the credit each
 * campaign earns of each payment under each model. A refund takes back credit in the
 * shares of the payment it refunds. A touch or a lead creation older than a payment of
 * the same person recomputes that person's credits, as does a merge; reports then add up
 * stored rows.
 */
@Component
class Credits {

	/** Activity types that move cash: they are payments, not touches. */
	private static final Set<String> CASH = Set.of("payment_succeeded", "payment_refunded");

	private final JdbcTemplate jdbc;

	private final Campaigns campaigns;

	private final Touches touches;

	private final Payments payments;

	private final Deals deals;

	private final RevenueSettings settings;

	private final ApplicationEventPublisher events;

	Credits(JdbcTemplate jdbc, Campaigns campaigns, Touches touches, Payments payments, Deals deals,
			RevenueSettings settings, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.campaigns = campaigns;
		this.touches = touches;
		this.payments = payments;
		this.deals = deals;
		this.settings = settings;
		this.events = events;
	}

	/**
	 * One credit row.
	 *
	 * @param payment the payment or refund
	 * @param model the model
	 * @param campaignId the campaign
	 * @param share its share of the payment
	 */
	private record Credit(Payments.Payment payment, AttributionModel model, UUID campaignId, BigDecimal share) {

		BigDecimal amount() {
			BigDecimal cash = this.payment.amount().amount().multiply(this.share);
			return this.payment.refund() ? cash.negate() : cash;
		}

	}

	@EventListener
	void on(ActivitiesRecorded recorded) {
		List<ActivitiesRecorded.Activity> activities = recorded.activities();
		Map<String, UUID> campaignIds = this.campaigns.ensure(activities.stream()
			.filter((a) -> a.campaign() != null && !CASH.contains(a.type()))
			.map(ActivitiesRecorded.Activity::campaign)
			.toList());
		List<Touches.Stored> stored = new ArrayList<>();
		Map<UUID, Instant> earliest = new HashMap<>();
		Map<UUID, Instant> known = new HashMap<>();
		List<ActivitiesRecorded.Activity> cash = new ArrayList<>();
		for (ActivitiesRecorded.Activity activity : activities) {
			if (CASH.contains(activity.type())) {
				if (activity.money() != null) {
					cash.add(activity);
				}
			}
			else if (activity.campaign() != null) {
				stored.add(new Touches.Stored(activity.id(),
						campaignIds.get(activity.campaign().toLowerCase(java.util.Locale.ROOT)), activity.personId(),
						activity.occurredAt()));
				earliest.merge(activity.personId(), activity.occurredAt(), Credits::min);
			}
			if (activity.identified()) {
				known.merge(activity.personId(), activity.occurredAt(), Credits::min);
			}
		}
		this.touches.record(stored);
		if (!stored.isEmpty()) {
			this.events.publishEvent(new TouchesRecorded(recorded.tenantId(),
					stored.stream().map(Touches.Stored::personId).collect(Collectors.toSet())));
		}
		for (UUID changed : this.touches.known(known)) {
			earliest.merge(changed, known.get(changed), Credits::min);
		}
		// people whose earlier payments the new touches or lead creations change
		Set<UUID> redo = new HashSet<>(this.payments.paidSince(earliest));
		List<Payments.Payment> fresh = this.payments.record(cash);
		fresh.forEach((p) -> redo.add(p.personId()));
		recompute(redo);
	}

	@EventListener
	void on(PeopleMerged merged) {
		Set<UUID> redo = new HashSet<>();
		merged.into().forEach((from, into) -> {
			this.touches.moveTo(from, into);
			this.payments.moveTo(from, into);
			this.deals.moveTo(from, into);
			redo.add(into);
		});
		this.events.publishEvent(new TouchesRecorded(merged.tenantId(), Set.copyOf(redo)));
		recompute(redo);
	}

	/**
	 * Computes again every credit of these people's payments and refunds, payments first
	 * and in time order, so a refund finds its payment's shares.
	 */
	void recompute(Set<UUID> personIds) {
		if (personIds.isEmpty()) {
			return;
		}
		List<Payments.Payment> all = this.payments.forPeople(new ArrayList<>(personIds));
		if (all.isEmpty()) {
			return;
		}
		UUID[] paying = all.stream().map(Payments.Payment::personId).distinct().toArray(UUID[]::new);
		this.jdbc.update("delete from attribution_credits where payment_id = any(?::uuid[])",
				(Object) all.stream().map(Payments.Payment::id).toArray(UUID[]::new));
		Duration lookback = Duration.ofDays(this.settings.lookbackDays());
		Instant first = all.stream().map(Payments.Payment::at).min(Instant::compareTo).orElseThrow();
		Instant last = all.stream().map(Payments.Payment::at).max(Instant::compareTo).orElseThrow();
		Map<UUID, List<Attribution.Touch>> paths = this.touches.paths(paying, first.minus(lookback), last);
		Map<UUID, Instant> knownAt = this.touches.knownAt(paying);
		Map<UUID, List<Deals.Milestone>> milestones = new HashMap<>();
		this.deals.milestones(paying)
			.forEach((m) -> milestones.computeIfAbsent(m.personId(), (k) -> new ArrayList<>()).add(m));

		Map<UUID, Map<AttributionModel, Map<UUID, BigDecimal>>> sharesOf = new HashMap<>();
		List<Credit> credits = new ArrayList<>();
		for (Payments.Payment payment : all.stream().filter((p) -> !p.refund()).toList()) {
			Attribution.Path path = path(payment, paths.getOrDefault(payment.personId(), List.of()),
					knownAt.get(payment.personId()), milestones.getOrDefault(payment.personId(), List.of()), lookback);
			Map<AttributionModel, Map<UUID, BigDecimal>> shares = Attribution.shares(path);
			sharesOf.put(payment.id(), shares);
			add(credits, payment, shares);
		}
		for (Payments.Payment refund : all.stream().filter(Payments.Payment::refund).toList()) {
			Map<AttributionModel, Map<UUID, BigDecimal>> shares = (refund.refundOf() != null)
					? sharesOf.get(refund.refundOf()) : null;
			if (shares == null) {
				// no payment to follow: the refund is shared as a payment at its time
				// would be
				shares = Attribution.shares(
						path(refund, paths.getOrDefault(refund.personId(), List.of()), knownAt.get(refund.personId()),
								milestones.getOrDefault(refund.personId(), List.of()), lookback));
			}
			add(credits, refund, shares);
		}
		insert(credits);
	}

	private static Attribution.Path path(Payments.Payment payment, List<Attribution.Touch> touches, Instant knownAt,
			List<Deals.Milestone> deals, Duration lookback) {
		Instant since = payment.at().minus(lookback);
		List<Attribution.Touch> window = touches.stream()
			.filter((t) -> !t.at().isBefore(since) && !t.at().isAfter(payment.at()))
			.toList();
		Instant opened = null;
		Instant won = null;
		for (Deals.Milestone deal : deals) {
			if (!deal.openedAt().isAfter(payment.at())) {
				opened = deal.openedAt();
				won = (deal.wonAt() != null && !deal.wonAt().isAfter(payment.at())) ? deal.wonAt() : won;
			}
		}
		return new Attribution.Path(window, knownAt, opened, won, payment.at());
	}

	private static void add(List<Credit> credits, Payments.Payment payment,
			Map<AttributionModel, Map<UUID, BigDecimal>> shares) {
		shares.forEach((model, byCampaign) -> byCampaign
			.forEach((campaign, share) -> credits.add(new Credit(payment, model, campaign, share))));
	}

	private void insert(List<Credit> credits) {
		if (credits.isEmpty()) {
			return;
		}
		UUID tenant = TenantContext.require();
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement("insert into attribution_credits (tenant_id, "
					+ "payment_id, model, campaign_id, person_id, at, share, amount, currency) "
					+ "select ?, p, m, c, pe, t, s, a, cu from unnest(?, ?, ?, ?, ?, ?, ?, ?) "
					+ "as u(p, m, c, pe, t, s, a, cu)");
			statement.setObject(1, tenant);
			PgArrays.bind(connection, statement, 2, credits,
					new PgArrays.Column<Credit>("uuid", (c) -> c.payment().id()),
					new PgArrays.Column<Credit>("text", (c) -> c.model().id()),
					new PgArrays.Column<Credit>("uuid", Credit::campaignId),
					new PgArrays.Column<Credit>("uuid", (c) -> c.payment().personId()),
					new PgArrays.Column<Credit>("timestamptz", (c) -> Timestamp.from(c.payment().at())),
					new PgArrays.Column<Credit>("numeric", Credit::share),
					new PgArrays.Column<Credit>("numeric", Credit::amount),
					new PgArrays.Column<Credit>("text", (c) -> c.payment().amount().currency()));
			return statement;
		});
	}

	/**
	 * Per campaign and currency, the credit earned under a model by cash that moved
	 * between two instants (from inclusive, to exclusive), net of refunds.
	 */
	List<Campaigns.Amount> between(AttributionModel model, Instant from, Instant to) {
		DaySpan span = DaySpan.of(from, to);
		return this.jdbc.query(
				"select campaign_id, currency, sum(amount) from (select campaign_id, currency, amount "
						+ "from credit_days where model = ? and " + DaySpan.days("day")
						+ " union all select campaign_id, currency, amount * " + span.sign("at")
						+ " from attribution_credits where model = ? and " + DaySpan.edges("at")
						+ ") x group by campaign_id, currency having sum(amount) <> 0",
				(rs, row) -> new Campaigns.Amount(rs.getObject(1, UUID.class), rs.getString(2), rs.getBigDecimal(3)),
				DaySpan.parameters(model.id(), span.dayParameters(), span.signParameter(), model.id(),
						span.edgeParameters()));
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

}
