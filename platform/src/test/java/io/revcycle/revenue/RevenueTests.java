package io.revcycle.revenue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.revcycle.ApiTest;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.MovableClock;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revenue in currency, end to end over the API: campaigns with costs, deals, cash
 * attributed to campaigns under every model, the funnel as it stood at any time, the
 * pipeline and the revenue plan; and another tenant sees none of it.
 */
class RevenueTests extends ApiTest {

	private static final String PASSWORD = "long-enough-password";

	private static final Instant OCT_5 = Instant.parse("2026-10-05T09:00:00Z");

	private static final Instant OCT_6 = Instant.parse("2026-10-06T09:00:00Z");

	private static final Instant OCT_20 = Instant.parse("2026-10-20T09:00:00Z");

	private static final String OCTOBER = "from=2026-10-01&to=2026-11-01";

	@Autowired
	private MovableClock clock;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	/**
	 * DOMAIN.md's example: Pink brings half as many leads again as Blue (15 MQLs to 10),
	 * Blue's leads bring five times the cash (15000.00 EUR to 3000.00 EUR, after a refund
	 * of 1500.00 EUR and with 5000 USD converted at 0.90). The lead report says Pink, the
	 * revenue report Blue.
	 */
	@Test
	void pinkBringsTheLeadsBlueTheRevenue() {
		SignedUp tenant = TestTenants.signUp(this.api, "pinkblue");
		SignedUp other = TestTenants.signUp(this.api, "pinkblue-other");
		pinkAndBlue(tenant);

		JsonNode report = ok(this.api.get("/api/v1/analytics/campaigns?" + OCTOBER, tenant.auth()));
		assertThat(report.get("model").asString()).isEqualTo("linear");
		assertThat(report.get("currency").asString()).isEqualTo("EUR");
		JsonNode pink = item(report, "pink");
		JsonNode blue = item(report, "blue");
		assertThat(pink.get("mqls").asLong()).as("the lead report: Pink wins").isEqualTo(15);
		assertThat(blue.get("mqls").asLong()).isEqualTo(10);
		assertThat(money(blue.get("revenue"))).as("the revenue report: Blue wins").isEqualTo("15000.00 EUR");
		assertThat(money(pink.get("revenue"))).isEqualTo("3000.00 EUR");
		assertThat(report.get("items").get(0).get("key").asString()).as("the most revenue first").isEqualTo("Blue");
		assertThat(moneys(blue.get("revenueByCurrency"))).containsExactly("10500.00 EUR", "5000.00 USD");
		assertThat(pink.get("customers").asLong()).isEqualTo(3);
		assertThat(blue.get("customers").asLong()).isEqualTo(5);
		assertThat(pink.get("touches").asLong()).isEqualTo(15);
		assertThat(pink.get("people").asLong()).isEqualTo(15);
		// costs: Pink 3000 EUR; Blue 2000 EUR and 1000 USD (900 EUR)
		assertThat(money(pink.get("cost"))).isEqualTo("3000.00 EUR");
		assertThat(money(blue.get("cost"))).isEqualTo("2900.00 EUR");
		assertThat(pink.get("roi").asString()).isEqualTo("0.0000");
		assertThat(blue.get("roi").asString()).as("(15000 - 2900) / 2900").isEqualTo("4.1724");
		assertThat(money(pink.get("cac"))).isEqualTo("1000.00 EUR");
		assertThat(money(blue.get("cac"))).isEqualTo("580.00 EUR");
		assertThat(money(report.get("totalRevenue"))).isEqualTo("18000.00 EUR");
		assertThat(money(report.get("unattributedRevenue"))).isEqualTo("0.00 EUR");

		// half a month of October's costs in a window of its first half
		JsonNode firstHalf = ok(
				this.api.get("/api/v1/analytics/campaigns?from=2026-10-01&to=2026-10-16", tenant.auth()));
		assertThat(money(item(firstHalf, "pink").get("cost"))).isEqualTo("1451.61 EUR");
		assertThat(item(firstHalf, "pink").get("revenue").get("amount").asString()).isEqualTo("0.00");

		// without a USD rate the USD cash is left out and named
		ok(this.api.put("/api/v1/revenue-settings", Map.of("fxRates", Map.of()), tenant.auth()));
		JsonNode noRate = ok(this.api.get("/api/v1/analytics/campaigns?" + OCTOBER, tenant.auth()));
		assertThat(money(item(noRate, "blue").get("revenue"))).isEqualTo("10500.00 EUR");
		assertThat(noRate.get("unconvertedCurrencies").toString()).isEqualTo("[\"USD\"]");
		eurReporting(tenant);

		// the funnel: 25 MQLs entered; as of the day they came, none had moved on
		JsonNode funnel = ok(this.api.get("/api/v1/analytics/funnel?" + OCTOBER, tenant.auth()));
		JsonNode mql = stage(funnel, "MQL");
		assertThat(mql.get("entered").asLong()).isEqualTo(25);
		assertThat(mql.get("advanced").asLong()).as("4 accepted, 8 paid").isEqualTo(12);
		assertThat(mql.get("leaks").toString()).contains("\"to\":\"Recycled\"", "\"reason\":\"no budget\"",
				"\"count\":3");
		assertThat(mql.get("conversionRate").decimalValue()).isEqualByComparingTo("0.48");
		// of the 15 who left: 7 after a day, 8 (the payers) after 15 days
		assertThat(mql.get("medianHoursInStage").decimalValue()).isEqualByComparingTo("360");
		JsonNode asOfDay = ok(this.api.get("/api/v1/analytics/funnel?" + OCTOBER + "&asOf=" + OCT_5.plusSeconds(3600),
				tenant.auth()));
		assertThat(stage(asOfDay, "MQL").get("entered").asLong()).isEqualTo(25);
		assertThat(stage(asOfDay, "MQL").get("advanced").asLong()).isZero();
		assertThat(stage(asOfDay, "MQL").get("leaks").size()).isZero();
		assertThat(stage(asOfDay, "Customer").get("entered").asLong()).isZero();
		assertThat(stage(funnel, "Customer").get("entered").asLong()).isEqualTo(8);

		// the plan: 8 new customers brought 18000 EUR, 2250 each; MQL -> ... -> Customer
		JsonNode plan = ok(this.api.get("/api/v1/analytics/revenue-plan?target=45000&" + OCTOBER, tenant.auth()));
		assertThat(money(plan.get("target"))).isEqualTo("45000.00 EUR");
		assertThat(plan.get("basis").asString()).isEqualTo("cash_per_new_customer");
		assertThat(money(plan.get("averageDealSize"))).isEqualTo("2250.00 EUR");
		assertThat(plan.get("customersNeeded").asLong()).isEqualTo(20);
		JsonNode planMql = plan.get("stages").get(0);
		assertThat(planMql.get("stage").asString()).isEqualTo("MQL");
		assertThat(planMql.get("conversionRate").decimalValue()).isEqualByComparingTo("0.48");
		// 8 of the 25 MQLs became customers, straight from MQL by paying: 20 / (8 / 25)
		assertThat(planMql.get("conversionToCustomer").decimalValue()).isEqualByComparingTo("0.32");
		assertThat(planMql.get("needed").asLong()).as("the plan works back past the stages payers skip").isEqualTo(63);
		JsonNode planSal = plan.get("stages").get(1);
		assertThat(planSal.get("stage").asString()).isEqualTo("SAL");
		assertThat(planSal.get("conversionToCustomer").decimalValue()).as("none of the 4 accepted has paid yet")
			.isEqualByComparingTo("0");
		assertThat(planSal.get("needed").isNull()).as("no number of SALs makes a customer at 0%").isTrue();
		assertThat(plan.get("stages").get(2).get("needed").isNull()).as("nobody entered SQL in October").isTrue();

		// tenant B sees nothing of A in any report
		JsonNode others = ok(this.api.get("/api/v1/analytics/campaigns?" + OCTOBER, other.auth()));
		assertThat(others.get("items").size()).isZero();
		assertThat(others.get("totalRevenue").get("amount").asString()).isEqualTo("0.00");
		assertThat(stage(ok(this.api.get("/api/v1/analytics/funnel?" + OCTOBER, other.auth())), "MQL").get("entered")
			.asLong()).isZero();
		assertThat(ok(this.api.get("/api/v1/campaigns", other.auth())).get("items").size()).isZero();
		assertThat(ok(this.api.get("/api/v1/payments", other.auth())).get("items").size()).isZero();
		String pinkId = pink.get("campaignId").asString();
		assertThat(this.api.get("/api/v1/campaigns/" + pinkId, other.auth()).status()).isEqualTo(404);
		assertThat(this.api
			.put("/api/v1/campaigns/" + pinkId + "/costs",
					Map.of("costs", List.of(Map.of("month", "2026-10", "amount", eur("1")))), other.auth())
			.status()).isEqualTo(404);
		assertThat(money(
				item(ok(this.api.get("/api/v1/analytics/campaigns?" + OCTOBER, tenant.auth())), "pink").get("cost")))
			.as("B's write changed nothing")
			.isEqualTo("3000.00 EUR");
	}

