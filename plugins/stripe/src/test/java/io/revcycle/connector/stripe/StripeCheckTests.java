package io.revcycle.connector.stripe;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.CheckResult;

import static io.revcycle.connector.stripe.StripeFixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check()} reads the balance with the API key from a local fake of the Stripe API.
 */
class StripeCheckTests {

	private final FakeStripe stripe;

	StripeCheckTests() throws IOException {
		this.stripe = new FakeStripe();
	}

	@AfterEach
	void stop() {
		this.stripe.close();
	}

	@Test
	void aKeyStripeAcceptsChecksOk() throws IOException {
		CheckResult result = check(FakeStripe.GOOD_KEY, this.stripe.base());

		assertThat(result.ok()).isTrue();
		assertThat(result.message()).contains("test mode");
		assertThat(this.stripe.requests).containsExactly("GET /v1/balance Bearer " + FakeStripe.GOOD_KEY);
	}

	@Test
	void aKeyStripeRefusesFailsCleanlyWithoutRepeatingIt() throws IOException {
		String revoked = "sk_test_51SWx0aLkdIwHu7ixRevokedKey0000000000000000000wXyZ";

		CheckResult result = check(revoked, this.stripe.base());

		assertThat(result.ok()).isFalse();
		assertThat(result.message()).contains("Stripe refused the API key (401 invalid_request_error)")
			.contains("set apiKey")
			.doesNotContain(revoked)
			.doesNotContain("wXyZ");
	}

	@Test
	void aTrailingSlashOnTheBaseIsFine() throws IOException {
		assertThat(check(FakeStripe.GOOD_KEY, this.stripe.base() + "/").ok()).isTrue();
		assertThat(this.stripe.requests).allMatch((request) -> request.startsWith("GET /v1/balance "));
	}

	@Test
	void withoutAnApiKeyNothingIsCalledAndTheMessageSaysSo() throws IOException {
		TestContext context = new TestContext(Map.of("webhookSecret", SECRET, "apiBase", this.stripe.base()));

		CheckResult result = context.connector().check();

		assertThat(result.ok()).isTrue();
		assertThat(result.message()).contains("No apiKey set");
		assertThat(this.stripe.requests).isEmpty();
	}

	@Test
	void anUnexpectedAnswerFailsNamingTheStatus() throws IOException {
		CheckResult result = check(FakeStripe.GOOD_KEY, this.stripe.base() + "/elsewhere");

		assertThat(result.ok()).isFalse();
		assertThat(result.message()).contains("404").contains("invalid_request_error");
	}

	@Test
	void aServerThatIsNotStripeDoesNotPassForIt() throws IOException {
		this.stripe.answerBalanceWith("<html>It works!</html>");

		CheckResult result = check(FakeStripe.GOOD_KEY, this.stripe.base());

		assertThat(result.ok()).isFalse();
		assertThat(result.message()).contains("not with a Stripe balance");
	}

	@Test
	void aHostTheHostRefusesFailsSayingWhichAndWhatToSet() throws IOException {
		TestContext context = new TestContext(Map.of("webhookSecret", SECRET, "apiKey", FakeStripe.GOOD_KEY, "apiBase",
				"https://stripe.evil.example"));
		context.refuseHttp = true;

		CheckResult result = context.connector().check();

		assertThat(result.ok()).isFalse();
		assertThat(result.message()).contains("stripe.evil.example").contains("https://api.stripe.com");
	}

	private static CheckResult check(String apiKey, String base) throws IOException {
		TestContext context = new TestContext(Map.of("webhookSecret", SECRET, "apiKey", apiKey, "apiBase", base));
		return context.connector().check();
	}

}
