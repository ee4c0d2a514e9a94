package io.revcycle;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.revcycle.secrets.TestKeys;
import io.revcycle.testsupport.UsesRealServices;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * A test of the whole platform on a random port, against the real PostgreSQL, Redis and
 * Keycloak. Every such test shares one application context (and so one database and one
 * Keycloak) per test run. Its secrets keys are in the middle of a rotation
 * ({@link TestKeys}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "revcycle.http.max-body-bytes=65536", "revcycle.outbox.base-delay=PT0.05S",
				"revcycle.outbox.max-attempts=4", "revcycle.outbox.poll-interval=PT0.1S",
				"revcycle.sla.poll-interval=PT1H", "revcycle.connectors.plugins-dir=target/test-plugins",
				"revcycle.connectors.allow-list-file=target/test-plugins.sha256",
				"revcycle.connectors.extra-allowed-hosts=localhost,127.0.0.1", "revcycle.connectors.call-timeout=PT2S",
				"revcycle.connectors.failures-to-open=3", "revcycle.connectors.poll-interval=PT1H",
				"revcycle.scoring.decay-interval=PT1H", "revcycle.scoring.decay-initial-delay=PT1H",
				"revcycle.webhooks.allow-private-targets=true",
				"revcycle.tenancy.operator-token=" + RevcycleTest.OPERATOR_TOKEN,
				"revcycle.tenancy.organization-check-delay=PT1H",
				"revcycle.secrets.keyset=" + TestKeys.KEYSET_B_PRIMARY_A,
				"revcycle.secrets.key=" + TestKeys.LEGACY_KEY })
@UsesRealServices
@Import({ TestClockConfiguration.class, TestPluginsConfiguration.class })
public @interface RevcycleTest {

	/** The operator token of the platform under test. */
	String OPERATOR_TOKEN = "test-operator-token";

}
