/**
 * Revenue in currency: campaigns with monthly costs, the reporting currency and FX rates,
 * deals, payments and refunds, and the attribution of cash to the campaigns that touched
 * the paying person, stored per model when the cash arrives.
 */
@io.revcycle.kernel.Tables(
		owns = { "campaigns", "campaign_costs", "revenue_settings", "campaign_touches", "lead_creations", "deals",
				"payments", "attribution_credits", "campaign_people", "campaign_days", "credit_days", "cash_days" },
		publishes = { "campaign_touch_log", "deal_log", "campaign_people_log" })
package io.revcycle.revenue;