	/**
	 * Three people, each touched by two campaigns of their own before paying 1000.00 EUR;
	 * the credit of every campaign under every model, worked out by hand. X: alpha (first
	 * touch, anonymous), alpha, beta (lead creation), alpha (opportunity creation), beta
	 * (last). Y: gamma at lead creation (first touch and lead creation coincide), delta,
	 * no deal. Z: known before any touch (no lead creation touch), epsilon, zeta; then an
	 * older touch of eta arrives and recomputes Z's credits. A refund of 400.00 EUR of
	 * X's payment (by its charge id) takes back credit in the same shares, and so does a
	 * refund of 500.00 EUR of Y's matched by the person alone. Another tenant holds a
	 * person with X's email, campaign key, event ids and charge id: neither tenant's
	 * credits or refunds touch the other's.
	 */
	@Test
	void everyModelCreditsEachCampaignExactly() {
		SignedUp tenant = TestTenants.signUp(this.api, "models");
		SignedUp other = TestTenants.signUp(this.api, "models-other");
		eurReporting(tenant);
		eurReporting(other);
		// the other tenant's X: the same email, campaign key, event ids and charge id
		at("2026-09-02T10:00:00Z");
		event(other, touch("form_submitted", "x-1", "x@initech.com", "alpha"));
		at("2026-09-29T10:00:00Z");
		Map<String, Object> theirs = payment("pay-x", "x@initech.com", eur("9000.00"));
		theirs.put("properties", Map.of("charge_id", "ch_x"));
		event(other, theirs);
		// X
		at("2026-09-01T10:00:00Z");
		event(tenant, anonymous("page_view", "x-1", "anon-x", "alpha"));
		at("2026-09-04T10:00:00Z");
		event(tenant, anonymous("page_view", "x-2", "anon-x", "alpha"));
		at("2026-09-08T10:00:00Z");
		Map<String, Object> form = touch("form_submitted", "x-3", "x@initech.com", "beta");
		form.put("person", Map.of("email", "x@initech.com", "anonymousId", "anon-x"));
		String x = event(tenant, form);
		at("2026-09-15T10:00:00Z");
		event(tenant, touch("email_clicked", "x-4", "x@initech.com", "alpha"));
		at("2026-09-20T10:00:00Z");
		created(this.api.post("/api/v1/deals", Map.of("name", "Initech", "personId", x, "amount", eur("1000.00")),
				tenant.auth()));
		at("2026-09-22T10:00:00Z");
		event(tenant, touch("page_view", "x-5", "x@initech.com", "beta"));
		// Y
		at("2026-09-08T10:00:00Z");
		event(tenant, touch("form_submitted", "y-1", "y@initech.com", "gamma"));
		at("2026-09-20T10:00:00Z");
		event(tenant, touch("page_view", "y-2", "y@initech.com", "delta"));
		// Z
		at("2026-09-01T10:00:00Z");
		event(tenant, touch("form_submitted", "z-0", "z@initech.com", null));
		at("2026-09-10T10:00:00Z");
		event(tenant, touch("page_view", "z-1", "z@initech.com", "epsilon"));
		at("2026-09-15T10:00:00Z");
		event(tenant, touch("page_view", "z-2", "z@initech.com", "zeta"));
		// the payments
		at("2026-09-29T10:00:00Z");
		Map<String, Object> paid = payment("pay-x", "x@initech.com", eur("1000.00"));
		paid.put("properties", Map.of("charge_id", "ch_x"));
		event(tenant, paid);
		event(tenant, payment("pay-y", "y@initech.com", eur("1000.00")));
		event(tenant, payment("pay-z", "z@initech.com", eur("1000.00")));

		String window = "from=2026-09-01&to=2026-10-01";
		Map<String, Map<String, String>> expected = new LinkedHashMap<>();
		// X's touches: alpha 0d..28d before; ages 28, 25, 21, 14 and 7 days
		double[] w = { Math.pow(0.5, 4), Math.pow(0.5, 25 / 7.0), Math.pow(0.5, 3), Math.pow(0.5, 2), 0.5 };
		double total = w[0] + w[1] + w[2] + w[3] + w[4];
		String alphaDecay = cents(1000 * (w[0] + w[1] + w[3]) / total);
		String betaDecay = cents(1000 * (w[2] + w[4]) / total);
		expected.put("first_touch", Map.of("alpha", "1000.00", "gamma", "1000.00", "epsilon", "1000.00"));
		expected.put("last_touch", Map.of("beta", "1000.00", "delta", "1000.00", "zeta", "1000.00"));
		expected.put("linear", Map.of("alpha", "600.00", "beta", "400.00", "gamma", "500.00", "delta", "500.00",
				"epsilon", "500.00", "zeta", "500.00"));
		// X: 40 first (alpha), 40 lead creation (beta), 20 to the touch between (alpha);
		// Y: first touch and lead creation coincide; Z: no lead creation touch
		expected.put("u_shaped", Map.of("alpha", "600.00", "beta", "400.00", "gamma", "1000.00", "epsilon", "1000.00"));
		// X: 30 first, 30 lead creation, 30 opportunity (alpha), 10 between (alpha)
		expected.put("w_shaped", Map.of("alpha", "700.00", "beta", "300.00", "gamma", "1000.00", "epsilon", "1000.00"));
		// X: 22.5 x 4 (alpha, beta, alpha, beta) + 10 between (alpha); Y: 45 on gamma,
		// 22.5
		// on delta (closed won); Z: first touch and closed won
		expected.put("full_path", Map.of("alpha", "550.00", "beta", "450.00", "gamma", "666.67", "delta", "333.33",
				"epsilon", "500.00", "zeta", "500.00"));
		// Y: 21 and 9 days before; Z: 19 and 14 days before
		double y = Math.pow(0.5, 3) + Math.pow(0.5, 9 / 7.0);
		double z = Math.pow(0.5, 19 / 7.0) + Math.pow(0.5, 2);
		expected.put("time_decay",
				Map.of("alpha", alphaDecay, "beta", betaDecay, "gamma", cents(1000 * Math.pow(0.5, 3) / y), "delta",
						cents(1000 * Math.pow(0.5, 9 / 7.0) / y), "epsilon", cents(1000 * Math.pow(0.5, 19 / 7.0) / z),
						"zeta", cents(1000 * Math.pow(0.5, 2) / z)));
		// X: 20 first, 60 last, 20 over the three between (alpha, beta, alpha)
		expected.put("j_shaped", Map.of("alpha", "333.33", "beta", "666.67", "gamma", "250.00", "delta", "750.00",
				"epsilon", "250.00", "zeta", "750.00"));
		expected.put("inverse_j", Map.of("alpha", "733.33", "beta", "266.67", "gamma", "750.00", "delta", "250.00",
				"epsilon", "750.00", "zeta", "250.00"));
		for (Map.Entry<String, Map<String, String>> model : expected.entrySet()) {
			JsonNode report = ok(
					this.api.get("/api/v1/analytics/campaigns?" + window + "&model=" + model.getKey(), tenant.auth()));
			Map<String, String> credited = credited(report);
			assertThat(credited).as(model.getKey()).isEqualTo(withZeros(model.getValue(), credited.keySet()));
			assertThat(money(report.get("unattributedRevenue"))).as(model.getKey()).isEqualTo("0.00 EUR");
		}

		// a refund of 400.00 of X's payment (named by its charge) takes back 40% of each
		// share
		at("2026-09-30T10:00:00Z");
		Map<String, Object> refund = payment("ref-x", "x@initech.com", eur("400.00"));
		refund.put("type", "payment_refunded");
		refund.put("properties", Map.of("charge_id", "ch_x"));
		event(tenant, refund);
		Map<String, String> linear = credited(
				ok(this.api.get("/api/v1/analytics/campaigns?" + window + "&model=linear", tenant.auth())));
		assertThat(linear).containsEntry("alpha", "360.00").containsEntry("beta", "240.00");
		Map<String, String> wShaped = credited(
				ok(this.api.get("/api/v1/analytics/campaigns?" + window + "&model=w_shaped", tenant.auth())));
		assertThat(wShaped).containsEntry("alpha", "420.00").containsEntry("beta", "180.00");

		// a refund of 500.00 for Y, named by nothing but the person: half of each share
		event(tenant, refund("ref-y", "y@initech.com", eur("500.00")));
		linear = credited(ok(this.api.get("/api/v1/analytics/campaigns?" + window + "&model=linear", tenant.auth())));
		assertThat(linear).containsEntry("gamma", "250.00").containsEntry("delta", "250.00");
		Map<String, String> jShaped = credited(
				ok(this.api.get("/api/v1/analytics/campaigns?" + window + "&model=j_shaped", tenant.auth())));
		assertThat(jShaped).as("20/80 of the 500.00 left")
			.containsEntry("gamma", "125.00")
			.containsEntry("delta", "375.00");

		// the other tenant: its own payment whole, untouched by this tenant's refund of
		// ch_x; its refund of ch_x takes back from its payment only
		JsonNode theirReport = ok(
				this.api.get("/api/v1/analytics/campaigns?" + window + "&model=linear", other.auth()));
		assertThat(credited(theirReport)).isEqualTo(Map.of("alpha", "9000.00"));
		Map<String, Object> theirRefund = refund("ref-x", "x@initech.com", eur("4500.00"));
		theirRefund.put("properties", Map.of("charge_id", "ch_x"));
		event(other, theirRefund);
		assertThat(credited(ok(this.api.get("/api/v1/analytics/campaigns?" + window + "&model=linear", other.auth()))))
			.isEqualTo(Map.of("alpha", "4500.00"));
		assertThat(credited(ok(this.api.get("/api/v1/analytics/campaigns?" + window + "&model=linear", tenant.auth()))))
			.as("the other tenant's refund of its ch_x takes nothing from this tenant's")
			.containsEntry("alpha", "360.00")
			.containsEntry("beta", "240.00");

		// a touch older than Z's payment arrives late: Z's credits are computed again
		event(tenant, touch("page_view", "z-late", "z@initech.com", "eta", "2026-09-05T10:00:00Z"));
		Map<String, String> first = credited(
				ok(this.api.get("/api/v1/analytics/campaigns?" + window + "&model=first_touch", tenant.auth())));
		assertThat(first).containsEntry("eta", "1000.00").containsEntry("epsilon", "0.00");
		Map<String, String> fullPath = credited(
				ok(this.api.get("/api/v1/analytics/campaigns?" + window + "&model=full_path", tenant.auth())));
		// Z now: eta (first), epsilon (between), zeta (closed won): 22.5, 10, 22.5
		assertThat(fullPath).containsEntry("eta", "409.09")
			.containsEntry("epsilon", "181.82")
			.containsEntry("zeta", "409.09");
		assertThat(ok(this.api.get("/api/v1/campaigns", other.auth())).toString()).as("eta is this tenant's")
			.doesNotContain("eta");
	}

