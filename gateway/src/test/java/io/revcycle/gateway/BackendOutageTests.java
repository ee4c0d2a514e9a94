package io.revcycle.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.UsesRealServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static io.revcycle.gateway.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real gateway with its production routes, the platform's pointing at a port nobody
 * listens on and the console's at a server that accepts connections and never answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UsesRealServices
@TestPropertySource(properties = "spring.cloud.gateway.server.webflux.httpclient.response-timeout=2s")
class BackendOutageTests {

	private static final Silent SILENT = new Silent();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void backends(DynamicPropertyRegistry registry) {
		int closed = freePort();
		registry.add("revcycle.platform-url", () -> "http://localhost:" + closed);
		registry.add("revcycle.frontend-url", () -> "http://localhost:" + SILENT.port());
	}

	@AfterAll
	static void stopSilent() {
		SILENT.close();
	}

	@Test
	void aServiceThatIsDownIs503WithRetryAfter() {
		ApiClient gateway = new ApiClient("http://localhost:" + this.port);
		ApiClient.Response signup = gateway.post("/api/v1/signup", "{}", "Accept", "text/html");
		assertThat(assertProblem(503, signup)).contains("Retry-After");
		assertThat(Long.parseLong(signup.header("Retry-After"))).isPositive();

		ApiClient.Response hook = gateway.post("/hooks/acme/5f0c2b7e-0d6a-4b8e-9d1c-3a2b1c0d9e8f", "{}");
		assertProblem(503, hook);
		assertThat(hook.header("Retry-After")).isNotNull();
	}

	@Test
	void aServiceThatDoesNotAnswerIs504() {
		ApiClient.Response console = new ApiClient("http://localhost:" + this.port).get("/", "Accept", "text/html");
		assertThat(assertProblem(504, console)).contains("did not answer in time");
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Accepts connections and never reads from or writes to them. */
	static final class Silent implements AutoCloseable {

		private final ServerSocket server;

		private final List<Socket> held = new CopyOnWriteArrayList<>();

		Silent() {
			try {
				this.server = new ServerSocket(0);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Thread acceptor = new Thread(() -> {
				while (!this.server.isClosed()) {
					try {
						this.held.add(this.server.accept());
					}
					catch (IOException ex) {
						// closed
					}
				}
			}, "silent-backend");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.server.getLocalPort();
		}

		@Override
		public void close() {
			try {
				this.server.close();
				for (Socket socket : this.held) {
					socket.close();
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
