package io.revcycle.revenue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.revcycle.ApiTest;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.MovableClock;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The campaign report reads daily rollups kept by the database as touches, first touches,
 * credits and conversions change. Through late touches, a merge of a visitor into a known
 * person, payments, a refund and MQLs, the rollups stay equal to a recomputation from the
 * rows they sum, and the report over windows that start and end inside a day (head and
 * tail read from the rows) equals the report's definitions computed from the rows alone.
 * Another tenant sees none of it.
 */
class RollupTests extends ApiTest {

	private static final String PASSWORD = "long-enough-password";

	@Autowired
	private MovableClock clock;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TransactionTemplate tx;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void rollupsEqualTheRowsTheySumAndTheReportItsDefinitions() {
		SignedUp tenant = TestTenants.signUp(this.api, "rollups");
		SignedUp other = TestTenants.signUp(this.api, "rollups-other");
		ok(this.api.put("/api/v1/revenue-settings",
				Map.of("reportingCurrency", "EUR", "fxRates", Map.of("USD", "0.90")), tenant.auth()));
		Map<String, Object> sdr = new LinkedHashMap<>();
		sdr.put("email", "sdr@" + tenant.slug() + ".example.com");
		sdr.put("password", PASSWORD);
		sdr.put("roles", List.of("sdr"));
		sdr.put("team", "North");
		ApiClient.Response user = this.api.post("/api/v1/users", sdr, tenant.auth());
		assertThat(user.status()).isEqualTo(201);
		Map<String, Object> routing = new LinkedHashMap<>();
		routing.put("rules", List.of());
		routing.put("defaultTeam", "North");
		routing.put("reps", List.of(Map.of("userId", user.json().get("id").asString(), "weight", 1, "away", false)));
		ok(this.api.put("/api/v1/routing", routing, tenant.auth()));
		String[] sdrAuth = ApiClient
			.bearer(TestServices.keycloak().passwordGrant("sdr@" + tenant.slug() + ".example.com", PASSWORD));
		this.clock.freeze(Instant.parse("2026-10-12T00:00:00Z"));

		List<Map<String, Object>> first = new ArrayList<>();
		// p1: alpha twice, beta late at night
		first.add(event("page_viewed", "e1", "p1@rollup.example", null, "alpha", "2026-10-03T10:00:00Z"));
		first.add(event("page_viewed", "e2", "p1@rollup.example", null, "alpha", "2026-10-07T15:00:00Z"));
		first.add(event("email_clicked", "e3", "p1@rollup.example", null, "beta", "2026-10-07T23:30:00Z"));
		// p2: known by email and touched by beta; a visitor touched by alpha earlier
		first.add(event("page_viewed", "e4", "p2@rollup.example", null, "beta", "2026-10-04T12:00:00Z"));
		first.add(event("page_viewed", "e5", null, "visitor-2", "alpha", "2026-10-02T08:00:00Z"));
		// p4: touched by alpha, then asks for a demo (MQL)
		first.add(event("page_viewed", "e6", "p4@rollup.example", null, "alpha", "2026-10-03T09:00:00Z"));
		first.add(event("demo_requested", "e7", "p4@rollup.example", null, null, "2026-10-06T11:00:00Z"));
		// p5: asks for a demo untouched
		first.add(event("demo_requested", "e8", "p5@rollup.example", null, null, "2026-10-06T16:00:00Z"));
		// p3: touched by beta, pays, is refunded a part
		first.add(event("page_viewed", "e9", "p3@rollup.example", null, "beta", "2026-10-09T12:00:00Z"));
		Map<String, Object> payment = event("payment_succeeded", "e10", "p3@rollup.example", null, null,
				"2026-10-10T12:00:00Z");
		payment.put("amount", Map.of("amount", "100.00", "currency", "EUR"));
		first.add(payment);
		Map<String, Object> usd = event("payment_succeeded", "e11", "p1@rollup.example", null, null,
				"2026-10-08T01:00:00Z");
		usd.put("amount", Map.of("amount", "50.00", "currency", "USD"));
		first.add(usd);
		JsonNode stored = ok(this.api.post("/api/v1/events", Map.of("events", first), tenant.auth()));
		assertRollupsEqualTheirRows(tenant);
		Map<String, String> personOf = new LinkedHashMap<>();
		stored.get("results")
			.forEach((r) -> personOf.put(r.get("externalId").asString(), r.get("personId").asString()));

		List<Map<String, Object>> later = new ArrayList<>();
		// the visitor turns out to be p2: its alpha touch becomes p2's first
		later.add(event("page_viewed", "e12", "p2@rollup.example", "visitor-2", null, "2026-10-08T10:00:00Z"));
		// late touches: alpha reached p3 before the payment; beta reached p5 before the
		// demo
		later.add(event("page_viewed", "e13", "p3@rollup.example", null, "alpha", "2026-10-05T06:00:00Z"));
		later.add(event("page_viewed", "e14", "p5@rollup.example", null, "beta", "2026-10-04T20:00:00Z"));
		Map<String, Object> refund = event("payment_refunded", "e15", "p3@rollup.example", null, null,
				"2026-10-11T09:00:00Z");
		refund.put("amount", Map.of("amount", "30.00", "currency", "EUR"));
		later.add(refund);
		ok(this.api.post("/api/v1/events", Map.of("events", later), tenant.auth()));
		// a redelivery changes nothing
		ok(this.api.post("/api/v1/events", Map.of("events", later), tenant.auth()));
		assertRollupsEqualTheirRows(tenant);

		// the SDR accepts p4's demo, then rejects p5's for want of budget
		this.clock.freeze(Instant.parse("2026-10-12T08:00:00Z"));
		ok(this.api.post("/api/v1/people/" + personOf.get("e7") + "/stage-actions", Map.of("action", "accept"),
				sdrAuth));
		this.clock.freeze(Instant.parse("2026-10-12T09:30:00Z"));
		ok(this.api.post("/api/v1/people/" + personOf.get("e8") + "/stage-actions",
				Map.of("action", "reject", "reason", "no budget"), sdrAuth));
		this.clock.freeze(Instant.parse("2026-10-20T00:00:00Z"));
		assertRollupsEqualTheirRows(tenant);
		JsonNode model = ok(this.api.get("/api/v1/stage-model", tenant.auth()));
		String[][] funnelWindows = { { "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", null },
				{ "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", "2026-10-12T09:00:00Z" },
				{ "2026-10-06T11:00:00Z", "2026-10-12T08:30:00Z", null },
				{ "2026-10-06T12:00:00Z", "2026-10-06T18:00:00Z", null },
				{ "2026-10-03T12:00:00Z", "2026-10-11T00:00:00Z", "2026-10-08T00:00:00Z" } };
		for (String[] window : funnelWindows) {
			String query = "from=" + window[0] + "&to=" + window[1] + ((window[2] != null) ? "&asOf=" + window[2] : "");
			JsonNode funnel = ok(this.api.get("/api/v1/analytics/funnel?" + query, tenant.auth()));
			assertThat(funnelFigures(funnel)).as(query)
				.isEqualTo(funnelDefinitions(tenant, model, Instant.parse(window[0]), Instant.parse(window[1]),
						(window[2] != null) ? Instant.parse(window[2]) : this.clock.instant()));
		}
		JsonNode october = ok(this.api.get("/api/v1/analytics/funnel?from=2026-10-01&to=2026-11-01", tenant.auth()));
		assertThat(funnelFigures(october)).as("the SDR's and the team's leak and acceptance are there")
			.anySatisfy((line) -> assertThat(line).startsWith("owner ").contains("MQL entered=2 advanced=1 leaked=1"))
			.anySatisfy((line) -> assertThat(line).startsWith("team North MQL entered=2 advanced=1 leaked=1"))
			.anySatisfy((line) -> assertThat(line).contains("leaks=[Recycled/no budget=1]"));
		JsonNode asOfBefore = ok(this.api
			.get("/api/v1/analytics/funnel?from=2026-10-01&to=2026-11-01&asOf=2026-10-12T09:00:00Z", tenant.auth()));
		assertThat(funnelFigures(asOfBefore)).as("before the rejection, as it stood then")
			.anySatisfy((line) -> assertThat(line).startsWith("all MQL entered=2 advanced=1 leaked=0"));

		Map<String, Long> rows = TenantContext.callAs(tenant.id(),
				() -> this.tx.execute((status) -> Map.of("conversions",
						this.jdbc.queryForObject("select count(*) from campaign_conversions", Long.class), "credits",
						this.jdbc.queryForObject("select count(*) from credit_days where amount <> 0", Long.class))));
		assertThat(rows.get("conversions")).as("p4 (alpha), p5 (beta, late), p3 (alpha late, beta) as a customer")
			.isGreaterThanOrEqualTo(4);
		assertThat(rows.get("credits")).isPositive();

		String[][] windows = { { "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z" },
				{ "2026-10-03T12:00:00Z", "2026-10-09T13:00:00Z" }, { "2026-10-07T10:00:00Z", "2026-10-07T23:00:00Z" },
				{ "2026-10-05T00:00:00Z", "2026-10-08T00:00:00Z" }, { "2026-10-02T08:00:00Z", "2026-10-10T12:00:00Z" },
				{ "2026-10-06T11:00:00Z", "2026-10-11T09:00:01Z" } };
		for (String[] window : windows) {
			for (String attribution : List.of("linear", "first_touch", "w_shaped")) {
				JsonNode report = ok(this.api.get(
						"/api/v1/analytics/campaigns?from=" + window[0] + "&to=" + window[1] + "&model=" + attribution,
						tenant.auth()));
				assertThat(figures(report)).as("%s to %s, %s", window[0], window[1], attribution)
					.isEqualTo(definitions(tenant, Instant.parse(window[0]), Instant.parse(window[1]), attribution));
			}
		}
		JsonNode month = ok(this.api.get("/api/v1/analytics/campaigns?from=2026-10-01&to=2026-11-01", tenant.auth()));
		assertThat(figures(month)).as("the whole month converts people for both campaigns, beta by a late touch")
			.containsOnlyKeys("alpha", "beta")
			.allSatisfy((key, figures) -> assertThat(figures).doesNotContain("mqls=0", "customers=0"));

		// the other tenant
		JsonNode theirs = ok(this.api.get("/api/v1/analytics/campaigns?from=2026-10-01&to=2026-11-01", other.auth()));
		assertThat(theirs.get("items").size()).isZero();
		TenantContext.runAs(other.id(), () -> this.tx.executeWithoutResult((status) -> {
			for (String table : List.of("campaign_people", "campaign_days", "credit_days", "campaign_conversions",
					"conversion_days")) {
				assertThat(this.jdbc.queryForObject("select count(*) from " + table, Long.class)).as(table).isZero();
			}
		}));
	}

