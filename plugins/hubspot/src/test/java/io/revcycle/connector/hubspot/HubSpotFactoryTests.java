package io.revcycle.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConfigProblem;
import io.revcycle.plugin.api.ConnectorConfig;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.testkit.TestClock;

/** The descriptor, the configuration spec and {@code check()}. */
class HubSpotFactoryTests {

	private final HubSpotConnectorFactory factory = new HubSpotConnectorFactory();

	private final TestClock clock = TestClock.at(Instant.parse("2026-11-24T10:15:30Z"));

	private final FakeHubSpot hubspot = new FakeHubSpot(this.clock::instant);

	@AfterEach
	void stop() {
		this.hubspot.close();
	}

	@Test
	void theDescriptorSaysWhatTheConnectorDoesAndWhereItCalls() {
		ConnectorDescriptor descriptor = this.factory.descriptor();

		assertThat(descriptor.id()).isEqualTo("hubspot");
		assertThat(descriptor.category()).isEqualTo(ConnectorDescriptor.Category.CRM);
		assertThat(descriptor.version()).as("the jar's Plugin-Version").isNull();
		assertThat(descriptor.requires()).as("the jar's Plugin-Requires").isNull();
		assertThat(descriptor.hosts()).containsExactly("api.hubapi.com");
		assertThat(descriptor.actions()).containsExactlyInAnyOrder("upsert_contact", "upsert_company", "upsert_deal");
		assertThat(descriptor.produces()).contains("contact_created", "contact_updated", "deal_updated",
				"company_updated");
		assertThat(descriptor.produces()).allSatisfy((type) -> assertThat(type).matches("[a-z][a-z0-9_]*"));
	}

	@Test
	void secretsAreSecretAndTheDefaultsAreHubSpots() {
		assertThat(this.factory.configSpec().field("accessToken").orElseThrow())
			.satisfies((f) -> assertThat(f.secret() && f.required()).isTrue());
		assertThat(this.factory.configSpec().field("clientSecret").orElseThrow())
			.satisfies((f) -> assertThat(f.secret() && !f.required()).isTrue());

		ConnectorConfig config = this.factory.configSpec().withDefaults(Map.of("accessToken", FakeHubSpot.TOKEN));

		assertThat(config.values()).containsEntry("apiBase", "https://api.hubapi.com")
			.containsEntry("companyUniqueProperty", "revcycle_company_id")
			.containsEntry("dealUniqueProperty", "revcycle_deal_id")
			.containsEntry("pollObjects", "contacts,companies,deals");
		assertThat(HubSpotSettings.of(config).toString()).doesNotContain(FakeHubSpot.TOKEN);
	}

	@Test
	void eachWrongFieldIsNamed() {
		assertThat(problems(Map.of())).extracting(ConfigProblem::field).containsExactly("accessToken");
		assertThat(problems(Map.of("accessToken", "has a space"))).extracting(ConfigProblem::field)
			.containsExactly("accessToken");
		assertThat(problems(Map.of("apiBase", "http://api.hubapi.com"))).singleElement()
			.satisfies((p) -> assertThat(p.message()).contains("https"));
		assertThat(problems(Map.of("apiBase", "http://127.0.0.1:8089"))).isEmpty();
		assertThat(problems(Map.of("companyUniqueProperty", "domain"))).singleElement()
			.satisfies((p) -> assertThat(p.field()).isEqualTo("companyUniqueProperty"));
		assertThat(problems(Map.of("dealUniqueProperty", "Deal Id"))).extracting(ConfigProblem::field)
			.containsExactly("dealUniqueProperty");
		assertThat(problems(Map.of("pollObjects", "contacts,tickets"))).singleElement()
			.satisfies((p) -> assertThat(p.message()).contains("tickets"));
		assertThat(problems(Map.of("rateLimitWaitMillis", "60000"))).extracting(ConfigProblem::field)
			.containsExactly("rateLimitWaitMillis");
	}

	@Test
	void checkReadsOneContactWithTheToken() throws IOException {
		CheckResult result = connector(Map.of()).check();

		assertThat(result.ok()).isTrue();
		assertThat(this.hubspot.requests("/crm/v3/objects/contacts")).singleElement().satisfies((r) -> {
			assertThat(r.getUrl()).isEqualTo("/crm/v3/objects/contacts?limit=1");
			assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + FakeHubSpot.TOKEN);
		});
	}

	@Test
	void checkWithABadTokenFailsCleanlySayingWhatToFix() throws IOException {
		CheckResult result = connector(Map.of("accessToken", "pat-na1-revoked-0000")).check();

		assertThat(result.ok()).isFalse();
		assertThat(result.message()).contains("401").contains("accessToken").doesNotContain("pat-na1-revoked-0000");
	}

	@Test
	void checkWithoutTheScopeFailsNamingTheScope() throws IOException {
		this.hubspot.answer("GET", "/crm/v3/objects/contacts", 403, """
				{"status":"error","message":"This app hasn't been granted all required scopes to make this call.",\
				"correlationId":"c2","category":"MISSING_SCOPES"}""");

		CheckResult result = connector(Map.of()).check();

		assertThat(result.ok()).isFalse();
		assertThat(result.message()).contains("crm.objects.contacts.read");
	}

	private List<ConfigProblem> problems(Map<String, String> values) {
		Map<String, String> config = new LinkedHashMap<>();
		if (!values.containsKey("accessToken") && !values.isEmpty()) {
			config.put("accessToken", FakeHubSpot.TOKEN);
		}
		config.putAll(values);
		List<ConfigProblem> problems = this.factory.configSpec().validate(config);
		return problems.isEmpty() ? this.factory.validate(this.factory.configSpec().withDefaults(config)) : problems;
	}

	private HubSpotConnector connector(Map<String, String> overrides) {
		return FakeHubSpot.connector(this.hubspot.context(this.clock, overrides));
	}

}
