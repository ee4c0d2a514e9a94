package io.revcycle.revenue;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.revcycle.kernel.InvalidInput;
import io.revcycle.kernel.Money;
import io.revcycle.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Each tenant's revenue settings: the reporting currency, FX rates and the attribution
 * lookback window. A tenant that set none reports in {@value #DEFAULT_CURRENCY} with a
 * {@value #DEFAULT_LOOKBACK_DAYS}-day lookback. A stored rate that can no longer be read
 * is left out (and logged), never breaking a report.
 */
@Component
public class RevenueSettings {

	/** The reporting currency of a tenant that chose none. */
	public static final String DEFAULT_CURRENCY = "USD";

	/** How far before a payment touches count, unless the tenant says otherwise. */
	public static final int DEFAULT_LOOKBACK_DAYS = 365;

	private static final Logger log = LoggerFactory.getLogger(RevenueSettings.class);

	private static final BigDecimal MAX_RATE = new BigDecimal("1000000000");

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	RevenueSettings(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * The settings as the API shows and takes them.
	 *
	 * @param reportingCurrency the ISO 4217 code reports are in
	 * @param fxRates per other currency, the reporting-currency units one unit is worth,
	 * as decimal strings
	 * @param attributionLookbackDays how many days before a payment a touch still earns
	 * credit
	 * @param updatedAt when they were last changed, null while they are the defaults
	 */
	public record View(String reportingCurrency, Map<String, String> fxRates, Integer attributionLookbackDays,
			Instant updatedAt) {
	}

	/** The settings in force. */
	public View view() {
		return this.jdbc
			.query("select reporting_currency, fx_rates::text, lookback_days, updated_at from revenue_settings",
					(rs, row) -> new View(rs.getString(1), rates(rs.getString(2)), rs.getInt(3),
							rs.getTimestamp(4).toInstant()))
			.stream()
			.findFirst()
			.orElse(new View(DEFAULT_CURRENCY, Map.of(), DEFAULT_LOOKBACK_DAYS, null));
	}

	/** The reporting currency and rates in force. */
	public Fx fx() {
		View view = view();
		Map<String, BigDecimal> rates = new TreeMap<>();
		view.fxRates().forEach((currency, rate) -> rates.put(currency, new BigDecimal(rate)));
		return new Fx(view.reportingCurrency(), rates);
	}

	/** The attribution lookback window in force, in days. */
	int lookbackDays() {
		return view().attributionLookbackDays();
	}

	/**
	 * Replaces the settings; what the request leaves out keeps its value.
	 * @throws InvalidInput naming every problem by its field
	 */
	public View replace(View wanted) {
		View current = view();
		InvalidInput.Collector problems = new InvalidInput.Collector();
		String currency = (wanted.reportingCurrency() != null)
				? currency(wanted.reportingCurrency(), "reportingCurrency", problems) : current.reportingCurrency();
		Map<String, String> rates = new TreeMap<>();
		Map<String, String> asked = (wanted.fxRates() != null) ? wanted.fxRates() : current.fxRates();
		asked.forEach((code, rate) -> {
			String field = "fxRates." + code;
			String checked = currency(code, field, problems);
			if (checked == null) {
				return;
			}
			BigDecimal value = null;
			try {
				value = (rate != null) ? new BigDecimal(rate.trim()) : null;
			}
			catch (NumberFormatException ex) {
				// named below
			}
			if (problems.check(value == null || value.signum() <= 0 || value.compareTo(MAX_RATE) > 0, field,
					"must be a positive decimal string such as \"0.92\" (reporting-currency units per unit)")) {
				return;
			}
			rates.put(checked, value.stripTrailingZeros().toPlainString());
		});
		if (currency != null) {
			rates.remove(currency);
		}
		int lookback = (wanted.attributionLookbackDays() != null) ? wanted.attributionLookbackDays()
				: current.attributionLookbackDays();
		problems.check(lookback < 1 || lookback > 3650, "attributionLookbackDays", "must be 1 to 3650 days");
		problems.throwIfAny();
		Instant now = this.clock.instant();
		this.jdbc.update(
				"insert into revenue_settings (tenant_id, reporting_currency, fx_rates, lookback_days, "
						+ "updated_at) values (?, ?, ?::jsonb, ?, ?) on conflict (tenant_id) do update set "
						+ "reporting_currency = excluded.reporting_currency, fx_rates = excluded.fx_rates, "
						+ "lookback_days = excluded.lookback_days, updated_at = excluded.updated_at",
				TenantContext.require(), currency, this.json.writeValueAsString(rates), lookback, Timestamp.from(now));
		return view();
	}

	private static String currency(String code, String field, InvalidInput.Collector problems) {
		try {
			return new Money(BigDecimal.ONE, (code != null) ? code.trim() : "").currency();
		}
		catch (IllegalArgumentException ex) {
			problems.add(field, "must be an ISO 4217 currency code such as EUR");
			return null;
		}
	}

	private Map<String, String> rates(String stored) {
		Map<String, String> rates = new LinkedHashMap<>();
		try {
			Map<String, Object> read = this.json.readValue(stored, new TypeReference<Map<String, Object>>() {
			});
			read.forEach((currency, rate) -> {
				try {
					BigDecimal value = new BigDecimal(String.valueOf(rate));
					if (value.signum() > 0) {
						rates.put(currency, value.toPlainString());
					}
				}
				catch (NumberFormatException ex) {
					log.warn("Tenant {}: FX rate of {} is not a number; it is left out", TenantContext.require(),
							currency);
				}
			});
		}
		catch (JacksonException ex) {
			log.warn("Tenant {}: stored FX rates cannot be read; none are used", TenantContext.require());
		}
		return rates;
	}

}
