package io.revcycle.plugin.testkit;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.host.ConnectorFailure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A {@code Connector} written as a lambda and compiled against plugin API 1.0.0, when
 * {@code check()} was its only abstract method, still links and runs now that
 * {@code check()} has a default: its own {@code check()} is called, and the methods it
 * never had keep theirs.
 */
class Api10LambdaConnectorTests {

	private final TestHost host = TestHost
		.load(Api10ConnectorContractTests.JARS.resolve("connector-legacy-lambda-1.0.0.jar"));

	@AfterEach
	void close() {
		this.host.close();
	}

	@Test
	void itsLambdaIsItsCheck() {
		assertThat(this.host.refusals()).isEmpty();
		TestHost.Instance instance = this.host.instance(Map.of());

		CheckResult result = instance.check();

		assertThat(result.ok()).isTrue();
		assertThat(result.message()).isEqualTo("checked by a lambda compiled against plugin API 1.0.0 for test");
		assertThat(instance.health().healthy()).isTrue();
	}

	@Test
	void whatItNeverHadStaysUnsupported() {
		TestHost.Instance instance = this.host.instance(Map.of());
		WebhookRequest request = new WebhookRequest("POST", URI.create("https://revcycle.example/hooks/acme/l"),
				Map.of(), new byte[0], null, Instant.now());

		assertThatExceptionOfType(ConnectorFailure.class).isThrownBy(() -> instance.handleWebhook(request))
			.satisfies((failure) -> assertThat(failure.kind()).isEqualTo(ConnectorFailure.Kind.UNSUPPORTED));
		assertThat(instance.health().healthy()).isTrue();
	}

}
