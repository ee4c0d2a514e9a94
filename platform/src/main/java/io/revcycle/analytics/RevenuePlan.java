package io.revcycle.analytics;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
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
 * needed. Each stage's people needed follow from its measured conversion to customer, not
 * from multiplying stage-to-stage rates: people skip stages (an MQL pays, a lead goes
 * straight to a deal), and a stage they skip would otherwise break the chain.
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
	 * @param needed how many people must enter it for the customers needed: the customers
	 * divided by its conversion to customer, rounded up; null when nobody entered it in
	 * the window or none of them is on a path to a customer
	 * @param conversionRate the share of those who entered it in the window that advanced
	 * (to any later stage)
	 * @param conversionToCustomer the share of those who entered it in the window that
	 * became customers, by whatever path (people skip stages: an MQL who pays is a
	 * customer without having been an SQL)
	 */
	record Step(String stage, Long needed, BigDecimal conversionRate, BigDecimal conversionToCustomer) {
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
		Map<String, Funnel.Flow> flows = this.funnel.flows(window);
		if (average == null) {
			basis = "cash_per_new_customer";
			List<String> post = this.funnel.stagesOf("post-sale");
			Funnel.Flow customers = post.isEmpty() ? null : flows.get(post.get(0));
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
		Map<String, Ratio> toCustomer = conversionToCustomer(flows);
		List<Step> steps = new ArrayList<>();
		for (String stage : salesPath()) {
			Funnel.Flow measured = flows.get(stage);
			Ratio rate = toCustomer.get(stage);
			Long needed = (customers != null && rate != null && rate.positive()) ? rate.neededFor(customers) : null;
			steps.add(new Step(stage, needed, (measured != null) ? measured.conversionRate() : null,
					(rate != null) ? rate.decimal() : null));
		}
		return new Plan(Fx.money(goal.amount(), goal.currency()),
				(averageIn != null) ? Fx.money(averageIn, goal.currency()) : null, customers, steps, basis,
				window.from(), window.to());
	}

	/**
	 * Per stage before the customer stages, the share of the people who entered it in the
	 * window that went on to become customers, as far as the window measured it:
	 * {@code P(s) = sum over the later stages t of (moved s->t / entered s) * P(t)}, with
	 * {@code P = 1} for the post-sale stages and 0 for a leak or a move back. A stage's
	 * people who have not moved count as not (yet) customers. Stages nobody entered are
	 * left out, and so is a stage some of whose people went to such a stage: no measure
	 * is better than a wrong one. Exact fractions, so that the people needed round up
	 * only once.
	 */
	private Map<String, Ratio> conversionToCustomer(Map<String, Funnel.Flow> flows) {
		List<String> order = this.funnel.stageNames();
		Set<String> customers = Set.copyOf(this.funnel.stagesOf("post-sale"));
		Set<String> leaks = Set.copyOf(this.funnel.stagesOf("leak"));
		Map<String, Ratio> toCustomer = new HashMap<>();
		for (int i = order.size() - 1; i >= 0; i--) {
			String stage = order.get(i);
			if (customers.contains(stage)) {
				toCustomer.put(stage, Ratio.ONE);
				continue;
			}
			Funnel.Flow flow = flows.get(stage);
			if (leaks.contains(stage) || flow == null) {
				continue;
			}
			Ratio share = Ratio.ZERO;
			for (Map.Entry<String, Long> next : flow.to().entrySet()) {
				if (order.indexOf(next.getKey()) <= i || leaks.contains(next.getKey())) {
					continue;
				}
				Ratio onward = toCustomer.get(next.getKey());
				if (onward == null) {
					share = null;
					break;
				}
				share = share.plus(Ratio.of(next.getValue(), flow.entered()).times(onward));
			}
			if (share != null) {
				toCustomer.put(stage, share);
			}
		}
		return toCustomer;
	}

	/** A non-negative fraction, kept exact. */
	private record Ratio(BigInteger numerator, BigInteger denominator) {

		static final Ratio ZERO = new Ratio(BigInteger.ZERO, BigInteger.ONE);

		static final Ratio ONE = new Ratio(BigInteger.ONE, BigInteger.ONE);

		static Ratio of(long numerator, long denominator) {
			return reduced(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
		}

		private static Ratio reduced(BigInteger numerator, BigInteger denominator) {
			BigInteger gcd = numerator.gcd(denominator);
			return gcd.signum() == 0 ? ZERO : new Ratio(numerator.divide(gcd), denominator.divide(gcd));
		}

		Ratio plus(Ratio other) {
			return reduced(this.numerator.multiply(other.denominator).add(other.numerator.multiply(this.denominator)),
					this.denominator.multiply(other.denominator));
		}

		Ratio times(Ratio other) {
			return reduced(this.numerator.multiply(other.numerator), this.denominator.multiply(other.denominator));
		}

		boolean positive() {
			return this.numerator.signum() > 0;
		}

		/** How many must enter for {@code customers} to come out: rounded up. */
		long neededFor(long customers) {
			BigInteger[] division = BigInteger.valueOf(customers)
				.multiply(this.denominator)
				.divideAndRemainder(this.numerator);
			return division[0].add((division[1].signum() > 0) ? BigInteger.ONE : BigInteger.ZERO).longValueExact();
		}

		BigDecimal decimal() {
			return new BigDecimal(this.numerator).divide(new BigDecimal(this.denominator), 4, RoundingMode.HALF_UP);
		}

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