	/**
	 * The attribution lookback is a tenant setting: with 10 days, a touch 20 days before
	 * the payment earns nothing and the touch 5 days before takes it all; another tenant
	 * on the default 365 days credits the same history to its first touch.
	 */
	@Test
	void theLookbackWindowBoundsWhichTouchesEarnCredit() {
		SignedUp tenant = TestTenants.signUp(this.api, "lookback");
		SignedUp other = TestTenants.signUp(this.api, "lookback-other");
		eurReporting(tenant);
		eurReporting(other);
		JsonNode settings = ok(
				this.api.put("/api/v1/revenue-settings", Map.of("attributionLookbackDays", 10), tenant.auth()));
		assertThat(settings.get("attributionLookbackDays").asInt()).isEqualTo(10);
		assertProblem(this.api.put("/api/v1/revenue-settings", Map.of("attributionLookbackDays", 0), tenant.auth()),
				"attributionLookbackDays");
		for (SignedUp each : List.of(tenant, other)) {
			at("2026-09-01T10:00:00Z");
			event(each, touch("form_submitted", "old", "lee@initech.com", "old-webinar"));
			at("2026-09-16T10:00:00Z");
			event(each, touch("page_view", "recent", "lee@initech.com", "recent-ads"));
			at("2026-09-21T10:00:00Z");
			event(each, payment("pay-lee", "lee@initech.com", eur("800.00")));
		}
		String window = "from=2026-09-01&to=2026-10-01";
		for (String model : List.of("first_touch", "linear", "u_shaped")) {
			assertThat(credited(
					ok(this.api.get("/api/v1/analytics/campaigns?" + window + "&model=" + model, tenant.auth()))))
				.as(model + " with a 10-day lookback")
				.containsEntry("recent-ads", "800.00")
				.containsEntry("old-webinar", "0.00");
		}
		assertThat(credited(
				ok(this.api.get("/api/v1/analytics/campaigns?" + window + "&model=first_touch", other.auth()))))
			.as("the default lookback of 365 days")
			.containsEntry("old-webinar", "800.00")
			.containsEntry("recent-ads", "0.00");
		assertThat(ok(this.api.get("/api/v1/revenue-settings", other.auth())).get("attributionLookbackDays").asInt())
			.isEqualTo(365);
	}

