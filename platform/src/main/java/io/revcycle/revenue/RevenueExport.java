package io.revcycle.revenue;

import java.util.List;

import io.revcycle.kernel.Exported;

import org.springframework.stereotype.Component;

/**
 * What this feature gives to the tenant's export: campaigns and costs, revenue settings,
 * touches, lead creations, deals, payments and attribution credits.
 */
@Component
class RevenueExport implements Exported {

	@Override
	public List<Table> tables() {
		return List.of(new Exported.Table("campaigns", "campaigns", "id"),
				new Exported.Table("campaign_costs", "campaign_costs", "campaign_id", "month", "currency"),
				new Exported.Table("revenue_settings", "revenue_settings"),
				new Exported.Table("campaign_touches", "campaign_touches", "activity_id"),
				new Exported.Table("lead_creations", "lead_creations", "person_id"),
				new Exported.Table("deals", "deals", "id"), new Exported.Table("payments", "payments", "id"),
				new Exported.Table("attribution_credits", "attribution_credits", "payment_id", "model", "campaign_id"),
				new Exported.Table("campaign_people", "campaign_people", "person_id", "campaign_id"),
				new Exported.Table("campaign_days", "campaign_days", "day", "campaign_id"),
				new Exported.Table("credit_days", "credit_days", "model", "day", "campaign_id", "currency"),
				new Exported.Table("cash_days", "cash_days", "day", "currency"));
	}

}
