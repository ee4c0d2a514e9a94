package io.revcycle.analytics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import io.revcycle.kernel.Money;
import io.revcycle.revenue.Fx;
import io.revcycle.revenue.RevenueReports;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The open deals' value, by the stage their person is in and by owner, in the reporting
 * currency and per original currency.
 */
@Component
class Pipeline {

	private final JdbcTemplate jdbc;

	private final RevenueReports revenue;

	private final Funnel funnel;

	Pipeline(JdbcTemplate jdbc, RevenueReports revenue, Funnel funnel) {
		this.jdbc = jdbc;
		this.revenue = revenue;
		this.funnel = funnel;
	}

	/**
	 * A slice of the pipeline.
	 *
	 * @param deals how many open deals
	 * @param value their value in the reporting currency
	 * @param valueByCurrency their value per original currency
	 */
	record Slice(long deals, Money value, List<Money> valueByCurrency) {
	}

	record StageSlice(String stage, long deals, Money value, List<Money> valueByCurrency) {
	}

	record OwnerSlice(UUID ownerId, String email, String team, long deals, Money value, List<Money> valueByCurrency) {
	}

	/**
	 * The pipeline.
	 *
	 * @param currency the reporting currency
	 * @param deals how many deals are open
	 * @param total their value in the reporting currency
	 * @param totalByCurrency their value per original currency
	 * @param byStage per stage of the deal's person, in funnel order
	 * @param byOwner per deal owner (ownerId null: deals without an owner)
	 * @param unconvertedCurrencies currencies left out of the converted sums for want of
	 * an FX rate
	 */
	record Report(String currency, long deals, Money total, List<Money> totalByCurrency, List<StageSlice> byStage,
			List<OwnerSlice> byOwner, List<String> unconvertedCurrencies) {
	}

	private record Row(String stage, UUID ownerId, String email, String team, String currency, long deals,
			BigDecimal value) {
	}

	Report report() {
		Fx fx = this.revenue.fx();
		List<Row> rows = this.jdbc.query(
				"select coalesce(s.stage, 'Unknown'), d.owner_id, m.email, m.team, "
						+ "d.currency, count(*), sum(d.amount) from deal_log d "
						+ "left join stage_stays s on s.person_id = d.person_id and s.left_at is null "
						+ "left join member_directory m on m.user_id = d.owner_id where d.status = 'open' "
						+ "group by 1, 2, 3, 4, 5",
				(rs, i) -> new Row(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
						rs.getString(5), rs.getLong(6), rs.getBigDecimal(7)));
		Set<String> unconverted = new TreeSet<>();
		Map<String, Map<String, BigDecimal>> byStage = new LinkedHashMap<>();
		Map<String, long[]> stageDeals = new LinkedHashMap<>();
		Map<UUID, Map<String, BigDecimal>> byOwner = new LinkedHashMap<>();
		Map<UUID, long[]> ownerDeals = new LinkedHashMap<>();
		Map<UUID, String[]> who = new LinkedHashMap<>();
		Map<String, BigDecimal> total = new TreeMap<>();
		long deals = 0;
		UUID nobody = new UUID(0, 0);
		for (Row row : rows) {
			byStage.computeIfAbsent(row.stage(), (k) -> new TreeMap<>())
				.merge(row.currency(), row.value(), BigDecimal::add);
			stageDeals.computeIfAbsent(row.stage(), (k) -> new long[1])[0] += row.deals();
			UUID owner = (row.ownerId() != null) ? row.ownerId() : nobody;
			byOwner.computeIfAbsent(owner, (k) -> new TreeMap<>()).merge(row.currency(), row.value(), BigDecimal::add);
			ownerDeals.computeIfAbsent(owner, (k) -> new long[1])[0] += row.deals();
			who.put(owner, new String[] { row.email(), row.team() });
			total.merge(row.currency(), row.value(), BigDecimal::add);
			deals += row.deals();
		}
		List<String> order = this.funnel.stageNames();
		List<StageSlice> stages = new ArrayList<>();
		byStage.forEach((stage,
				values) -> stages.add(new StageSlice(stage, stageDeals.get(stage)[0],
						Fx.money(CampaignReport.sum(fx, values, unconverted), fx.reportingCurrency()),
						CampaignReport.moneys(values))));
		stages.sort(Comparator
			.comparing((StageSlice s) -> order.contains(s.stage()) ? order.indexOf(s.stage()) : Integer.MAX_VALUE));
		List<OwnerSlice> owners = new ArrayList<>();
		byOwner.forEach((owner,
				values) -> owners.add(new OwnerSlice(owner.equals(nobody) ? null : owner, who.get(owner)[0],
						who.get(owner)[1], ownerDeals.get(owner)[0],
						Fx.money(CampaignReport.sum(fx, values, unconverted), fx.reportingCurrency()),
						CampaignReport.moneys(values))));
		owners.sort(Comparator.comparing((OwnerSlice o) -> o.value().amount()).reversed());
		return new Report(fx.reportingCurrency(), deals,
				Fx.money(CampaignReport.sum(fx, total, unconverted), fx.reportingCurrency()),
				CampaignReport.moneys(total), stages, owners, List.copyOf(unconverted));
	}

}
