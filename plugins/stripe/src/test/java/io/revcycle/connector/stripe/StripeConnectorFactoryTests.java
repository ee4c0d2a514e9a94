package io.revcycle.connector.stripe;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigProblem;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;

import static io.revcycle.connector.stripe.StripeFixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

class StripeConnectorFactoryTests {

	private final StripeConnectorFactory factory = new StripeConnectorFactory();

	@Test
	void theFactoryIsFoundAsAService() {
		assertThat(ServiceLoader.load(ConnectorFactory.class)).singleElement()
			.isInstanceOf(StripeConnectorFactory.class);
	}

	@Test
	void theDescriptorIsAPaymentsConnectorThatCallsOnlyStripe() {
		ConnectorDescriptor descriptor = this.factory.descriptor();

		assertThat(descriptor.id()).isEqualTo("stripe");
		assertThat(descriptor.version()).as("the jar's Plugin-Version").isNull();
		assertThat(descriptor.requires()).as("the jar's Plugin-Requires").isNull();
		assertThat(descriptor.category()).isEqualTo(ConnectorDescriptor.Category.PAYMENTS);
		assertThat(descriptor.hosts()).containsExactly("api.stripe.com");
		assertThat(descriptor.actions()).isEmpty();
		assertThat(descriptor.produces()).containsExactlyInAnyOrder("payment_succeeded", "payment_refunded",
				"contact_created", "subscription_started", "subscription_canceled", "subscription_updated",
				"subscription_upgraded");
	}

	@Test
	void theSecretsAreSecretAndTheBaseDefaultsToStripe() {
		assertThat(this.factory.configSpec().field("webhookSecret")).get()
			.matches(ConfigField::secret)
			.matches(ConfigField::required);
		assertThat(this.factory.configSpec().field("apiKey")).get().matches(ConfigField::secret);
		assertThat(this.factory.configSpec().field("apiBase")).get()
			.extracting(ConfigField::defaultValue)
			.isEqualTo("https://api.stripe.com");
		assertThat(this.factory.configSpec().withDefaults(Map.of("webhookSecret", SECRET)).values())
			.containsEntry("apiBase", "https://api.stripe.com")
			.containsEntry("countUnlinkedCharges", "false");
	}

	@Test
	void aFullConfigurationIsValid() {
		assertThat(problems(Map.of("webhookSecret", SECRET, "apiKey", FakeStripe.GOOD_KEY, "apiBase",
				"https://api.stripe.com", "countUnlinkedCharges", "true")))
			.isEmpty();
		assertThat(problems(Map.of("webhookSecret", SECRET, "apiKey", "rk_live_51SWx0aRestricted9Key"))).isEmpty();
	}

	@ParameterizedTest(name = "{0} = {1}")
	@CsvSource(delimiter = '|',
			value = { "webhookSecret|''|is required", "webhookSecret|sk_test_51SWx0aLkdIwHu7ix|starts with whsec_",
					"webhookSecret|whsec_|starts with whsec_", "webhookSecret|'whsec_abc def'|letters and digits",
					"apiKey|pk_test_51SWx0aLkdIwHu7ix|publishable key",
					"apiKey|whsec_8f3kQz1LpV0xR7mT2nB5cY9dW4eH6jUa|secret key (sk_test_/sk_live_...)",
					"apiBase|api.stripe.com|absolute http or https URL", "countUnlinkedCharges|yes|true or false" })
	void aBadFieldIsRefusedByNameSayingWhatToFix(String field, String value, String message) {
		Map<String, String> config = new HashMap<>(Map.of("webhookSecret", SECRET));
		config.put(field, value);

		List<ConfigProblem> problems = problems(config);

		assertThat(problems).singleElement().satisfies((problem) -> {
			assertThat(problem.field()).isEqualTo(field);
			assertThat(problem.message()).contains(message);
			if (value.length() > "whsec_".length() && this.factory.configSpec().field(field).get().secret()) {
				assertThat(problem.message()).doesNotContain(value);
			}
		});
	}

	private List<ConfigProblem> problems(Map<String, String> config) {
		List<ConfigProblem> problems = this.factory.configSpec().validate(config);
		if (problems.isEmpty()) {
			return this.factory.validate(this.factory.configSpec().withDefaults(config));
		}
		return problems;
	}

}
