package io.revcycle.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.revcycle.cycle.StageModelDefinition;
import io.revcycle.kernel.InvalidInput;
import io.revcycle.kernel.Money;
import io.revcycle.revenue.Fx;
import io.revcycle.revenue.RevenueReports;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The revenue plan: from a revenue target, back through the average deal size and the
 * conversion measured in a window, to the customers, opportunities, SQLs, SALs and MQLs
 * needed.
 */
@Component
class RevenuePlan {

	private final JdbcTemplate jdbc;

	private final RevenueReports revenue;

	private final Funnel funnel;

	RevenuePlan(JdbcTemplate jdbc, RevenueReports revenue, Funnel funnel) {
		this.jdbc = jdbc;
		this.revenue = revenue;
		this.funnel = funnel;
	}

	/**
	 * A stage of the plan.
	 *
	 * @param stage the stage
	 * @param needed how many people must enter it, null when its conversion is unknown
	 * @param conversionRate the share of those who entered it in the window that advanced
	 */
	record Step(String stage, Long needed, BigDecimal conversionRate) {
	}

	/**
	 * The plan.
	 *
	 * @param target the revenue target
	 * @param averageDealSize the average won deal in the window (else the cash collected
	 * per new customer), in the target's currency
	 * @param customersNeeded target / average deal size, rounded up
	 * @param stages from MQL to the last sales stage, in funnel order
	 * @param basis how the average deal size was measured: {@code won_deals},
	 * {@code cash_per_new_customer} or {@code none}
	 * @param from the window measured
	 * @param to its end
	 */
	record Plan(Money target, Money averageDealSize, Long customersNeeded, List<Step> stages, String basis,
			java.time.Instant from, java.time.Instant to) {
	}

	Plan plan(Window window, BigDecimal target, String currency) {
		Fx fx = this.revenue.fx();
		String in = (currency != null) ? currency : fx.reportingCurrency();
		Money goal;
		try {
			goal = new Money(target, in);
		}
		catch (IllegalArgumentException ex) {
			throw InvalidInput.of("target", ex.getMessage());
		}
		if (!goal.isPositive()) {
			throw InvalidInput.of("target", "must be more than zero");
		}
		if (!fx.converts(goal.currency())) {
			throw InvalidInput.of("currency", "has no FX rate in the revenue settings; set fxRates." + goal.currency()
					+ " or plan in " + fx.reportingCurrency());
		}
		Set<String> unconverted = new HashSet<>();
		String basis = "won_deals";
		BigDecimal average = averageWonDeal(window, fx, unconverted);
		Map<String, Funnel.StageFigures> figures = this.funnel.byStage(window);
		if (average == null) {
			basis = "cash_per_new_customer";
			List<String> post = this.funnel.stagesOf("post-sale");
			Funnel.StageFigures customers = post.isEmpty() ? null : figures.get(post.get(0));
			BigDecimal cash = CampaignReport.sum(fx, this.revenue.netCash(window.from(), window.seenUntil()),
					unconverted);
			average = (customers != null && customers.entered() > 0 && cash.signum() > 0)
					? cash.divide(BigDecimal.valueOf(customers.entered()), 10, RoundingMode.HALF_UP) : null;
		}
		if (average == null) {
			basis = "none";
		}
		BigDecimal averageIn = (average != null) ? fx.fromReporting(average, goal.currency()) : null;
		Long customers = (averageIn != null && averageIn.signum() > 0)
				? goal.amount().divide(averageIn, 0, RoundingMode.CEILING).longValueExact() : null;
		List<String> path = salesPath();
		List<Step> steps = new ArrayList<>();
		Long needed = customers;
		for (int i = path.size() - 1; i >= 0; i--) {
			Funnel.StageFigures stage = figures.get(path.get(i));
			BigDecimal rate = (stage != null) ? stage.conversionRate() : null;
			// needed / (advanced / entered), from the counts rather than the rounded rate
			needed = (needed != null && stage != null && stage.advanced() > 0)
					? BigDecimal.valueOf(needed * stage.entered())
						.divide(BigDecimal.valueOf(stage.advanced()), 0, RoundingMode.CEILING)
						.longValueExact()
					: null;
			steps.add(0, new Step(path.get(i), needed, rate));
		}
		return new Plan(Fx.money(goal.amount(), goal.currency()),
				(averageIn != null) ? Fx.money(averageIn, goal.currency()) : null, customers, steps, basis,
				window.from(), window.to());
	}

	/** MQL and the stages after it up to the last sales stage, in funnel order. */
	private List<String> salesPath() {
		List<String> order = this.funnel.stageNames();
		List<String> sales = this.funnel.stagesOf("sale");
		int first = order.indexOf(StageModelDefinition.MQL);
		List<String> path = new ArrayList<>();
		for (int i = Math.max(first, 0); i < order.size(); i++) {
			String stage = order.get(i);
			if (stage.equals(StageModelDefinition.MQL) || sales.contains(stage)) {
				path.add(stage);
			}
		}
		return path;
	}

	/** The average won deal in the window, in the reporting currency, or null. */
	private BigDecimal averageWonDeal(Window window, Fx fx, Set<String> unconverted) {
		Map<String, BigDecimal> sums = new TreeMap<>();
		long[] count = new long[1];
		this.jdbc.query("select currency, count(*), sum(amount) from deal_log where status = 'won' and closed_at >= ? "
				+ "and closed_at < ? group by currency", (rs) -> {
					if (fx.converts(rs.getString(1))) {
						count[0] += rs.getLong(2);
					}
					sums.put(rs.getString(1), rs.getBigDecimal(3));
				}, Timestamp.from(window.from()), Timestamp.from(window.seenUntil()));
		BigDecimal total = CampaignReport.sum(fx, sums, unconverted);
		return (count[0] > 0 && total.signum() > 0)
				? total.divide(BigDecimal.valueOf(count[0]), 10, RoundingMode.HALF_UP) : null;
	}

}