	/**
	 * A deal opened moves its person to Opportunity, won to Customer, lost to Lost with
	 * its reason; the pipeline sums open deals per currency and in the reporting
	 * currency, by stage and owner; another tenant finds none of the deals.
	 */
	@Test
	void dealsMoveTheirPeopleAndMakeThePipeline() {
		SignedUp tenant = TestTenants.signUp(this.api, "deals");
		SignedUp other = TestTenants.signUp(this.api, "deals-other");
		eurReporting(tenant);
		String ae = user(tenant, "ae", "ae");
		String ae2 = user(tenant, "ae2", "ae");
		String[] aeAuth = login(tenant, "ae");
		at("2026-10-05T09:00:00Z");
		String ann = event(tenant, touch("demo_requested", "d-1", "ann@initech.com", null));
		String bob = event(tenant, touch("demo_requested", "d-2", "bob@initech.com", null));
		String cid = event(tenant, touch("demo_requested", "d-3", "cid@initech.com", null));

		JsonNode annDeal = created(this.api.post("/api/v1/deals",
				Map.of("name", "Ann's deal", "personId", ann, "amount", eur("1000.00"), "ownerId", ae), aeAuth));
		assertThat(annDeal.get("status").asString()).isEqualTo("open");
		assertThat(stageOf(tenant, ann)).isEqualTo("Opportunity");
		JsonNode bobDeal = created(this.api.post("/api/v1/deals",
				Map.of("name", "Bob's deal", "personId", bob, "amount", Map.of("amount", "500", "currency", "USD")),
				aeAuth));
		assertThat(bobDeal.get("ownerId").asString()).as("the caller owns it").isEqualTo(ae);
		JsonNode cidDeal = created(this.api.post("/api/v1/deals",
				Map.of("name", "Cid's deal", "personId", cid, "amount", eur("700.00"), "ownerId", ae2), aeAuth));

		JsonNode pipeline = ok(this.api.get("/api/v1/analytics/pipeline", tenant.auth()));
		assertThat(pipeline.get("deals").asLong()).isEqualTo(3);
		assertThat(money(pipeline.get("total"))).as("1700 EUR and 500 USD at 0.90").isEqualTo("2150.00 EUR");
		assertThat(moneys(pipeline.get("totalByCurrency"))).containsExactly("1700.00 EUR", "500.00 USD");
		assertThat(pipeline.get("byStage").size()).isEqualTo(1);
		JsonNode opportunities = slice(pipeline.get("byStage"), "stage", "Opportunity");
		assertThat(opportunities.get("deals").asLong()).isEqualTo(3);
		assertThat(money(opportunities.get("value"))).isEqualTo("2150.00 EUR");
		JsonNode aeSlice = slice(pipeline.get("byOwner"), "ownerId", ae);
		assertThat(aeSlice.get("email").asString()).startsWith("ae@");
		assertThat(aeSlice.get("deals").asLong()).isEqualTo(2);
		assertThat(money(aeSlice.get("value"))).as("1000 EUR and 500 USD at 0.90").isEqualTo("1450.00 EUR");
		assertThat(moneys(aeSlice.get("valueByCurrency"))).containsExactly("1000.00 EUR", "500.00 USD");
		JsonNode ae2Slice = slice(pipeline.get("byOwner"), "ownerId", ae2);
		assertThat(ae2Slice.get("deals").asLong()).isEqualTo(1);
		assertThat(money(ae2Slice.get("value"))).isEqualTo("700.00 EUR");

		at("2026-10-07T09:00:00Z");
		JsonNode won = ok(this.api.post("/api/v1/deals/" + annDeal.get("id").asString() + "/won", Map.of(), aeAuth));
		assertThat(won.get("status").asString()).isEqualTo("won");
		assertThat(stageOf(tenant, ann)).isEqualTo("Customer");
		ApiClient.Response again = this.api.post("/api/v1/deals/" + annDeal.get("id").asString() + "/won", Map.of(),
				aeAuth);
		assertThat(again.status()).as(again.toString()).isEqualTo(409);
		ApiClient.Response noReason = this.api.post("/api/v1/deals/" + bobDeal.get("id").asString() + "/lost", Map.of(),
				aeAuth);
		assertThat(noReason.status()).isEqualTo(400);
		assertThat(noReason.json().get("detail").asString()).contains("reason");
		ok(this.api.post("/api/v1/deals/" + bobDeal.get("id").asString() + "/lost",
				Map.of("reason", "went with a competitor"), aeAuth));
		assertThat(stageOf(tenant, bob)).isEqualTo("Lost");

		JsonNode after = ok(this.api.get("/api/v1/analytics/pipeline", tenant.auth()));
		assertThat(money(after.get("total"))).isEqualTo("700.00 EUR");
		JsonNode funnel = ok(this.api.get("/api/v1/analytics/funnel?from=2026-10-01&to=2026-11-01", tenant.auth()));
		assertThat(stage(funnel, "Opportunity").get("leaks").toString()).contains("went with a competitor");
		assertThat(stage(funnel, "Opportunity").get("entered").asLong()).isEqualTo(3);
		assertThat(stage(funnel, "Opportunity").get("advanced").asLong()).isEqualTo(1);
		JsonNode plan = ok(
				this.api.get("/api/v1/analytics/revenue-plan?target=10000&from=2026-10-01&to=2026-11-01", aeAuth));
		assertThat(plan.get("basis").asString()).isEqualTo("won_deals");
		assertThat(money(plan.get("averageDealSize"))).isEqualTo("1000.00 EUR");
		assertThat(plan.get("customersNeeded").asLong()).isEqualTo(10);
		JsonNode opportunity = plan.get("stages").get(plan.get("stages").size() - 1);
		assertThat(opportunity.get("stage").asString()).isEqualTo("Opportunity");
		assertThat(opportunity.get("needed").asLong()).as("1 of 3 opportunities was won").isEqualTo(30);
		assertThat(opportunity.get("conversionToCustomer").decimalValue()).isEqualByComparingTo("0.3333");
		JsonNode planMql = plan.get("stages").get(0);
		assertThat(planMql.get("stage").asString()).isEqualTo("MQL");
		assertThat(planMql.get("needed").asLong()).as("the three MQLs went straight to deals, one of them won")
			.isEqualTo(30);

		JsonNode timeline = ok(this.api.get("/api/v1/people/" + ann + "/timeline", tenant.auth()));
		assertThat(timeline.toString()).contains("deal_won", "deal_opened");
		assertThat(ok(this.api.get("/api/v1/deals?status=open", tenant.auth())).get("items").size()).isEqualTo(1);
		assertThat(ok(this.api.get("/api/v1/deals?ownerId=me", aeAuth)).get("items").size()).isEqualTo(2);

		// a customer's new deal leaves them a customer and is pipeline of that stage
		created(this.api.post("/api/v1/deals", Map.of("name", "Ann's upsell", "personId", ann, "amount", eur("300.00")),
				aeAuth));
		assertThat(stageOf(tenant, ann)).isEqualTo("Customer");
		JsonNode upsell = ok(this.api.get("/api/v1/analytics/pipeline", tenant.auth()));
		assertThat(money(upsell.get("total"))).isEqualTo("1000.00 EUR");
		assertThat(money(slice(upsell.get("byStage"), "stage", "Opportunity").get("value"))).isEqualTo("700.00 EUR");
		assertThat(money(slice(upsell.get("byStage"), "stage", "Customer").get("value"))).isEqualTo("300.00 EUR");
		assertThat(money(slice(upsell.get("byOwner"), "ownerId", ae).get("value"))).isEqualTo("300.00 EUR");
		assertThat(money(slice(upsell.get("byOwner"), "ownerId", ae2).get("value"))).isEqualTo("700.00 EUR");

		// another tenant: no deal, no pipeline, no move
		String cidId = cidDeal.get("id").asString();
		assertThat(this.api.get("/api/v1/deals/" + cidId, other.auth()).status()).isEqualTo(404);
		assertThat(this.api.post("/api/v1/deals/" + cidId + "/won", Map.of(), other.auth()).status()).isEqualTo(404);
		assertThat(this.api.post("/api/v1/deals/" + cidId + "/lost", Map.of("reason", "x"), other.auth()).status())
			.isEqualTo(404);
		ApiClient.Response foreign = this.api.post("/api/v1/deals",
				Map.of("name", "theirs", "personId", cid, "amount", eur("1")), other.auth());
		assertThat(foreign.status()).as(foreign.toString()).isEqualTo(400);
		assertThat(ok(this.api.get("/api/v1/deals", other.auth())).get("items").size()).isZero();
		assertThat(ok(this.api.get("/api/v1/analytics/pipeline", other.auth())).get("deals").asLong()).isZero();
		assertThat(ok(this.api.get("/api/v1/deals/" + cidId, tenant.auth())).get("status").asString())
			.isEqualTo("open");
	}

