package io.revcycle.plugin.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.ConnectorConfig;
import io.revcycle.plugin.api.Http;
import io.revcycle.plugin.testkit.plugins.QuietConnectorFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The context for unit tests without the host, against a local server. */
class TestContextTests {

	private final List<String> received = new CopyOnWriteArrayList<>();

	private HttpServer server;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			this.received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
					+ exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
			byte[] answer = "pong".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("X-Answer", "yes");
			exchange.sendResponseHeaders(201, answer.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer);
			}
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void theConfigurationIsCheckedAndCompletedAsTheHostDoesIt() {
		TestContext context = TestContext.of(new QuietConnectorFactory(), Map.of("apiKey", "quiet_4f9a1c2e"));

		assertThat(context.config().values()).containsEntry("apiKey", "quiet_4f9a1c2e")
			.containsEntry("baseUrl", "https://api.test.example");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TestContext.of(new QuietConnectorFactory(), Map.of("baseUrl", "not a url")))
			.withMessageContaining("apiKey")
			.withMessageContaining("baseUrl");
	}

	@Test
	void aConfigurationGivenAsItIsIsNotChecked() {
		TestContext context = TestContext.of(new ConnectorConfig(Map.of("baseUrl", "not a url")));

		assertThat(context.config().values()).containsExactly(Map.entry("baseUrl", "not a url"));
	}

	@Test
	void eachContextIsAnInstanceOfItsOwnOfTheTestTenant() {
		TestContext one = context();
		TestContext other = context();
		TestClock clock = TestClock.at(Instant.parse("2026-11-24T10:00:00Z"));

		assertThat(one.tenant()).isEqualTo(TestContext.TENANT);
		assertThat(one.instanceId()).isNotEqualTo(other.instanceId());
		assertThat(one.withClock(clock).instanceId()).isEqualTo(one.instanceId());
		assertThat(one.withClock(clock).clock()).isSameAs(clock);
	}

	@Test
	void httpSendsRealRequestsAndRecordsThem() throws IOException {
		TestContext context = context();
		Http.Request request = Http.Request.post(URI.create(base() + "/ping?x=1"), "text/plain", "ping")
			.withHeader("Authorization", "Bearer quiet_4f9a1c2e");

		Http.Response response = context.http().send(request);

		assertThat(response.status()).isEqualTo(201);
		assertThat(response.text()).isEqualTo("pong");
		assertThat(response.header("x-answer")).contains("yes");
		assertThat(this.received).containsExactly("POST /ping?x=1 Bearer quiet_4f9a1c2e ping");
		assertThat(context.requests()).containsExactly(request);
	}

	@Test
	void onlyTheAllowedHostsAreCalled() throws IOException {
		TestContext context = context().withAllowedHosts("127.0.0.1");
		URI elsewhere = URI.create("http://localhost:" + this.server.getAddress().getPort() + "/ping");

		assertThatThrownBy(() -> context.http().send(Http.Request.get(elsewhere))).isInstanceOf(SecurityException.class)
			.hasMessageContaining("'localhost'")
			.hasMessageContaining("[127.0.0.1]");
		assertThat(this.received).isEmpty();
		assertThat(context.requests()).extracting(Http.Request::uri).containsExactly(elsewhere);

		assertThat(context.http().send(Http.Request.get(URI.create(base() + "/ping"))).status()).isEqualTo(201);
	}

	@Test
	void nothingIsCalledWhileAWebhookIsHandled() throws IOException {
		TestContext context = context();
		Http.Request ping = Http.Request.get(URI.create(base() + "/ping"));

		String outcome = context.handlingWebhook(() -> {
			try {
				context.http().send(ping);
				return "sent";
			}
			catch (SecurityException | IOException ex) {
				return ex.getMessage();
			}
		});

		assertThat(outcome).contains("while handling a webhook");
		assertThat(this.received).isEmpty();
		assertThat(context.requests()).containsExactly(ping);
		assertThat(context.http().send(ping).status()).as("after the webhook").isEqualTo(201);
	}

	@Test
	void theLoggerKeepsEveryLineFormattedAndUnmasked() {
		TestContext context = context();

		context.logger().log(System.Logger.Level.INFO, "checking with key {0}", "quiet_4f9a1c2e");
		context.logger().log(System.Logger.Level.WARNING, "refused", new IOException("401"));
		context.logger().log(System.Logger.Level.DEBUG, "it''s {0} o''clock", 10);

		assertThat(context.logLines()).containsExactly("INFO checking with key quiet_4f9a1c2e",
				"WARNING refused | java.io.IOException: 401", "DEBUG it's 10 o'clock");
	}

	@Test
	void cursorsAreStagedUntilCommittedOrDropped() {
		TestContext.Cursors cursors = context().cursors();

		cursors.put("sent:1", "a");
		assertThat(cursors.get("sent:1")).contains("a");
		assertThat(cursors.staged()).containsExactly(Map.entry("sent:1", "a"));
		cursors.commit();
		cursors.put("sent:1", "b");
		cursors.put("sent:2", "c");
		assertThat(cursors.get("sent:1")).contains("b");
		cursors.drop();

		assertThat(cursors.get("sent:1")).contains("a");
		assertThat(cursors.get("sent:2")).isEmpty();
		assertThat(cursors.staged()).isEmpty();
		assertThat(cursors.committed()).containsExactly(Map.entry("sent:1", "a"));
	}

	@Test
	void theClockMovesOnlyWhenMoved() {
		Instant at = Instant.parse("2026-11-24T10:00:00Z");
		TestContext context = context().withClock(TestClock.at(at));

		assertThat(context.clock().instant()).isEqualTo(at);
		context.clock().advance(Duration.ofSeconds(301));
		assertThat(context.clock().instant()).isEqualTo(at.plusSeconds(301));
	}

	private static TestContext context() {
		return TestContext.of(new QuietConnectorFactory(), Map.of("apiKey", "quiet_4f9a1c2e"));
	}

	private String base() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

}
