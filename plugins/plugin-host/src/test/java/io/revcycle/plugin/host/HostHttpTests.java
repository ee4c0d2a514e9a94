package io.revcycle.plugin.host;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.Http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HostHttpTests {

	private static final int MIB = 1024 * 1024;

	private HttpServer server;

	private URI base;

	private final AtomicLong streamed = new AtomicLong();

	private final CountDownLatch streamEnded = new CountDownLatch(1);

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/bytes/", (exchange) -> {
			// /bytes/<n>: n bytes with their Content-Length
			int size = Integer.parseInt(exchange.getRequestURI().getPath().substring("/bytes/".length()));
			exchange.sendResponseHeaders(200, (size == 0) ? -1 : size);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(filled(size));
			}
		});
		this.server.createContext("/chunked/", (exchange) -> {
			// /chunked/<n>: n bytes without a Content-Length
			int size = Integer.parseInt(exchange.getRequestURI().getPath().substring("/chunked/".length()));
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(filled(size));
			}
		});
		this.server.createContext("/endless", (exchange) -> {
			// chunks until the client goes away
			exchange.sendResponseHeaders(200, 0);
			byte[] chunk = filled(64 * 1024);
			try (OutputStream body = exchange.getResponseBody()) {
				while (this.streamed.get() < 1024L * MIB) {
					body.write(chunk);
					body.flush();
					this.streamed.addAndGet(chunk.length);
				}
			}
			catch (IOException ex) {
				// the client closed the connection
			}
			finally {
				this.streamEnded.countDown();
			}
		});
		this.server.start();
		this.base = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void readsABodyUpToTheLimit() throws IOException {
		HostHttp http = http(Set.of("127.0.0.1"), 1000);
		assertThat(http.send(get("/bytes/1000")).body()).hasSize(1000).containsOnly((byte) 'x');
		assertThat(http.send(get("/chunked/1000")).body()).hasSize(1000);
		assertThat(http.send(get("/bytes/0")).body()).isEmpty();
	}

	@Test
	void failsWhenTheAnnouncedBodyIsLargerThanTheLimit() {
		HostHttp http = http(Set.of("127.0.0.1"), 1000);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> http.send(get("/bytes/1001")))
			.withMessageContaining("The response of 127.0.0.1 announces 1001 bytes")
			.withMessageContaining("more than the host reads (1000 bytes)");
	}

	@Test
	void failsWhenAnUnannouncedBodyGrowsLargerThanTheLimit() {
		HostHttp http = http(Set.of("127.0.0.1"), 1000);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> http.send(get("/chunked/1001")))
			.withMessageContaining("has more than 1000 bytes")
			.withMessageContaining("the rest of the body was not read");
	}

	@Test
	void theDefaultLimitIs10MibAndTheRestOfAnEndlessBodyIsNotRead() throws Exception {
		assertThat(HostHttp.MAX_BODY_BYTES).isEqualTo(10L * MIB);
		HostHttp http = new HostHttp("stub", AllowedHosts.of(Set.of("127.0.0.1"), Set.of()), Duration.ofSeconds(20),
				() -> false);
		assertThat(http.send(get("/bytes/" + (10 * MIB))).body()).hasSize(10 * MIB);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> http.send(get("/bytes/" + (10 * MIB + 1))))
			.withMessageContaining("(10 MiB)");

		long start = System.nanoTime();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> http.send(get("/endless")))
			.withMessageContaining("has more than " + 10 * MIB + " bytes, more than the host reads (10 MiB)");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
		assertThat(this.streamEnded.await(10, TimeUnit.SECONDS)).as("the server saw the connection closed").isTrue();
		assertThat(this.streamed.get()).as("the server stopped long before it sent 1 GiB").isLessThan(512L * MIB);
	}

	@Test
	void anEntryWithAPortAllowsThatPortOnly() throws IOException {
		int port = this.server.getAddress().getPort();
		assertThat(http(Set.of("127.0.0.1:" + port), 100).send(get("/bytes/3")).status()).isEqualTo(200);
		assertThat(http(Set.of("127.0.0.1"), 100).send(get("/bytes/3")).status()).as("a bare host allows any port")
			.isEqualTo(200);
		HostHttp otherPort = http(Set.of("127.0.0.1:" + ((port == 65535) ? port - 1 : port + 1)), 100);
		assertThatExceptionOfType(SecurityException.class).isThrownBy(() -> otherPort.send(get("/bytes/3")))
			.withMessageContaining("may not call host '127.0.0.1' on port " + port);
		HostHttp defaultPort = http(Set.of("api.example.com:443"), 100);
		assertThatExceptionOfType(SecurityException.class)
			.isThrownBy(() -> defaultPort.send(Http.Request.get(URI.create("http://api.example.com/"))))
			.withMessageContaining("on port 80");
	}

	private HostHttp http(Set<String> hosts, long maxBodyBytes) {
		return new HostHttp("stub", AllowedHosts.of(hosts, List.of()), Duration.ofSeconds(5), () -> false,
				maxBodyBytes);
	}

	private Http.Request get(String path) {
		return Http.Request.get(this.base.resolve(path));
	}

	private static byte[] filled(int size) {
		byte[] bytes = new byte[size];
		Arrays.fill(bytes, (byte) 'x');
		return bytes;
	}

}
