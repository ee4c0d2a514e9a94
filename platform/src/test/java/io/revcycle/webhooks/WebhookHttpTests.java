package io.revcycle.webhooks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How webhooks are sent, against real HTTP receivers on this machine: the connection goes
 * only to an address the policy checked, and what fails is said in words.
 */
class WebhookHttpTests {

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void close() throws Exception {
		this.release.countDown();
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void aNameIsReachedAtTheAddressThePolicyCheckedAndNowhereElse() throws Exception {
		List<String> hosts = new CopyOnWriteArrayList<>();
		int port = receiver((exchange) -> {
			hosts.add(exchange.getRequestHeaders().getFirst("Host"));
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		AtomicInteger lookups = new AtomicInteger();
		// receiver.test exists only in this lookup: reaching the receiver proves the
		// connection went to the address the policy resolved and checked
		TargetPolicy.Lookup dns = (host) -> {
			lookups.incrementAndGet();
			if (!host.equals("receiver.test")) {
				throw new UnknownHostException(host);
			}
			return new InetAddress[] { InetAddress.getLoopbackAddress() };
		};
		URI url = URI.create("http://receiver.test:" + port + "/hook");

		WebhookHttp.Outcome delivered = http(new TargetPolicy(true, dns), settings(5000, 5000)).post(url, Map.of(),
				"{}");
		assertThat(delivered).isEqualTo(new WebhookHttp.Outcome(204, null));
		assertThat(hosts).containsExactly("receiver.test:" + port);
		assertThat(lookups).as("one resolution per delivery: the checked one").hasValue(1);

		WebhookHttp.Outcome refused = http(new TargetPolicy(false, dns), settings(5000, 5000)).post(url, Map.of(),
				"{}");
		assertThat(refused.statusCode()).isNull();
		assertThat(refused.error()).isEqualTo("receiver.test resolves to 127.0.0.1, a loopback address; webhooks are "
				+ "sent only to public internet addresses");
		assertThat(hosts).as("a refused address is never connected to").hasSize(1);
	}

	@Test
	void oneRefusedAddressAmongPublicOnesRefusesTheHost() throws Exception {
		int port = receiver((exchange) -> {
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		TargetPolicy policy = new TargetPolicy(false, (host) -> new InetAddress[] {
				InetAddress.getByName("93.184.216.34"), InetAddress.getLoopbackAddress() });
		WebhookHttp.Outcome outcome = http(policy, settings(5000, 5000))
			.post(URI.create("http://rebind.test:" + port + "/hook"), Map.of(), "{}");
		assertThat(outcome.error()).startsWith("rebind.test resolves to 127.0.0.1, a loopback address");
	}

	@Test
	void whatFailedIsSaidInWords() throws Exception {
		WebhookHttp http = http(new TargetPolicy(true, InetAddress::getAllByName), settings(5000, 5000));
		WebhookHttp impatient = http(new TargetPolicy(true, InetAddress::getAllByName), settings(5000, 300));

		int closed;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = socket.getLocalPort();
		}
		assertThat(http.post(URI.create("http://127.0.0.1:" + closed + "/hook"), Map.of(), "{}").error())
			.isEqualTo("could not connect to 127.0.0.1:" + closed + " (connection refused)");

		int failing = receiver((exchange) -> {
			exchange.sendResponseHeaders(500, -1);
			exchange.close();
		});
		assertThat(http.post(URI.create("http://127.0.0.1:" + failing + "/hook"), Map.of(), "{}"))
			.isEqualTo(new WebhookHttp.Outcome(500, "the endpoint answered 500"));

		int moved = receiver((exchange) -> {
			exchange.getResponseHeaders().add("Location", "http://10.0.0.1/hook");
			exchange.sendResponseHeaders(301, -1);
			exchange.close();
		});
		WebhookHttp.Outcome redirect = http.post(URI.create("http://127.0.0.1:" + moved + "/hook"), Map.of(), "{}");
		assertThat(redirect.statusCode()).isEqualTo(301);
		assertThat(redirect.error()).startsWith("the endpoint answered 301, a redirect, which webhooks do not follow");

		int silent = receiver((exchange) -> {
			await(this.release);
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		assertThat(impatient.post(URI.create("http://127.0.0.1:" + silent + "/hook"), Map.of(), "{}").error())
			.isEqualTo("timed out after 0.3 s waiting for the response from 127.0.0.1:" + silent);

		WebhookHttp nowhere = http(new TargetPolicy(false, (host) -> {
			throw new UnknownHostException(host);
		}), settings(5000, 300));
		assertThat(nowhere.post(URI.create("https://hooks.nowhere.test/x"), Map.of(), "{}").error())
			.isEqualTo("could not find the address of hooks.nowhere.test (the name does not resolve)");

		// a server that answers plain HTTP to anything, such as a TLS handshake
		ServerSocket plainServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		this.resources.add(plainServer);
		Thread answering = new Thread(() -> {
			try (Socket socket = plainServer.accept()) {
				socket.getOutputStream()
					.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().flush();
				await(this.release);
			}
			catch (IOException ex) {
				// the sender hung up
			}
		});
		answering.setDaemon(true);
		answering.start();
		int plain = plainServer.getLocalPort();
		assertThat(http.post(URI.create("https://127.0.0.1:" + plain + "/hook"), Map.of(), "{}").error())
			.startsWith("the TLS ")
			.contains("127.0.0.1:" + plain)
			.endsWith("(does it speak HTTPS on this port?)");
	}

	@Test
	@Timeout(60)
	void anEndlessAnswerIsCutOnceItsStatusIsKnown() throws Exception {
		int port = receiver((exchange) -> {
			exchange.sendResponseHeaders(200, 0);
			byte[] chunk = new byte[8192];
			try (OutputStream out = exchange.getResponseBody()) {
				while (true) {
					out.write(chunk);
				}
			}
			catch (IOException ex) {
				// the sender hung up, as it should
			}
		});
		WebhookHttp.Outcome outcome = http(new TargetPolicy(true, InetAddress::getAllByName), settings(5000, 5000))
			.post(URI.create("http://127.0.0.1:" + port + "/hook"), Map.of(), "{}");
		assertThat(outcome).isEqualTo(new WebhookHttp.Outcome(200, null));
	}

	@Test
	@Timeout(60)
	void anAnswerTrickledSlowerThanTheDeadlineIsCut() throws Exception {
		ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		this.resources.add(server);
		Thread trickle = new Thread(() -> {
			try (Socket socket = server.accept()) {
				byte[] answer = "HTTP/1.1 200 OK\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
					.getBytes(StandardCharsets.US_ASCII);
				// every byte well within the read timeout, the whole answer never
				for (int i = 0; !this.release.await(50, TimeUnit.MILLISECONDS); i = (i + 1) % answer.length) {
					socket.getOutputStream().write(answer[Math.min(i, answer.length - 1)]);
					socket.getOutputStream().flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// the sender hung up
			}
		});
		trickle.setDaemon(true);
		trickle.start();
		WebhookHttp.Outcome outcome = http(new TargetPolicy(true, InetAddress::getAllByName), settings(1000, 2000))
			.post(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/hook"), Map.of(), "{}");
		assertThat(outcome.statusCode()).isNull();
		assertThat(outcome.error())
			.isEqualTo("127.0.0.1:" + server.getLocalPort() + " did not finish answering within 3 s");
	}

	private static WebhookSettings settings(long connectMillis, long responseMillis) {
		return new WebhookSettings(false, Duration.ofMillis(connectMillis), Duration.ofMillis(responseMillis),
				Duration.ofHours(24), 5, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(3));
	}

	private WebhookHttp http(TargetPolicy policy, WebhookSettings settings) {
		WebhookHttp http = new WebhookHttp(policy, settings);
		this.resources.add(http);
		return http;
	}

	private int receiver(HttpHandler handler) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/hook", handler);
		server.start();
		this.resources.add(0, () -> server.stop(0));
		return server.getAddress().getPort();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