	/** Each rollup equals the same sums computed again from the rows. */
	private void assertRollupsEqualTheirRows(SignedUp tenant) {
		TenantContext.runAs(tenant.id(), () -> this.tx.executeWithoutResult((status) -> {
			assertThat(rows("select campaign_id, person_id, first_at from campaign_people")).as("first touches")
				.isEqualTo(rows("select campaign_id, person_id, min(at) from campaign_touches group by 1, 2"));
			assertThat(rows("select day, campaign_id, touches, reached from campaign_days where touches <> 0 "
					+ "or reached <> 0"))
				.as("touches and reach per day")
				.isEqualTo(rows("select day, campaign_id, sum(t), sum(r) from ("
						+ "select (at at time zone 'UTC')::date as day, campaign_id, 1 as t, 0 as r from campaign_touches "
						+ "union all select (first_at at time zone 'UTC')::date, campaign_id, 0, 1 from ("
						+ "select campaign_id, min(at) as first_at from campaign_touches group by person_id, campaign_id) f"
						+ ") x group by 1, 2"));
			assertThat(rows("select model, day, campaign_id, currency, amount::numeric(32, 10) from credit_days "
					+ "where amount <> 0"))
				.as("credits per day")
				.isEqualTo(rows("select model, (at at time zone 'UTC')::date, campaign_id, currency, "
						+ "sum(amount)::numeric(32, 10) from attribution_credits group by 1, 2, 3, 4 having sum(amount) <> 0"));
			assertThat(rows("select day, currency, amount::numeric(32, 10) from cash_days where amount <> 0"))
				.as("net cash per day")
				.isEqualTo(rows("select (at at time zone 'UTC')::date, currency, sum(case when kind = 'payment' then "
						+ "amount else -amount end)::numeric(32, 10) from payments group by 1, 2 having "
						+ "sum(case when kind = 'payment' then amount else -amount end) <> 0"));
			assertThat(rows("select count(*) from payments")).as("the tenant has payments to sum")
				.isNotEqualTo(rows("select 0::bigint"));
			assertThat(rows("select person_id, campaign_id, stage, at from campaign_conversions")).as("conversions")
				.isEqualTo(rows("select f.person_id, c.campaign_id, f.stage, f.at from (select person_id, stage, "
						+ "min(entered_at) as at from stage_stays where stage in ('MQL', 'Customer') group by 1, 2) f "
						+ "join (select person_id, campaign_id, min(at) as first_at from campaign_touches group by 1, 2) c "
						+ "on c.person_id = f.person_id and c.first_at <= f.at"));
			assertThat(rows("select day, stage, owner_id, next_stage, reason, stays from stay_days where stays <> 0"))
				.as("stays per day")
				.isEqualTo(rows("select (entered_at at time zone 'UTC')::date, stage, coalesce(owner_id, "
						+ "'00000000-0000-0000-0000-000000000000'), coalesce(next_stage, ''), coalesce(reason, ''), count(*) "
						+ "from stage_stays group by 1, 2, 3, 4, 5"));
			assertThat(rows("select day, stage, owner_id, bucket, stays from stay_durations where stays <> 0"))
				.as("times in stages per day")
				.isEqualTo(rows("select (entered_at at time zone 'UTC')::date, stage, coalesce(owner_id, "
						+ "'00000000-0000-0000-0000-000000000000'), revcycle_stay_bucket(extract(epoch from left_at - "
						+ "entered_at)), count(*) from stage_stays where left_at is not null group by 1, 2, 3, 4"));
			assertThat(rows("select day, campaign_id, stage, people from conversion_days where people <> 0"))
				.as("conversions per day")
				.isEqualTo(rows("select (at at time zone 'UTC')::date, campaign_id, stage, count(*) "
						+ "from campaign_conversions group by 1, 2, 3"));
		}));
	}

