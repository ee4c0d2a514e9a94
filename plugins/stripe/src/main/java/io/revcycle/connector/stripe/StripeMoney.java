package io.revcycle.connector.stripe;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

import io.revcycle.plugin.api.Event;

/**
 * Stripe amounts, which are integers in the currency's minor unit, as amounts in major
 * units. Follows Stripe's "Supported currencies" page (docs.stripe.com/currencies):
 * <ul>
 * <li>zero-decimal currencies are sent as they are: {@code 1999} JPY is 1999 JPY;</li>
 * <li>three-decimal currencies (BHD, JOD, KWD, OMR, TND) are in thousandths: {@code 5120}
 * KWD is 5.120 KWD;</li>
 * <li>every other currency is two-decimal: {@code 1999} EUR is 19.99 EUR;</li>
 * <li>the "special cases": ISK and UGX became zero-decimal, but Stripe still represents
 * them as two-decimal values for backwards compatibility ({@code 500} is 5 ISK or 5 UGX),
 * so UGX is two-decimal here although Stripe's zero-decimal list still names it; HUF and
 * TWD are zero-decimal for payouts only and two-decimal for charges, which is what
 * webhooks carry.</li>
 * </ul>
 */
final class StripeMoney {

	/** Stripe's zero-decimal list, less UGX (a two-decimal special case). */
	private static final Set<String> ZERO_DECIMAL = Set.of("BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA",
			"PYG", "RWF", "VND", "VUV", "XAF", "XOF", "XPF");

	private static final Set<String> THREE_DECIMAL = Set.of("BHD", "JOD", "KWD", "OMR", "TND");

	private StripeMoney() {
	}

	/**
	 * The amount in major units.
	 * @param minorUnits the amount as Stripe gives it
	 * @param currency the ISO code, any case
	 * @return the money, its currency upper case
	 */
	static Event.Money of(long minorUnits, String currency) {
		return new Event.Money(major(minorUnits, currency), currency);
	}

	/** The amount in major units, with as many decimals as Stripe's minor unit has. */
	static BigDecimal major(long minorUnits, String currency) {
		return BigDecimal.valueOf(minorUnits, decimals(currency));
	}

	/** How many decimals Stripe's minor unit of this currency has: 0, 2 or 3. */
	static int decimals(String currency) {
		String code = currency.toUpperCase(Locale.ROOT);
		if (ZERO_DECIMAL.contains(code)) {
			return 0;
		}
		return THREE_DECIMAL.contains(code) ? 3 : 2;
	}

}
