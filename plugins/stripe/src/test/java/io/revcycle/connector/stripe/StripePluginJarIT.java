package io.revcycle.connector.stripe;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;
import io.revcycle.plugin.host.CallPolicy;
import io.revcycle.plugin.testkit.Signatures;
import io.revcycle.plugin.testkit.TestHost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The plugin jar Maven packaged, loaded by the real host on a class path without Gson
 * (failsafe leaves it out, and stripe-java, which only the tests use): the jar must carry
 * Gson itself, and needs nothing of stripe-java.
 */
class StripePluginJarIT {

	private static final Instant NOW = Instant.parse("2026-11-26T10:00:05Z");

	private static final String SECRET = "whsec_8f3kQz1LpV0xR7mT2nB5cY9dW4eH6jUa";

	@Test
	void theTestClassPathHasNoGsonSoTheJarMustBringItAndNothingOfStripeJava() throws IOException {
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("com.stripe.net.Webhook"));
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("com.google.gson.JsonParser"));
		try (JarFile jar = new JarFile(System.getProperty("pluginJar"))) {
			List<String> names = jar.stream().map(JarEntry::getName).toList();
			assertThat(names).contains("com/google/gson/JsonParser.class")
				.noneMatch((name) -> name.startsWith("com/stripe/"));
		}
	}

	@Test
	void thePackagedJarVerifiesAndMapsAStripeWebhook() throws IOException {
		Path jar = Path.of(System.getProperty("pluginJar"));
		try (TestHost host = TestHost.load(jar, Clock.fixed(NOW, ZoneOffset.UTC), CallPolicy.defaults())) {
			assertThat(host.refusals()).isEmpty();
			assertThat(host.connector().descriptor().id()).isEqualTo("stripe");
			TestHost.Instance instance = host.instance(Map.of("webhookSecret", SECRET));
			String body = fixture("invoice.paid");

			WebhookResult accepted = instance.handleWebhook(webhook(body, Signatures.stripe(SECRET, NOW, body)));
			WebhookResult tampered = instance
				.handleWebhook(webhook(body.replace("1999", "1"), Signatures.stripe(SECRET, NOW, body)));

			assertThat(accepted.outcome()).as(accepted.reason()).isEqualTo(WebhookResult.Outcome.ACCEPTED);
			Event event = accepted.events().get(0);
			assertThat(event.type()).isEqualTo("payment_succeeded");
			assertThat(event.money().amount()).isEqualByComparingTo("19.99");
			assertThat(event.money().currency()).isEqualTo("EUR");
			assertThat(tampered.outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
			assertThat(instance.health().healthy()).isTrue();
		}
	}

	private static String fixture(String name) throws IOException {
		try (InputStream in = StripePluginJarIT.class.getResourceAsStream("/stripe/" + name + ".json")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static WebhookRequest webhook(String body, String signature) {
		return new WebhookRequest(
				"POST", URI.create("https://revcycle.example/hooks/acme/5f0c2b7e"), Map.of("Content-Type",
						List.of("application/json; charset=utf-8"), "Stripe-Signature", List.of(signature)),
				body.getBytes(StandardCharsets.UTF_8), "54.187.174.169", NOW);
	}

}