	/** The rows of a query as sorted strings. */
	private List<String> rows(String sql) {
		List<String> rows = new ArrayList<>();
		this.jdbc.query(sql, (rs) -> {
			StringBuilder row = new StringBuilder();
			for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
				row.append(rs.getString(c)).append('|');
			}
			rows.add(row.toString());
		});
		rows.sort(null);
		return rows;
	}

	/** Per campaign key, the report's figures as one string. */
	private static Map<String, String> figures(JsonNode report) {
		Map<String, String> figures = new TreeMap<>();
		for (JsonNode item : report.get("items")) {
			Map<String, String> byCurrency = new TreeMap<>();
			item.get("revenueByCurrency")
				.forEach((m) -> byCurrency.put(m.get("currency").asString(),
						new BigDecimal(m.get("amount").asString()).stripTrailingZeros().toPlainString()));
			figures.put(item.get("key").asString(),
					"touches=" + item.get("touches").asLong() + " people=" + item.get("people").asLong() + " mqls="
							+ item.get("mqls").asLong() + " customers=" + item.get("customers").asLong() + " revenue="
							+ byCurrency);
		}
		return figures;
	}

	/** The report's figures computed from the rows alone, by their definitions. */
	private Map<String, String> definitions(SignedUp tenant, Instant from, Instant to, String model) {
		return TenantContext.callAs(tenant.id(), () -> this.tx.execute((status) -> {
			java.sql.Timestamp start = java.sql.Timestamp.from(from);
			java.sql.Timestamp end = java.sql.Timestamp.from(to);
			Map<String, long[]> counts = new TreeMap<>();
			Map<String, Map<String, String>> revenue = new TreeMap<>();
			this.jdbc.query("select c.key, count(*) from campaign_touches t join campaigns c on c.id = t.campaign_id "
					+ "where t.at >= ? and t.at < ? group by 1", (rs) -> {
						counts.computeIfAbsent(rs.getString(1), (k) -> new long[4])[0] = rs.getLong(2);
					}, start, end);
			this.jdbc.query("select c.key, count(*) from (select person_id, campaign_id, min(at) as first_at "
					+ "from campaign_touches group by 1, 2) f join campaigns c on c.id = f.campaign_id "
					+ "where f.first_at >= ? and f.first_at < ? group by 1", (rs) -> {
						counts.computeIfAbsent(rs.getString(1), (k) -> new long[4])[1] = rs.getLong(2);
					}, start, end);
			this.jdbc.query("select k.key, f.stage, count(*) from (select person_id, stage, min(entered_at) as at "
					+ "from stage_stays where stage in ('MQL', 'Customer') group by 1, 2) f join (select person_id, "
					+ "campaign_id, min(at) as first_at from campaign_touches group by 1, 2) c "
					+ "on c.person_id = f.person_id and c.first_at <= f.at join campaigns k on k.id = c.campaign_id "
					+ "where f.at >= ? and f.at < ? group by 1, 2", (rs) -> {
						counts.computeIfAbsent(rs.getString(1), (k) -> new long[4])["MQL".equals(rs.getString(2)) ? 2
								: 3] = rs.getLong(3);
					}, start, end);
			this.jdbc.query(
					"select c.key, a.currency, sum(a.amount) from attribution_credits a join campaigns c "
							+ "on c.id = a.campaign_id where a.model = ? and a.at >= ? and a.at < ? group by 1, 2",
					(rs) -> {
						counts.computeIfAbsent(rs.getString(1), (k) -> new long[4]);
						revenue.computeIfAbsent(rs.getString(1), (k) -> new TreeMap<>())
							.put(rs.getString(2),
									rs.getBigDecimal(3)
										.setScale(2, java.math.RoundingMode.HALF_UP)
										.stripTrailingZeros()
										.toPlainString());
					}, model, start, end);
			Map<String, String> figures = new TreeMap<>();
			counts.forEach((key, c) -> figures.put(key, "touches=" + c[0] + " people=" + c[1] + " mqls=" + c[2]
					+ " customers=" + c[3] + " revenue=" + revenue.getOrDefault(key, Map.of())));
			return figures;
		}));
	}

	/**
	 * The funnel's figures, one line per stage of all, of each owner and of each team.
	 */
	private static List<String> funnelFigures(JsonNode funnel) {
		List<String> lines = new ArrayList<>();
		funnel.get("stages").forEach((stage) -> {
			if (stage.get("entered").asLong() > 0) {
				lines.add("all " + stageLine(stage));
			}
		});
		funnel.get("owners")
			.forEach((owner) -> owner.get("stages")
				.forEach((stage) -> lines.add("owner " + owner.get("ownerId").asString() + " " + stageLine(stage))));
		funnel.get("teams")
			.forEach((team) -> team.get("stages")
				.forEach((stage) -> lines.add("team " + team.get("team").asString() + " " + stageLine(stage))));
		lines.sort(null);
		return lines;
	}

	private static String stageLine(JsonNode stage) {
		List<String> leaks = new ArrayList<>();
		stage.get("leaks")
			.forEach((leak) -> leaks.add(
					leak.get("to").asString() + "/" + (leak.get("reason").isNull() ? "" : leak.get("reason").asString())
							+ "=" + leak.get("count").asLong()));
		JsonNode median = stage.get("medianHoursInStage");
		return stage.get("stage").asString() + " entered=" + stage.get("entered").asLong() + " advanced="
				+ stage.get("advanced").asLong() + " leaked=" + stage.get("leaked").asLong() + " median="
				+ (median.isNull() ? "-" : median.decimalValue().setScale(2).toPlainString()) + " leaks=" + leaks;
	}

	/**
	 * The funnel computed from the stays alone, as it stood at asOf: the same lines, with
	 * medians over each time's bucket (whole hours below 1,000 hours).
	 */
	private List<String> funnelDefinitions(SignedUp tenant, JsonNode model, Instant from, Instant to, Instant asOf) {
		List<String> order = new ArrayList<>();
		List<String> leakStages = new ArrayList<>();
		model.get("stages").forEach((stage) -> {
			order.add(stage.get("name").asString());
			if ("leak".equals(stage.get("group").asString())) {
				leakStages.add(stage.get("name").asString());
			}
		});
		Instant justAfter = asOf.plusNanos(1000);
		Instant end = to.isAfter(justAfter) ? justAfter : to;
		return TenantContext.callAs(tenant.id(), () -> this.tx.execute((status) -> {
			String[] orderArray = order.toArray(String[]::new);
			String[] leakArray = leakStages.toArray(String[]::new);
			java.sql.Timestamp asOfTime = java.sql.Timestamp.from(asOf);
			List<String> lines = new ArrayList<>();
			String grouping = "case when grouping(s.owner_id) = 0 then 'owner ' || s.owner_id when grouping(m.team) = 0 "
					+ "then 'team ' || m.team else 'all' end";
			String from_ = " from (select *, revcycle_stay_bucket(extract(epoch from left_at - entered_at)) as b "
					+ "from stage_stays) s left join member_directory m on m.user_id = s.owner_id "
					+ "where s.entered_at >= ? and s.entered_at < ?";
			String sets = " group by grouping sets ((s.stage), (s.owner_id, s.stage), (m.team, s.stage))"
					+ " having (grouping(s.owner_id) = 1 or s.owner_id is not null) and (grouping(m.team) = 1 or "
					+ "m.team is not null)";
			Map<String, List<String>> leaks = new TreeMap<>();
			this.jdbc.query("select " + grouping + ", s.stage, s.next_stage, coalesce(s.reason, ''), count(*)" + from_
					+ " and s.left_at <= ? and s.next_stage = any(?::text[])"
					+ " group by grouping sets ((s.stage, s.next_stage, s.reason), (s.owner_id, s.stage, s.next_stage, "
					+ "s.reason), (m.team, s.stage, s.next_stage, s.reason)) having (grouping(s.owner_id) = 1 or "
					+ "s.owner_id is not null) and (grouping(m.team) = 1 or m.team is not null) "
					+ "order by 5 desc, 3, 4", (rs) -> {
						leaks.computeIfAbsent(rs.getString(1) + " " + rs.getString(2), (k) -> new ArrayList<>())
							.add(rs.getString(3) + "/" + rs.getString(4) + "=" + rs.getLong(5));
					}, java.sql.Timestamp.from(from), java.sql.Timestamp.from(end), asOfTime, leakArray);
			this.jdbc.query("select " + grouping + ", s.stage, count(*), count(*) filter (where s.left_at <= ? and "
					+ "s.next_stage is not null and not (s.next_stage = any(?::text[])) and (s.stage = any(?::text[]) "
					+ "or array_position(?::text[], s.next_stage) > array_position(?::text[], s.stage))), "
					+ "count(*) filter (where s.left_at <= ? and s.next_stage = any(?::text[])), "
					+ "percentile_cont(0.5) within group (order by case when b < 1000 then b::float8 "
					+ "else 1000 * 1.01 ^ (b - 1000) end) filter (where s.left_at <= ?)" + from_ + sets, (rs) -> {
						String group = rs.getString(1);
						String stage = rs.getString(2);
						Double median = (Double) rs.getObject(6);
						lines.add(group + " " + stage + " entered=" + rs.getLong(3) + " advanced=" + rs.getLong(4)
								+ " leaked=" + rs.getLong(5) + " median="
								+ ((median == null) ? "-"
										: BigDecimal.valueOf(median)
											.setScale(2, java.math.RoundingMode.HALF_UP)
											.toPlainString())
								+ " leaks=" + leaks.getOrDefault(group + " " + stage, List.of()));
					}, asOfTime, leakArray, leakArray, orderArray, orderArray, asOfTime, leakArray, asOfTime,
					java.sql.Timestamp.from(from), java.sql.Timestamp.from(end));
			lines.sort(null);
			return lines;
		}));
	}

	private static Map<String, Object> event(String type, String id, String email, String visitor, String campaign,
			String at) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", type);
		event.put("occurredAt", at);
		event.put("source", "web");
		event.put("externalId", id);
		Map<String, Object> person = new LinkedHashMap<>();
		if (email != null) {
			person.put("email", email);
		}
		if (visitor != null) {
			person.put("anonymousId", visitor);
		}
		event.put("person", person);
		if (campaign != null) {
			event.put("campaign", campaign);
		}
		return event;
	}

	private static JsonNode ok(ApiClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

}
