package io.revcycle.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import io.revcycle.kernel.DaySpan;
import io.revcycle.kernel.Money;
import io.revcycle.revenue.AttributionModel;
import io.revcycle.revenue.Campaigns;
import io.revcycle.revenue.Fx;
import io.revcycle.revenue.RevenueReports;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Campaigns in currency over a window: per campaign its touches and people, the MQLs and
 * new customers it touched first, the cash credited to it under a model, what it cost,
 * ROI and CAC, in the reporting currency and per original currency.
 */
@Component
class CampaignReport {

	private final JdbcTemplate jdbc;

	private final RevenueReports revenue;

	private final CampaignConversions conversions;

	CampaignReport(JdbcTemplate jdbc, RevenueReports revenue, CampaignConversions conversions) {
		this.jdbc = jdbc;
		this.revenue = revenue;
		this.conversions = conversions;
	}

	/**
	 * One campaign's figures.
	 *
	 * @param campaignId the campaign
	 * @param key its key
	 * @param name its name
	 * @param channel its channel
	 * @param touches touches in the window
	 * @param people people the campaign reached for the first time in the window (new
	 * people reached)
	 * @param mqls people who first entered MQL in the window, touched by the campaign at
	 * or before that
	 * @param customers people who first became customers in the window, touched by the
	 * campaign at or before that
	 * @param revenue the cash credited to it, net of refunds, in the reporting currency
	 * @param revenueByCurrency the same per original currency
	 * @param cost what it cost in the window, in the reporting currency
	 * @param costByCurrency the same per original currency
	 * @param roi (revenue - cost) / cost, as a decimal string; null without cost
	 * @param cac cost per new customer; null without customers or cost
	 */
	record Item(UUID campaignId, String key, String name, String channel, long touches, long people, long mqls,
			long customers, Money revenue, List<Money> revenueByCurrency, Money cost, List<Money> costByCurrency,
			String roi, Money cac) {
	}

	/**
	 * The report.
	 *
	 * @param model the attribution model
	 * @param currency the reporting currency
	 * @param from the window's start
	 * @param to the window's end
	 * @param items per campaign, the most revenue first
	 * @param totalRevenue cash collected in the window net of refunds
	 * @param unattributedRevenue the part of it no campaign touched
	 * @param unconvertedCurrencies currencies left out of the converted sums for want of
	 * an FX rate; set one in the revenue settings
	 */
	record Report(String model, String currency, java.time.Instant from, java.time.Instant to, List<Item> items,
			Money totalRevenue, Money unattributedRevenue, List<String> unconvertedCurrencies) {
	}