	/**
	 * Who may do what: marketing, finance and admins read every report; sales roles the
	 * funnel, pipeline and plan, not the campaigns; only marketing and admins write
	 * campaigns and costs, only sales roles and admins write deals. Bad input is a 400
	 * that says what to fix. Another tenant's keys and settings are its own.
	 */
	@Test
	void rolesAndBadInput() {
		SignedUp tenant = TestTenants.signUp(this.api, "revenue-roles");
		SignedUp other = TestTenants.signUp(this.api, "revenue-roles-other");
		user(tenant, "mkt", "marketing");
		user(tenant, "fin", "finance");
		user(tenant, "sdr", "sdr");
		String[] marketing = login(tenant, "mkt");
		String[] finance = login(tenant, "fin");
		String[] sdr = login(tenant, "sdr");
		JsonNode campaign = created(this.api.post("/api/v1/campaigns",
				Map.of("key", "spring", "name", "Spring", "channel", "email"), marketing));
		assertThat(this.api.post("/api/v1/campaigns", Map.of("key", "SPRING"), marketing).status())
			.as("keys are unique whatever their case")
			.isEqualTo(409);
		assertThat(this.api.post("/api/v1/campaigns", Map.of("key", "x"), finance).status()).isEqualTo(403);
		assertThat(this.api.get("/api/v1/campaigns", finance).status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/analytics/campaigns", sdr).status()).isEqualTo(403);
		for (String path : List.of("/api/v1/analytics/funnel", "/api/v1/analytics/pipeline",
				"/api/v1/analytics/revenue-plan?target=1000")) {
			assertThat(this.api.get(path, sdr).status()).as(path).isEqualTo(200);
		}
		assertThat(this.api.put("/api/v1/revenue-settings", Map.of("reportingCurrency", "GBP"), marketing).status())
			.isEqualTo(403);
		assertThat(ok(this.api.put("/api/v1/revenue-settings", Map.of("reportingCurrency", "gbp"), finance))
			.get("reportingCurrency")
			.asString()).isEqualTo("GBP");

		String costs = "/api/v1/campaigns/" + campaign.get("id").asString() + "/costs";
		assertProblem(this.api.put(costs, Map.of("costs", List.of(Map.of("month", "2026-13", "amount", eur("5")))),
				marketing), "costs[0].month");
		assertProblem(this.api.put(costs,
				Map.of("costs",
						List.of(Map.of("month", "2026-10", "amount", Map.of("amount", "-5", "currency", "EUR")))),
				marketing), "negative");
		assertProblem(this.api.put(costs,
				Map.of("costs",
						List.of(Map.of("month", "2026-10", "amount", Map.of("amount", "5", "currency", "EURO")))),
				marketing), "ISO 4217");
		assertProblem(this.api.get("/api/v1/analytics/campaigns?model=w-shape", marketing), "u_shaped");
		assertProblem(this.api.get("/api/v1/analytics/funnel?from=2026-11-01&to=2026-10-01", marketing), "before");
		assertProblem(this.api.get("/api/v1/analytics/funnel?asOf=yesterday", marketing), "asOf");
		assertProblem(this.api.get("/api/v1/analytics/revenue-plan", marketing), "target");
		assertProblem(this.api.get("/api/v1/analytics/revenue-plan?target=-5", marketing), "more than zero");
		assertProblem(this.api.get("/api/v1/analytics/revenue-plan?target=5&currency=JPY", marketing), "fxRates.JPY");
		assertProblem(this.api.put("/api/v1/revenue-settings", Map.of("fxRates", Map.of("USD", "-1")), finance),
				"fxRates.USD");
		assertProblem(this.api.post("/api/v1/deals", Map.of("name", "n", "amount", eur("5")), tenant.auth()),
				"personId");
		assertThat(this.api
			.post("/api/v1/deals", Map.of("name", "n", "personId", java.util.UUID.randomUUID(), "amount", eur("5")),
					marketing)
			.status()).isEqualTo(403);

		// the other tenant: the same key is free there, the settings are its own, and
		// this
		// tenant's campaign is not found
		assertThat(this.api.post("/api/v1/campaigns", Map.of("key", "spring", "name", "Theirs"), other.auth()).status())
			.isEqualTo(201);
		assertThat(ok(this.api.get("/api/v1/revenue-settings", other.auth())).get("reportingCurrency").asString())
			.as("this tenant's change to GBP is not the other's")
			.isEqualTo("USD");
		assertThat(this.api
			.put(costs, Map.of("costs", List.of(Map.of("month", "2026-10", "amount", eur("5")))), other.auth())
			.status()).isEqualTo(404);
		assertThat(ok(this.api.get("/api/v1/campaigns", tenant.auth())).get("items").get(0).get("name").asString())
			.isEqualTo("Spring");
	}

	/**
	 * Who may do what, role by role: marketing, finance and admins read every report,
	 * sales roles the funnel, pipeline and plan; only marketing and admins write
	 * campaigns and costs; sales roles and admins write deals. Another tenant's admin
	 * finds none of it.
	 */
	@Test
	void everyRoleReadsAndWritesWhatItsJobNeeds() {
		SignedUp tenant = TestTenants.signUp(this.api, "revenue-access");
		SignedUp other = TestTenants.signUp(this.api, "revenue-access-other");
		Map<String, String[]> as = new LinkedHashMap<>();
		for (String role : List.of("marketing", "finance", "sdr", "ae")) {
			user(tenant, role, role);
			as.put(role, login(tenant, role));
		}
		as.put("tenant-admin", tenant.auth());
		String person = event(tenant, touch("demo_requested", "access-1", "ann@access.example", null));
		List<String> readers = List.of("marketing", "finance", "tenant-admin");
		List<String> sellers = List.of("sdr", "ae", "tenant-admin");
		List<String> campaignWriters = List.of("marketing", "tenant-admin");
		String campaignId = null;
		for (Map.Entry<String, String[]> role : as.entrySet()) {
			String name = role.getKey();
			String[] auth = role.getValue();
			int report = this.api.get("/api/v1/analytics/campaigns", auth).status();
			assertThat(report).as(name + " reads the campaign report").isEqualTo(readers.contains(name) ? 200 : 403);
			for (String path : List.of("/api/v1/analytics/funnel", "/api/v1/analytics/pipeline",
					"/api/v1/analytics/revenue-plan?target=1000")) {
				assertThat(this.api.get(path, auth).status()).as(name + " reads " + path).isEqualTo(200);
			}
			ApiClient.Response campaign = this.api.post("/api/v1/campaigns",
					Map.of("key", "c-" + name, "name", name + "'s campaign", "channel", "email"), auth);
			assertThat(campaign.status()).as(name + " creates a campaign: " + campaign)
				.isEqualTo(campaignWriters.contains(name) ? 201 : 403);
			if (campaign.status() == 201) {
				campaignId = campaign.json().get("id").asString();
			}
			ApiClient.Response deal = this.api.post("/api/v1/deals",
					Map.of("name", name + "'s deal", "personId", person, "amount", eur("100.00")), auth);
			assertThat(deal.status()).as(name + " opens a deal: " + deal).isEqualTo(sellers.contains(name) ? 201 : 403);
		}
		String costs = "/api/v1/campaigns/" + campaignId + "/costs";
		Map<String, Object> october = Map.of("costs", List.of(Map.of("month", "2026-10", "amount", eur("10"))));
		for (Map.Entry<String, String[]> role : as.entrySet()) {
			assertThat(this.api.put(costs, october, role.getValue()).status()).as(role.getKey() + " sets costs")
				.isEqualTo(campaignWriters.contains(role.getKey()) ? 200 : 403);
		}
		assertThat(ok(this.api.get("/api/v1/deals?personId=" + person, tenant.auth())).get("items").size())
			.as("a deal by each seller")
			.isEqualTo(3);

		// another tenant's admin, who may do all of this in their own tenant
		assertThat(this.api.get("/api/v1/campaigns/" + campaignId, other.auth()).status()).isEqualTo(404);
		assertThat(this.api.put(costs, october, other.auth()).status()).isEqualTo(404);
		assertThat(ok(this.api.get("/api/v1/campaigns", other.auth())).get("items").size()).isZero();
		assertThat(ok(this.api.get("/api/v1/analytics/pipeline", other.auth())).get("deals").asLong()).isZero();
	}

	// the Pink/Blue fixture

	private void pinkAndBlue(SignedUp tenant) {
		eurReporting(tenant);
		user(tenant, "sdr", "sdr");
		String[] sdrAuth = login(tenant, "sdr");
		String pink = created(this.api.post("/api/v1/campaigns",
				Map.of("key", "pink", "name", "Pink", "channel", "paid social"), tenant.auth()))
			.get("id")
			.asString();
		costs(tenant, pink, List.of(Map.of("month", "2026-10", "amount", eur("3000.00"))));
		at(OCT_5.toString());
		List<String> pinks = new ArrayList<>();
		List<String> blues = new ArrayList<>();
		List<Map<String, Object>> events = new ArrayList<>();
		for (int i = 1; i <= 15; i++) {
			events.add(touch("demo_requested", "pink-" + i, "pink" + i + "@pink.example", "pink"));
		}
		for (int i = 1; i <= 10; i++) {
			// the campaign as a tracking script passes it on: an unknown key creates it
			Map<String, Object> touch = touch("demo_requested", "blue-" + i, "blue" + i + "@blue.example", null);
			touch.put("properties", Map.of("utm_campaign", "Blue"));
			events.add(touch);
		}
		JsonNode stored = ok(this.api.post("/api/v1/events", Map.of("events", events), tenant.auth()));
		stored.get("results").forEach((r) -> {
			(r.get("externalId").asString().startsWith("pink") ? pinks : blues).add(r.get("personId").asString());
		});
		String blue = campaignId(tenant, "Blue");
		assertThat(blue).as("the unknown key Blue created a campaign").isNotNull();
		costs(tenant, blue, List.of(Map.of("month", "2026-10", "amount", eur("2000.00")),
				Map.of("month", "2026-10", "amount", Map.of("amount", "1000.00", "currency", "USD"))));

		// a day later, the SDR accepts four and rejects three of Pink's
		at(OCT_6.toString());
		for (String accepted : pinks.subList(10, 14)) {
			ok(this.api.post("/api/v1/people/" + accepted + "/stage-actions", Map.of("action", "accept"), sdrAuth));
		}
		for (String rejected : pinks.subList(7, 10)) {
			ok(this.api.post("/api/v1/people/" + rejected + "/stage-actions",
					Map.of("action", "reject", "reason", "no budget"), sdrAuth));
		}
		// cash on the 20th: three of Pink's pay 1000 EUR; four of Blue's 3000 EUR, one
		// 5000 USD; one of Blue's is refunded 1500 EUR
		at(OCT_20.toString());
		List<Map<String, Object>> cash = new ArrayList<>();
		for (int i = 1; i <= 3; i++) {
			cash.add(payment("pink-pay-" + i, "pink" + i + "@pink.example", eur("1000.00")));
		}
		for (int i = 1; i <= 4; i++) {
			cash.add(payment("blue-pay-" + i, "blue" + i + "@blue.example", eur("3000.00")));
		}
		cash.add(payment("blue-pay-5", "blue5@blue.example", Map.of("amount", "5000.00", "currency", "USD")));
		Map<String, Object> refund = payment("blue-refund-1", "blue1@blue.example", eur("1500.00"));
		refund.put("type", "payment_refunded");
		cash.add(refund);
		ok(this.api.post("/api/v1/events", Map.of("events", cash), tenant.auth()));
	}

	// helpers

	private void eurReporting(SignedUp tenant) {
		JsonNode settings = ok(this.api.put("/api/v1/revenue-settings",
				Map.of("reportingCurrency", "EUR", "fxRates", Map.of("USD", "0.90")), tenant.auth()));
		assertThat(settings.get("fxRates").get("USD").asString()).isEqualTo("0.9");
	}

	private void costs(SignedUp tenant, String campaign, List<Map<String, Object>> costs) {
		ok(this.api.put("/api/v1/campaigns/" + campaign + "/costs", Map.of("costs", costs), tenant.auth()));
	}

	private String campaignId(SignedUp tenant, String key) {
		for (JsonNode campaign : ok(this.api.get("/api/v1/campaigns", tenant.auth())).get("items")) {
			if (campaign.get("key").asString().equals(key)) {
				return campaign.get("id").asString();
			}
		}
		return null;
	}

	private void at(String instant) {
		this.clock.freeze(Instant.parse(instant));
	}

	private String event(SignedUp tenant, Map<String, Object> event) {
		JsonNode stored = ok(this.api.post("/api/v1/events", Map.of("events", List.of(event)), tenant.auth()));
		assertThat(stored.get("accepted").asInt()).as(stored.toString()).isEqualTo(1);
		return stored.get("results").get(0).get("personId").asString();
	}

	private Map<String, Object> touch(String type, String id, String email, String campaign) {
		return touch(type, id, email, campaign, this.clock.instant().toString());
	}

	private Map<String, Object> touch(String type, String id, String email, String campaign, String at) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", type);
		event.put("occurredAt", at);
		event.put("source", "web");
		event.put("externalId", id);
		event.put("person", Map.of("email", email));
		if (campaign != null) {
			event.put("campaign", campaign);
		}
		return event;
	}

