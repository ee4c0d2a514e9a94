package io.revcycle.revenue;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.revcycle.kernel.InvalidInput;
import io.revcycle.kernel.Money;
import io.revcycle.tenancy.TenantContext;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The campaigns of the current tenant and what they cost each month. Events name a
 * campaign by its key, whatever its case; an unknown key creates the campaign.
 */
@Component
public class Campaigns {

	static final String COLUMNS = "id, key, name, channel, created_at, updated_at";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	Campaigns(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * A campaign.
	 *
	 * @param id its id
	 * @param key what events name it by
	 * @param name what people call it
	 * @param channel where it runs (paid search, email, events...), or null
	 * @param createdAt when it was created
	 * @param updatedAt when it last changed
	 */
	public record Campaign(UUID id, String key, String name, String channel, Instant createdAt, Instant updatedAt) {

		static Campaign of(ResultSet rs, int row) throws SQLException {
			return new Campaign(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant());
		}

	}

	/**
	 * A campaign's cost in a month.
	 *
	 * @param month the month
	 * @param amount what it cost
	 */
	public record Cost(YearMonth month, Money amount) {
	}

	/** Raised when a campaign with the key exists. */
	static final class KeyTaken extends io.revcycle.kernel.Conflict {

		KeyTaken(String key) {
			super("A campaign with the key '" + key + "' exists; keys are unique whatever their case.");
		}

	}

	/** Every campaign, by id. */
	public Map<UUID, Campaign> all() {
		Map<UUID, Campaign> all = new HashMap<>();
		this.jdbc.query("select " + COLUMNS + " from campaigns", (rs) -> {
			Campaign campaign = Campaign.of(rs, 0);
			all.put(campaign.id(), campaign);
		});
		return all;
	}

	Optional<Campaign> find(UUID id) {
		return this.jdbc.query("select " + COLUMNS + " from campaigns where id = ?", Campaign::of, id)
			.stream()
			.findFirst();
	}

	/** A page of campaigns, newest first, after a position. */
	List<Campaign> page(Instant afterAt, UUID afterId, int limit) {
		if (afterAt == null) {
			return this.jdbc.query("select " + COLUMNS + " from campaigns order by created_at desc, id desc limit ?",
					Campaign::of, limit);
		}
		return this.jdbc.query(
				"select " + COLUMNS + " from campaigns where (created_at, id) < (?, ?) "
						+ "order by created_at desc, id desc limit ?",
				Campaign::of, Timestamp.from(afterAt), afterId, limit);
	}

	/**
	 * Creates a campaign.
	 * @throws KeyTaken when a campaign has the key
	 */
	public Campaign create(String key, String name, String channel) {
		Instant now = this.clock.instant();
		UUID id = UUID.randomUUID();
		try {
			this.jdbc.update(
					"insert into campaigns (tenant_id, id, key, name, channel, created_at, updated_at) "
							+ "values (?, ?, ?, ?, ?, ?, ?)",
					TenantContext.require(), id, key, name, channel, Timestamp.from(now), Timestamp.from(now));
		}
		catch (DuplicateKeyException ex) {
			throw new KeyTaken(key);
		}
		return new Campaign(id, key, name, channel, now, now);
	}

	/**
	 * Renames a campaign or moves it to another channel; what is null stays.
	 * @return the campaign, or empty when there is none
	 */
	public Optional<Campaign> change(UUID id, String name, String channel) {
		int changed = this.jdbc.update(
				"update campaigns set name = coalesce(?, name), channel = case when ? then ? else channel end, "
						+ "updated_at = ? where id = ?",
				name, channel != null, (channel != null && !channel.isBlank()) ? channel : null,
				Timestamp.from(this.clock.instant()), id);
		return (changed == 0) ? Optional.empty() : find(id);
	}

	/**
	 * The campaigns of these keys, created when unknown (named after their key): each key
	 * (lower case) with its campaign id.
	 */
	Map<String, UUID> ensure(Collection<String> keys) {
		Map<String, String> byLower = new HashMap<>();
		keys.forEach((key) -> byLower.putIfAbsent(key.toLowerCase(Locale.ROOT), key));
		if (byLower.isEmpty()) {
			return Map.of();
		}
		String[] lower = byLower.keySet().toArray(String[]::new);
		Map<String, UUID> ids = found(lower);
		if (ids.size() < lower.length) {
			String[] missing = byLower.entrySet()
				.stream()
				.filter((e) -> !ids.containsKey(e.getKey()))
				.map(Map.Entry::getValue)
				.sorted()
				.toArray(String[]::new);
			Timestamp now = Timestamp.from(this.clock.instant());
			this.jdbc.update(
					"insert into campaigns (tenant_id, id, key, name, created_at, updated_at) "
							+ "select ?, gen_random_uuid(), k, k, ?, ? from unnest(?::text[]) as k "
							+ "on conflict (tenant_id, lower(key)) do nothing",
					TenantContext.require(), now, now, missing);
			ids.putAll(found(lower));
		}
		return ids;
	}

	private Map<String, UUID> found(String[] lower) {
		Map<String, UUID> ids = new HashMap<>();
		this.jdbc.query("select lower(key), id from campaigns where lower(key) = any(?::text[])", (rs) -> {
			ids.put(rs.getString(1), rs.getObject(2, UUID.class));
		}, (Object) lower);
		return ids;
	}

	/** A campaign's costs, by month. */
	public List<Cost> costs(UUID campaignId) {
		return this.jdbc.query(
				"select month, amount, currency from campaign_costs where campaign_id = ? order by month, currency",
				(rs, row) -> new Cost(YearMonth.from(rs.getObject(1, LocalDate.class)),
						new Money(rs.getBigDecimal(2), rs.getString(3))),
				campaignId);
	}

	/**
	 * Checks costs as a client sent them: months such as {@code 2026-11} between 1970 and
	 * 9999, amounts not negative, each month and currency once.
	 * @param costs each month with its amount
	 * @return the costs
	 * @throws InvalidInput naming each problem by its path ({@code costs[1].month})
	 */
	public static List<Cost> checkCosts(List<Map.Entry<String, Money>> costs) {
		InvalidInput.Collector problems = new InvalidInput.Collector();
		List<Cost> checked = new java.util.ArrayList<>();
		Set<String> seen = new java.util.HashSet<>();
		for (int i = 0; i < costs.size(); i++) {
			Map.Entry<String, Money> cost = costs.get(i);
			String at = "costs[" + i + "]";
			YearMonth month = null;
			try {
				month = YearMonth.parse(cost.getKey().trim());
			}
			catch (RuntimeException ex) {
				problems.add(at + ".month", "must be a month such as 2026-11");
			}
			if (problems.check(cost.getValue() == null, at + ".amount",
					"is required, as {\"amount\": \"1200.00\", \"currency\": \"EUR\"}")) {
				continue;
			}
			if (problems.check(cost.getValue().amount().signum() < 0, at + ".amount", "must not be negative")
					|| month == null) {
				continue;
			}
			problems.check(month.getYear() < 1970 || month.getYear() > 9999, at + ".month",
					"must be a month between 1970-01 and 9999-12");
			problems.check(!seen.add(month + "/" + cost.getValue().currency()), at,
					"names " + month + " in " + cost.getValue().currency() + " twice");
			checked.add(new Cost(month, cost.getValue()));
		}
		problems.throwIfAny();
		return checked;
	}

	/** Replaces a campaign's costs for the months named. */
	public void replaceCosts(UUID campaignId, List<Cost> costs) {
		String[] months = costs.stream().map((c) -> c.month().atDay(1).toString()).distinct().toArray(String[]::new);
		this.jdbc.update("delete from campaign_costs where campaign_id = ? and month = any(?::text[]::date[])",
				campaignId, months);
		this.jdbc.batchUpdate(
				"insert into campaign_costs (tenant_id, campaign_id, month, currency, amount) values (?, ?, ?, ?, ?)",
				costs.stream()
					.filter((c) -> c.amount().amount().signum() > 0)
					.map((c) -> new Object[] { TenantContext.require(), campaignId, c.month().atDay(1),
							c.amount().currency(), c.amount().amount() })
					.toList());
	}

	/**
	 * What every campaign cost between two days, each month's cost prorated by the days
	 * of the month inside the window: rows of campaign, currency and amount (unrounded).
	 */
	public List<Amount> costsBetween(LocalDate from, LocalDate to) {
		return this.jdbc.query("select campaign_id, currency, sum(amount * (least(?::date, "
				+ "(month + interval '1 month')::date) - greatest(?::date, month))::numeric "
				+ "/ ((month + interval '1 month')::date - month)) from campaign_costs "
				+ "where month < ?::date and (month + interval '1 month')::date > ?::date group by campaign_id, currency",
				(rs, row) -> new Amount(rs.getObject(1, UUID.class), rs.getString(2), rs.getBigDecimal(3)), to, from,
				to, from);
	}

	/**
	 * An amount of one campaign in one currency, unrounded.
	 *
	 * @param campaignId the campaign
	 * @param currency the currency
	 * @param amount the amount
	 */
	public record Amount(UUID campaignId, String currency, BigDecimal amount) {
	}

}
