package io.revcycle.connector.stripe;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.revcycle.plugin.api.Event;

import static org.assertj.core.api.Assertions.assertThat;

/** Stripe's minor units in major units, as docs.stripe.com/currencies defines them. */
class StripeMoneyTests {

	@ParameterizedTest(name = "{1} {0} is {2}")
	@CsvSource({
			// two-decimal, the default
			"eur, 1999, 19.99, 2", "usd, 1, 0.01", "gbp, 0, 0.00", "chf, 100000000, 1000000.00",
			// Stripe's zero-decimal currencies
			"jpy, 1999, 1999", "bif, 1999, 1999", "clp, 1999, 1999", "djf, 1999, 1999", "gnf, 1999, 1999",
			"kmf, 1999, 1999", "krw, 1999, 1999", "mga, 1999, 1999", "pyg, 1999, 1999", "rwf, 1999, 1999",
			"vnd, 1999, 1999", "vuv, 1999, 1999", "xaf, 1999, 1999", "xof, 1999, 1999", "xpf, 1999, 1999",
			// three-decimal currencies
			"bhd, 1999, 1.999", "jod, 1999, 1.999", "kwd, 5120, 5.120", "omr, 1999, 1.999", "tnd, 1999, 1.999",
			// special cases: ISK and UGX are sent with two decimals always 00; HUF and
			// TWD are two-decimal for charges
			"isk, 500, 5", "ugx, 500, 5", "huf, 1045, 10.45", "twd, 80045, 800.45",
			// upper case works as well
			"JPY, 500, 500", "Kwd, 1, 0.001" })
	void minorUnitsBecomeMajorUnits(String currency, long minor, String major) {
		Event.Money money = StripeMoney.of(minor, currency);

		assertThat(money.amount()).isEqualByComparingTo(major);
		assertThat(money.currency()).isEqualTo(currency.toUpperCase());
	}

	@ParameterizedTest(name = "{0} has {1} decimals")
	@CsvSource({ "eur, 2", "jpy, 0", "kwd, 3", "ugx, 2", "isk, 2", "huf, 2" })
	void theScaleIsTheMinorUnits(String currency, int decimals) {
		assertThat(StripeMoney.major(12345, currency).scale()).isEqualTo(decimals);
	}

}
