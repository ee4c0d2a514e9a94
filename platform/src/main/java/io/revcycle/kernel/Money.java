package io.revcycle.kernel;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * An amount of money in major units and its ISO 4217 currency: what payments, refunds,
 * deals and costs are counted in. In JSON it is {@code {"amount": "123.45", "currency":
 * "EUR"}}, the amount a decimal string so no client loses a cent to floating point.
 *
 * @param amount the amount, at most 14 digits before the point and 4 after; kept with the
 * currency's minor digits ({@code 12.50} EUR, {@code 5000} JPY)
 * @param currency the ISO 4217 code, upper case
 */
public record Money(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency) {

	/** Digits an amount may have before its point. */
	public static final int MAX_INTEGER_DIGITS = 14;

	/** Digits an amount may have after its point. */
	public static final int MAX_FRACTION_DIGITS = 4;

	/** Codes Java knows that name no money: no funds, and the testing code. */
	private static final Set<String> NOT_MONEY = Set.of("XXX", "XTS");

	public Money {
		Objects.requireNonNull(amount, "amount");
		Objects.requireNonNull(currency, "currency");
		currency = currency.toUpperCase(Locale.ROOT);
		String problem = amountProblem(amount);
		if (problem == null) {
			problem = currencyProblem(currency);
		}
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		// as many decimals as the currency's minor unit has (12.50 EUR, 5000 JPY), more
		// only where the amount needs them
		int minor = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
		BigDecimal stripped = amount.stripTrailingZeros();
		amount = stripped.setScale(Math.max(minor, Math.max(0, stripped.scale())));
	}

	/**
	 * Reads money as clients send it.
	 * @param amount a decimal number, as text or a number
	 * @param currency an ISO 4217 code
	 * @return the money
	 * @throws IllegalArgumentException when either part is missing or invalid; the
	 * message says which and why, as a phrase that follows the field's name
	 */
	public static Money parse(Object amount, Object currency) {
		if (amount == null || String.valueOf(amount).isBlank()) {
			throw new IllegalArgumentException("amount is required (a decimal string such as \"12.50\")");
		}
		if (currency == null || String.valueOf(currency).isBlank()) {
			throw new IllegalArgumentException("currency is required (an ISO 4217 code such as EUR)");
		}
		BigDecimal value;
		try {
			value = (amount instanceof BigDecimal decimal) ? decimal : new BigDecimal(String.valueOf(amount).trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"amount '" + shorten(String.valueOf(amount)) + "' is not a decimal number such as \"12.50\"");
		}
		return new Money(value, String.valueOf(currency).trim());
	}

	/** Whether the amount is more than zero. */
	@JsonIgnore
	public boolean isPositive() {
		return this.amount.signum() > 0;
	}

	/** The same amount with the opposite sign: a refund counted against a payment. */
	public Money negated() {
		return new Money(this.amount.negate(), this.currency);
	}

	/** {@code 12000.00 USD}. */
	@Override
	public String toString() {
		return this.amount.toPlainString() + " " + this.currency;
	}

	private static String amountProblem(BigDecimal amount) {
		if (amount.scale() > MAX_FRACTION_DIGITS && amount.stripTrailingZeros().scale() > MAX_FRACTION_DIGITS) {
			return "amount has more than " + MAX_FRACTION_DIGITS + " digits after the point";
		}
		if (amount.precision() - amount.scale() > MAX_INTEGER_DIGITS) {
			return "amount is too large (at most " + MAX_INTEGER_DIGITS + " digits before the point)";
		}
		return null;
	}

	private static String currencyProblem(String currency) {
		if (!currency.matches("[A-Z]{3}") || NOT_MONEY.contains(currency)) {
			return "currency '" + shorten(currency) + "' is not an ISO 4217 currency code such as EUR";
		}
		try {
			Currency.getInstance(currency);
			return null;
		}
		catch (IllegalArgumentException ex) {
			return "currency '" + currency + "' is not an ISO 4217 currency code such as EUR";
		}
	}

	private static String shorten(String text) {
		return (text.length() > 40) ? text.substring(0, 40) + "..." : text;
	}

}
