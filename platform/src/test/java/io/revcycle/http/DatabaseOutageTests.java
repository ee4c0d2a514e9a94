package io.revcycle.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.revcycle.ApiTest;
import io.revcycle.RevcycleApplication;
import io.revcycle.RevcycleTest;
import io.revcycle.secrets.TestKeys;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.RealServicesInitializer;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database restarting under a running platform: a second platform reaches PostgreSQL
 * through a proxy this test cuts (every connection closed, new ones closed at once, as a
 * restarting server does) and restores, so the shared database is never touched. While it
 * is cut, every request answers 503 problem+json with {@code Retry-After} (never a 500,
 * never a hang past a client's timeout); once it is back, the platform serves again
 * without a restart, and a retried batch is stored once.
 */
class DatabaseOutageTests extends ApiTest {

	@Autowired
	Environment environment;

	@Test
	void whileTheDatabaseIsDownTheApiAnswers503AndItRecoversWithoutARestart() throws Exception {
		SignedUp tenant = TestTenants.signUp(this.api, "outage");
		String key = this.api.post("/api/v1/api-keys", Map.of("name", "outage"), tenant.auth())
			.json()
			.get("key")
			.asString();
		String url = this.environment.getProperty("spring.datasource.url");
		java.net.URI jdbc = java.net.URI.create(url.substring("jdbc:".length()));
		try (Proxy proxy = new Proxy(jdbc.getHost(), jdbc.getPort())) {
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("revcycle.outbox.poll-interval", "PT1H");
			properties.put("revcycle.sla.poll-interval", "PT1H");
			properties.put("revcycle.connectors.poll-interval", "PT1H");
			properties.put("revcycle.connectors.plugins-dir", "target/test-plugins");
			properties.put("revcycle.connectors.allow-list-file", "target/test-plugins.sha256");
			properties.put("revcycle.scoring.decay-initial-delay", "PT1H");
			properties.put("revcycle.tenancy.organization-check-delay", "PT1H");
			properties.put("spring.flyway.enabled", "false");
			// as the platform under test is configured: this second one shares its
			// database and Redis
			properties.put("revcycle.connectors.extra-allowed-hosts", "localhost,127.0.0.1");
			properties.put("revcycle.webhooks.allow-private-targets", "true");
			try (ConfigurableApplicationContext second = new SpringApplicationBuilder(RevcycleApplication.class)
				.web(WebApplicationType.SERVLET)
				.initializers(new RealServicesInitializer())
				.properties(properties)
				// a free port: the builder's properties rank below application.yml's
				// 8081,
				// which a running stack may hold
				.run("--server.port=0",
						"--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + proxy.port() + jdbc.getPath()
								+ ((jdbc.getQuery() != null) ? "?" + jdbc.getQuery() : ""),
						"--spring.datasource.hikari.connection-timeout=2000",
						"--revcycle.secrets.keyset=" + TestKeys.KEYSET_B_PRIMARY_A,
						"--revcycle.secrets.key=" + TestKeys.LEGACY_KEY,
						"--revcycle.tenancy.operator-token=" + RevcycleTest.OPERATOR_TOKEN)) {
				ApiClient api = new ApiClient(
						"http://localhost:" + second.getEnvironment().getProperty("local.server.port", Integer.class));
				Map<String, Object> batch = Map.of("events",
						List.of(Map.of("type", "page_view", "occurredAt", "2026-11-20T10:00:00Z", "source", "web",
								"externalId", "outage-1", "person", Map.of("email", "kept@initech.com"))));
				assertThat(api.get("/api/v1/people", ApiClient.apiKey(key)).status()).isEqualTo(200);

				proxy.cut();
				for (String[] auth : List.of(ApiClient.apiKey(key), tenant.auth())) {
					for (ApiClient.Response answer : List.of(api.get("/api/v1/people", auth),
							api.post("/api/v1/events", batch, auth))) {
						assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
						assertThat(answer.contentType()).startsWith("application/problem+json");
						assertThat(answer.header("Retry-After")).isEqualTo("5");
						assertThat(answer.json().get("detail").asString()).contains("database is unavailable");
						assertThat(answer.body()).doesNotContain("Exception", "org.", "java.");
					}
				}

				proxy.restore();
				ApiClient.Response stored = null;
				for (int i = 0; i < 100 && (stored == null || stored.status() != 200); i++) {
					// a client retrying the same batch until it is acknowledged
					stored = api.post("/api/v1/events", batch, ApiClient.apiKey(key));
					if (stored.status() != 200) {
						assertThat(stored.status()).as(stored.toString()).isEqualTo(503);
						Thread.sleep(200);
					}
				}
				assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
				ApiClient.Response again = api.post("/api/v1/events", batch, tenant.auth());
				assertThat(again.json().get("duplicates").asInt()).isEqualTo(1);
				assertThat(api.get("/api/v1/people?email=kept@initech.com", ApiClient.apiKey(key))
					.json()
					.get("items")
					.size()).isEqualTo(1);
			}
		}
	}

	/**
	 * A TCP proxy to PostgreSQL that can be cut: every connection closed, and each new
	 * one closed as soon as it is accepted, as a database that restarts does.
	 */
	static final class Proxy implements AutoCloseable {

		private final ServerSocket server;

		private final Set<Socket> open = ConcurrentHashMap.newKeySet();

		private volatile boolean cut;

		Proxy(String host, int port) throws IOException {
			this.server = new ServerSocket();
			this.server.bind(new InetSocketAddress("127.0.0.1", 0));
			Thread acceptor = new Thread(() -> {
				while (!this.server.isClosed()) {
					try {
						Socket client = this.server.accept();
						if (this.cut) {
							client.close();
							continue;
						}
						Socket upstream = new Socket(host, port);
						this.open.add(client);
						this.open.add(upstream);
						pump(client, upstream);
						pump(upstream, client);
					}
					catch (IOException ex) {
						// closed, or the upstream refused: the client sees its socket
						// closed
					}
				}
			}, "db-proxy");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.server.getLocalPort();
		}

		void cut() {
			this.cut = true;
			for (Socket socket : this.open) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// closing anyway
				}
			}
			this.open.clear();
		}

		void restore() {
			this.cut = false;
		}

		private void pump(Socket from, Socket to) {
			Thread thread = new Thread(() -> {
				try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
					in.transferTo(out);
				}
				catch (IOException ex) {
					// one side closed
				}
				finally {
					try {
						from.close();
						to.close();
					}
					catch (IOException ex) {
						// closing anyway
					}
				}
			}, "db-proxy-pump");
			thread.setDaemon(true);
			thread.start();
		}

		@Override
		public void close() throws IOException {
			cut();
			this.server.close();
		}

	}

}
