package io.revcycle.revenue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Map;
import java.util.TreeMap;

import io.revcycle.kernel.Money;

/**
 * A tenant's reporting currency and its FX rates: reporting-currency units per unit of
 * each other currency. Reports convert with the rates in force when they are asked for.
 *
 * @param reportingCurrency the currency reports are in
 * @param rates per other currency, the reporting-currency units one unit is worth
 */
public record Fx(String reportingCurrency, Map<String, BigDecimal> rates) {

	private static final MathContext PRECISION = MathContext.DECIMAL64;

	public Fx {
		rates = Map.copyOf(new TreeMap<>(rates));
	}

	/** Whether an amount in this currency can be converted. */
	public boolean converts(String currency) {
		return this.reportingCurrency.equals(currency) || this.rates.containsKey(currency);
	}

	/**
	 * An amount in the reporting currency, unrounded.
	 * @return the amount, or null when there is no rate for the currency
	 */
	public BigDecimal toReporting(BigDecimal amount, String currency) {
		if (this.reportingCurrency.equals(currency)) {
			return amount;
		}
		BigDecimal rate = this.rates.get(currency);
		return (rate != null) ? amount.multiply(rate, PRECISION) : null;
	}

	/**
	 * An amount of the reporting currency in another currency, unrounded.
	 * @return the amount, or null when there is no rate for the currency
	 */
	public BigDecimal fromReporting(BigDecimal amount, String currency) {
		if (this.reportingCurrency.equals(currency)) {
			return amount;
		}
		BigDecimal rate = this.rates.get(currency);
		return (rate != null) ? amount.divide(rate, PRECISION) : null;
	}

	/** Money of an unrounded amount, rounded half up to the currency's minor unit. */
	public static Money money(BigDecimal amount, String currency) {
		int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
		return new Money(amount.setScale(digits, RoundingMode.HALF_UP), currency);
	}

}