	private Map<String, Object> anonymous(String type, String id, String anonymousId, String campaign) {
		Map<String, Object> event = touch(type, id, "unused", campaign);
		event.put("person", Map.of("anonymousId", anonymousId));
		return event;
	}

	private Map<String, Object> payment(String id, String email, Map<String, Object> amount) {
		Map<String, Object> event = touch("payment_succeeded", id, email, null);
		event.put("source", "stripe");
		event.put("amount", amount);
		return event;
	}

	private Map<String, Object> refund(String id, String email, Map<String, Object> amount) {
		Map<String, Object> event = payment(id, email, amount);
		event.put("type", "payment_refunded");
		return event;
	}

	private static Map<String, Object> eur(String amount) {
		return Map.of("amount", amount, "currency", "EUR");
	}

	private String user(SignedUp tenant, String name, String role) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("email", name + "@" + tenant.slug() + ".example.com");
		body.put("password", PASSWORD);
		body.put("roles", List.of(role));
		return created(this.api.post("/api/v1/users", body, tenant.auth())).get("id").asString();
	}

	private static String[] login(SignedUp tenant, String name) {
		return ApiClient
			.bearer(TestServices.keycloak().passwordGrant(name + "@" + tenant.slug() + ".example.com", PASSWORD));
	}

	private String stageOf(SignedUp tenant, String person) {
		return ok(this.api.get("/api/v1/people/" + person, tenant.auth())).get("stage").asString();
	}

	private static JsonNode ok(ApiClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private static JsonNode created(ApiClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

	private static void assertProblem(ApiClient.Response response, String says) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body()).contains(says);
	}

	private static JsonNode item(JsonNode report, String key) {
		for (JsonNode item : report.get("items")) {
			if (item.get("key").asString().equalsIgnoreCase(key)) {
				return item;
			}
		}
		throw new AssertionError("no campaign " + key + " in " + report);
	}

	private static JsonNode slice(JsonNode slices, String field, String value) {
		for (JsonNode slice : slices) {
			if (slice.get(field).asString().equals(value)) {
				return slice;
			}
		}
		throw new AssertionError("no " + field + " " + value + " in " + slices);
	}

	private static JsonNode stage(JsonNode funnel, String name) {
		for (JsonNode stage : funnel.get("stages")) {
			if (stage.get("stage").asString().equals(name)) {
				return stage;
			}
		}
		throw new AssertionError("no stage " + name + " in " + funnel);
	}

	private static String money(JsonNode money) {
		return money.get("amount").asString() + " " + money.get("currency").asString();
	}

	private static List<String> moneys(JsonNode moneys) {
		List<String> all = new ArrayList<>();
		moneys.forEach((m) -> all.add(money(m)));
		return all;
	}

	private static Map<String, String> credited(JsonNode report) {
		Map<String, String> credited = new LinkedHashMap<>();
		report.get("items")
			.forEach((i) -> credited.put(i.get("key").asString(), i.get("revenue").get("amount").asString()));
		return credited;
	}

	private static Map<String, String> withZeros(Map<String, String> expected, java.util.Set<String> keys) {
		Map<String, String> all = new LinkedHashMap<>();
		keys.forEach((k) -> all.put(k, expected.getOrDefault(k, "0.00")));
		expected.forEach(all::putIfAbsent);
		return all;
	}

	private static String cents(double amount) {
		return BigDecimal.valueOf(amount).setScale(2, RoundingMode.HALF_UP).toPlainString();
	}

}
