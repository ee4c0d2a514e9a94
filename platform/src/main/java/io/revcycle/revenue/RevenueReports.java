package io.revcycle.revenue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * What revenue tells the reports, as sums of stored rows: campaigns, their reach, the
 * cash credited to them, what they cost, and the cash collected.
 */
@Component
public class RevenueReports {

	private final Campaigns campaigns;

	private final Touches touches;

	private final Credits credits;

	private final Payments payments;

	private final RevenueSettings settings;

	RevenueReports(Campaigns campaigns, Touches touches, Credits credits, Payments payments, RevenueSettings settings) {
		this.campaigns = campaigns;
		this.touches = touches;
		this.credits = credits;
		this.payments = payments;
		this.settings = settings;
	}

	/**
	 * A campaign's reach in a window.
	 *
	 * @param touches how many touches
	 * @param people how many distinct people
	 */
	public record Reach(long touches, long people) {
	}

	/** The reporting currency and FX rates in force. */
	public Fx fx() {
		return this.settings.fx();
	}

	/** Every campaign, by id. */
	public Map<UUID, Campaigns.Campaign> campaigns() {
		return this.campaigns.all();
	}

	/** Per campaign, its touches and people between two instants (to exclusive). */
	public Map<UUID, Reach> reach(Instant from, Instant to) {
		Map<UUID, Reach> reach = new java.util.HashMap<>();
		this.touches.reach(from, to).forEach((id, counts) -> reach.put(id, new Reach(counts[0], counts[1])));
		return reach;
	}

	/**
	 * Per campaign and currency, the cash credited under a model for payments and refunds
	 * between two instants (to exclusive).
	 */
	public List<Campaigns.Amount> credited(AttributionModel model, Instant from, Instant to) {
		return this.credits.between(model, from, to);
	}

	/**
	 * Per campaign and currency, what campaigns cost between two instants: each month's
	 * cost prorated by its days inside the window (days in UTC).
	 */
	public List<Campaigns.Amount> cost(Instant from, Instant to) {
		return this.campaigns.costsBetween(LocalDate.ofInstant(from, ZoneOffset.UTC),
				LocalDate.ofInstant(to, ZoneOffset.UTC));
	}

	/**
	 * Cash collected net of refunds between two instants (to exclusive), per currency.
	 */
	public Map<String, BigDecimal> netCash(Instant from, Instant to) {
		return this.payments.netBetween(from, to);
	}

}