	Report report(Window window, AttributionModel model) {
		CustomPlans.forThisTransaction(this.jdbc);
		Fx fx = this.revenue.fx();
		Set<String> unconverted = new TreeSet<>();
		Map<UUID, Campaigns.Campaign> campaigns = this.revenue.campaigns();
		Map<UUID, RevenueReports.Reach> reach = this.revenue.reach(window.from(), window.seenUntil());
		Map<UUID, Map<String, BigDecimal>> credited = byCampaign(
				this.revenue.credited(model, window.from(), window.seenUntil()));
		Map<UUID, Map<String, BigDecimal>> cost = byCampaign(this.revenue.cost(window.from(), window.to()));
		Map<UUID, long[]> converted = converted(window);

		Set<UUID> shown = new HashSet<>();
		shown.addAll(reach.keySet());
		shown.addAll(credited.keySet());
		shown.addAll(cost.keySet());
		shown.addAll(converted.keySet());
		List<Item> items = new ArrayList<>();
		BigDecimal attributed = BigDecimal.ZERO;
		for (UUID id : shown) {
			Campaigns.Campaign campaign = campaigns.get(id);
			if (campaign == null) {
				continue;
			}
			Map<String, BigDecimal> revenueByCurrency = credited.getOrDefault(id, Map.of());
			Map<String, BigDecimal> costByCurrency = cost.getOrDefault(id, Map.of());
			BigDecimal revenue = sum(fx, revenueByCurrency, unconverted);
			BigDecimal spent = sum(fx, costByCurrency, unconverted);
			attributed = attributed.add(revenue);
			long[] people = converted.getOrDefault(id, new long[2]);
			RevenueReports.Reach touched = reach.getOrDefault(id, new RevenueReports.Reach(0, 0));
			String roi = (spent.signum() > 0)
					? revenue.subtract(spent).divide(spent, 4, RoundingMode.HALF_UP).toPlainString() : null;
			Money cac = (spent.signum() > 0 && people[1] > 0) ? Fx
				.money(spent.divide(BigDecimal.valueOf(people[1]), 10, RoundingMode.HALF_UP), fx.reportingCurrency())
					: null;
			items.add(new Item(id, campaign.key(), campaign.name(), campaign.channel(), touched.touches(),
					touched.people(), people[0], people[1], Fx.money(revenue, fx.reportingCurrency()),
					moneys(revenueByCurrency), Fx.money(spent, fx.reportingCurrency()), moneys(costByCurrency), roi,
					cac));
		}
		items.sort(Comparator.comparing((Item i) -> i.revenue().amount()).reversed().thenComparing(Item::key));
		BigDecimal total = sum(fx, this.revenue.netCash(window.from(), window.seenUntil()), unconverted);
		return new Report(model.id(), fx.reportingCurrency(), window.from(), window.to(), items,
				Fx.money(total, fx.reportingCurrency()), Fx.money(total.subtract(attributed), fx.reportingCurrency()),
				List.copyOf(unconverted));
	}

	/**
	 * Per campaign, the people who entered MQL and the people who became customers in the
	 * window, after a touch of the campaign.
	 */
	private Map<UUID, long[]> converted(Window window) {
		List<String> stages = this.conversions.stages();
		DaySpan span = DaySpan.of(window.from(), window.seenUntil());
		Map<UUID, long[]> converted = new HashMap<>();
		String[] counted = stages.toArray(String[]::new);
		this.jdbc.query("select campaign_id, stage, sum(n) from (select campaign_id, stage, people as n "
				+ "from conversion_days where stage = any(?::text[]) and " + DaySpan.days("day")
				+ " union all select campaign_id, stage, " + span.sign("at")
				+ " from campaign_conversions where stage = any(?::text[]) and " + DaySpan.edges("at")
				+ ") x group by 1, 2 having sum(n) <> 0", (rs) -> {
					long[] counts = converted.computeIfAbsent(rs.getObject(1, UUID.class), (k) -> new long[2]);
					counts[stages.get(0).equals(rs.getString(2)) ? 0 : 1] = rs.getLong(3);
				}, DaySpan.parameters(counted, span.dayParameters(), span.signParameter(), counted,
						span.edgeParameters()));
		return converted;
	}

	private static Map<UUID, Map<String, BigDecimal>> byCampaign(List<Campaigns.Amount> amounts) {
		Map<UUID, Map<String, BigDecimal>> by = new HashMap<>();
		for (Campaigns.Amount amount : amounts) {
			by.computeIfAbsent(amount.campaignId(), (k) -> new TreeMap<>())
				.merge(amount.currency(), amount.amount(), BigDecimal::add);
		}
		return by;
	}

	/** The sum in the reporting currency of what can be converted; the rest is named. */
	static BigDecimal sum(Fx fx, Map<String, BigDecimal> amounts, Set<String> unconverted) {
		BigDecimal sum = BigDecimal.ZERO;
		for (Map.Entry<String, BigDecimal> amount : amounts.entrySet()) {
			BigDecimal value = fx.toReporting(amount.getValue(), amount.getKey());
			if (value == null) {
				unconverted.add(amount.getKey());
			}
			else {
				sum = sum.add(value);
			}
		}
		return sum;
	}

	static List<Money> moneys(Map<String, BigDecimal> amounts) {
		return amounts.entrySet().stream().map((e) -> Fx.money(e.getValue(), e.getKey())).toList();
	}

}
