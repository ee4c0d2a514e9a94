package io.revcycle.plugin.host;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.Action;
import io.revcycle.plugin.api.ActionResult;
import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorConfig;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.Http;
import io.revcycle.plugin.api.PollResult;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;
import io.revcycle.plugin.host.ConnectorFailure.Kind;
import io.revcycle.plugin.host.ConnectorRuntime.Call;
import io.revcycle.plugin.host.ConnectorRuntime.Health;

import static io.revcycle.plugin.host.Stubs.checking;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ConnectorRuntimeTests {

	private static final ConnectorConfig CONFIG = new ConnectorConfig(
			Map.of("apiKey", "sk_live_42", "account", "main"));

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-15T10:00:00Z"));

	private final List<String> logLines = new CopyOnWriteArrayList<>();

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	@Test
	void createsTheConnectorOnceWithItsContextAndReturnsWhatItStaged() {
		AtomicInteger created = new AtomicInteger();
		ConnectorRuntime runtime = runtime(policy(1000, 3, 2), (context) -> {
			created.incrementAndGet();
			assertThat(context.instanceId()).isEqualTo("i-1");
			assertThat(context.tenant()).isEqualTo("acme");
			assertThat(context.config().require("apiKey")).isEqualTo("sk_live_42");
			assertThat(context.clock()).isSameAs(this.clock);
			return new Poller(context);
		});
		runtime.committed(Map.of("page", "1"));

		Call<PollResult> first = runtime.poll(null);
		Call<PollResult> second = runtime.poll("c1");

		assertThat(created).hasValue(1);
		assertThat(first.cursors()).containsExactly(Map.entry("page", "2"));
		assertThat(first.value().nextCursor()).isEqualTo("read page 1");
		assertThat(second.value().nextCursor()).as("nothing committed in between").isEqualTo("read page 1");
		runtime.committed(first.cursors());
		assertThat(runtime.poll("c2").value().nextCursor()).isEqualTo("read page 2");
		assertThat(runtime.cursors()).containsExactly(Map.entry("page", "2"));
	}

	@Test
	void concurrentCallsStageTheirOwnCursors() throws Exception {
		CountDownLatch bothStaged = new CountDownLatch(2);
		ConnectorRuntime runtime = runtime(policy(5000, 3, 2), (context) -> new Connector() {

			@Override
			public CheckResult check() {
				return CheckResult.ok("fine");
			}

			@Override
			public PollResult poll(String cursor) throws IOException {
				context.cursors().put("stream", cursor);
				bothStaged.countDown();
				try {
					bothStaged.await(5, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					throw new IOException(ex);
				}
				return PollResult.nothingAfter(context.cursors().get("stream").orElseThrow());
			}

		});
		ExecutorService callers = Executors.newFixedThreadPool(2);
		try {
			Future<Call<PollResult>> a = callers.submit(() -> runtime.poll("a"));
			Future<Call<PollResult>> b = callers.submit(() -> runtime.poll("b"));
			assertThat(a.get().cursors()).containsExactly(Map.entry("stream", "a"));
			assertThat(a.get().value().nextCursor()).isEqualTo("a");
			assertThat(b.get().cursors()).containsExactly(Map.entry("stream", "b"));
			assertThat(b.get().value().nextCursor()).isEqualTo("b");
		}
		finally {
			callers.shutdownNow();
		}
	}

	@Test
	void aCursorCannotBeStagedOutsideACall() {
		List<ConnectorContext> contexts = new ArrayList<>();
		ConnectorRuntime runtime = runtime(policy(1000, 3, 2), (context) -> {
			contexts.add(context);
			return checking(() -> CheckResult.ok("fine"));
		});
		runtime.check();
		assertThatIllegalStateException().isThrownBy(() -> contexts.get(0).cursors().put("x", "1"))
			.withMessageContaining("outside a call");
	}

	@Test
	void aCallThatTakesTooLongTimesOutIsInterruptedAndMarksTheInstanceUnhealthy() throws Exception {
		CountDownLatch interrupted = new CountDownLatch(1);
		ConnectorRuntime runtime = runtime(policy(200, 3, 2), (context) -> checking(() -> {
			try {
				Thread.sleep(10_000);
			}
			catch (InterruptedException ex) {
				interrupted.countDown();
			}
			return CheckResult.ok("late");
		}));

		long start = System.nanoTime();
		assertThatExceptionOfType(ConnectorFailure.class).isThrownBy(runtime::check)
			.satisfies((f) -> assertThat(f.kind()).isEqualTo(Kind.TIMEOUT))
			.withMessageContaining("did not answer within 200 ms");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the call's thread was interrupted").isTrue();
		Health health = runtime.health();
		assertThat(health.healthy()).isFalse();
		assertThat(health.state()).isEqualTo(Health.UNHEALTHY);
		assertThat(health.lastError()).contains("did not answer");
	}

	@Test
	void consecutiveFailuresOpenTheCircuitUntilATrialCallSucceeds() {
		AtomicInteger calls = new AtomicInteger();
		AtomicInteger failUntil = new AtomicInteger(2);
		ConnectorRuntime runtime = runtime(policy(1000, 2, 2), (context) -> checking(() -> {
			if (calls.incrementAndGet() <= failUntil.get()) {
				throw new IOException("remote down");
			}
			return CheckResult.ok("fine");
		}));

		assertThat(kindOf(runtime::check)).isEqualTo(Kind.ERROR);
		assertThat(kindOf(runtime::check)).isEqualTo(Kind.ERROR);
		assertThat(runtime.health().state()).isEqualTo(Health.OPEN);
		assertThat(kindOf(runtime::check)).isEqualTo(Kind.CIRCUIT_OPEN);
		assertThat(calls).as("an open circuit does not call the connector").hasValue(2);

		this.clock.advance(Duration.ofSeconds(30));
		assertThat(runtime.check().value().ok()).isTrue();
		assertThat(runtime.health().healthy()).isTrue();
		assertThat(runtime.health().state()).isEqualTo(Health.HEALTHY);
	}

	@Test
	void callsHangingInEverySlotMakeFurtherCallsBusyAtOnce() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		ConnectorRuntime runtime = runtime(policy(200, 5, 1), (context) -> checking(() -> {
			// ignores interrupts, as badly written plugins do
			while (true) {
				try {
					if (release.await(5, TimeUnit.SECONDS)) {
						return CheckResult.ok("released");
					}
				}
				catch (InterruptedException ex) {
					// keep hanging
				}
			}
		}));

		assertThat(kindOf(runtime::check)).isEqualTo(Kind.TIMEOUT);
		long start = System.nanoTime();
		assertThatExceptionOfType(ConnectorFailure.class).isThrownBy(runtime::check)
			.satisfies((f) -> assertThat(f.kind()).isEqualTo(Kind.BUSY))
			.withMessageContaining("call slots");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(150));

		release.countDown();
		assertThat(checkWhenFree(runtime).value().message()).isEqualTo("released");
	}

	@Test
	void aDefaultMethodIsUnsupportedAndNoFailure() {
		ConnectorRuntime runtime = runtime(policy(1000, 1, 1), (context) -> checking(() -> CheckResult.ok("fine")));
		assertThatExceptionOfType(ConnectorFailure.class).isThrownBy(() -> runtime.poll(null))
			.satisfies((f) -> assertThat(f.kind()).isEqualTo(Kind.UNSUPPORTED))
			.withMessageContaining("does not poll");
		assertThat(kindOf(() -> runtime.handleWebhook(webhook()))).isEqualTo(Kind.UNSUPPORTED);
		assertThat(runtime.health().healthy()).isTrue();
		assertThat(runtime.check().value().ok()).isTrue();
	}

	@Test
	void anUnsupportedOperationOfThePluginsOwnCodeIsAnError() {
		ConnectorRuntime runtime = runtime(policy(1000, 3, 1), (context) -> checking(() -> {
			List.of().add(null);
			return CheckResult.ok("unreachable");
		}));
		assertThat(kindOf(runtime::check)).isEqualTo(Kind.ERROR);
		assertThat(runtime.health().healthy()).isFalse();
	}

	@Test
	void anUndeclaredActionIsUnsupportedWithoutCallingTheConnector() {
		AtomicInteger performed = new AtomicInteger();
		ConnectorRuntime runtime = runtime(policy(1000, 3, 1), (context) -> new Connector() {

			@Override
			public CheckResult check() {
				return CheckResult.ok("fine");
			}

			@Override
			public ActionResult perform(Action action) {
				performed.incrementAndGet();
				return ActionResult.done("remote-" + action.idempotencyKey());
			}

		});
		assertThat(runtime.perform(new Action("notify", "k1", Map.of())).value().externalId()).isEqualTo("remote-k1");
		assertThatExceptionOfType(ConnectorFailure.class)
			.isThrownBy(() -> runtime.perform(new Action("delete_everything", "k2", Map.of())))
			.satisfies((f) -> assertThat(f.kind()).isEqualTo(Kind.UNSUPPORTED))
			.withMessageContaining("delete_everything");
		assertThat(performed).hasValue(1);
	}

	@Test
	void aNullAnswerOrAFailingCreateIsAnErrorAndCreateIsTriedAgain() {
		AtomicInteger creates = new AtomicInteger();
		ConnectorRuntime runtime = runtime(policy(1000, 5, 1), (context) -> {
			if (creates.incrementAndGet() == 1) {
				throw new IllegalStateException("not yet");
			}
			return checking(() -> null);
		});
		assertThatExceptionOfType(ConnectorFailure.class).isThrownBy(runtime::check).withMessageContaining("not yet");
		assertThatExceptionOfType(ConnectorFailure.class).isThrownBy(runtime::check)
			.withMessageContaining("returned null");
		assertThat(creates).hasValue(2);
	}

	@Test
	void failureMessagesAndLogLinesNeverCarryASecret() {
		ConnectorRuntime runtime = runtime(policy(1000, 5, 1), (context) -> checking(() -> {
			context.logger().log(System.Logger.Level.INFO, "checking with key {0}", context.config().require("apiKey"));
			throw new IOException("401: key sk_live_42 is invalid",
					new IllegalArgumentException("sk_live_42 rejected"));
		}));
		assertThatExceptionOfType(ConnectorFailure.class).isThrownBy(runtime::check).satisfies((f) -> {
			assertThat(f.getMessage()).contains("java.io.IOException: 401: key **** is invalid")
				.doesNotContain("sk_live_42");
			assertThat(f.getCause()).hasMessageNotContaining("sk_live_42");
			assertThat(f.getCause().getCause()).hasMessage("java.lang.IllegalArgumentException: **** rejected");
		});
		assertThat(runtime.health().lastError()).doesNotContain("sk_live_42");
		assertThat(this.logLines).containsExactly("INFO [tenant=acme instance=i-1] checking with key ****");
	}

	@Test
	void theTextsOfWhatTheConnectorReturnsNeverCarryASecret() {
		ConnectorRuntime runtime = runtime(policy(1000, 5, 1), (context) -> new Connector() {

			private final String key = context.config().require("apiKey");

			@Override
			public CheckResult check() {
				return CheckResult.failed("key " + this.key + " was refused");
			}

			@Override
			public WebhookResult handleWebhook(WebhookRequest request) {
				return WebhookResult.reject("signature does not match " + this.key);
			}

			@Override
			public ActionResult perform(Action action) {
				return new ActionResult(ActionResult.Status.RETRY, "ext-" + action.idempotencyKey(),
						"sent with " + this.key, Duration.ofSeconds(9),
						Map.of("key", this.key, "attempts", 2, "echo", List.of("header " + this.key)));
			}

		});

		CheckResult check = runtime.check().value();
		assertThat(check.ok()).isFalse();
		assertThat(check.message()).isEqualTo("key **** was refused");
		WebhookResult webhook = runtime.handleWebhook(webhook()).value();
		assertThat(webhook.outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
		assertThat(webhook.reason()).isEqualTo("signature does not match ****");
		ActionResult action = runtime.perform(new Action("notify", "k1", Map.of())).value();
		assertThat(action.status()).isEqualTo(ActionResult.Status.RETRY);
		assertThat(action.externalId()).isEqualTo("ext-k1");
		assertThat(action.retryAfter()).isEqualTo(Duration.ofSeconds(9));
		assertThat(action.message()).isEqualTo("sent with ****");
		assertThat(action.output())
			.containsExactlyInAnyOrderEntriesOf(Map.of("key", "****", "attempts", 2, "echo", List.of("header ****")));
		assertThat(runtime.health().healthy()).as("a masked answer is no failure").isTrue();
	}

	@Test
	void anAnswerWhoseTextsCannotBeReadIsAFailureOfTheCall() {
		ConnectorRuntime runtime = runtime(policy(1000, 5, 1), (context) -> new Connector() {

			@Override
			public CheckResult check() {
				return CheckResult.ok("fine");
			}

			@Override
			public ActionResult perform(Action action) {
				List<String> broken = new java.util.AbstractList<>() {

					@Override
					public String get(int index) {
						throw new IllegalStateException("no item " + index);
					}

					@Override
					public int size() {
						return 1;
					}

				};
				return new ActionResult(ActionResult.Status.DONE, "ext-1", null, null, Map.of("items", broken));
			}

		});
		assertThatExceptionOfType(ConnectorFailure.class)
			.isThrownBy(() -> runtime.perform(new Action("notify", "k1", Map.of())))
			.satisfies((f) -> assertThat(f.kind()).isEqualTo(Kind.ERROR))
			.withMessageContaining("no item 0");
	}

	@Test
	void theHttpClientCallsDeclaredAndOperatorHostsOnlyAndFollowsNoRedirect() throws Exception {
		HttpServer server = server();
		URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
		ConnectorRuntime runtime = runtime(policy(2000, 5, 1), Set.of("127.0.0.1"), (context) -> checking(() -> {
			Http.Response ok = context.http().send(Http.Request.get(base.resolve("/ok")));
			Http.Response moved = context.http().send(Http.Request.get(base.resolve("/moved")));
			return CheckResult.ok(ok.status() + " " + ok.text() + " / " + moved.status());
		}));
		assertThat(runtime.check().value().message()).isEqualTo("200 fine / 302");

		ConnectorRuntime strict = runtime(policy(2000, 5, 1), Set.of(), (context) -> checking(() -> {
			context.http().send(Http.Request.get(base.resolve("/ok")));
			return CheckResult.ok("unreachable");
		}));
		assertThatExceptionOfType(ConnectorFailure.class).isThrownBy(strict::check)
			.withMessageContaining("may not call host '127.0.0.1'")
			.withMessageContaining("ConnectorDescriptor.hosts()");
	}

	@Test
	void theHttpClientRefusesEveryCallWhileAWebhookIsHandled() throws Exception {
		HttpServer server = server();
		AtomicInteger requests = new AtomicInteger();
		server.createContext("/count", (exchange) -> {
			requests.incrementAndGet();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/count");
		ConnectorRuntime runtime = runtime(policy(2000, 5, 1), Set.of("127.0.0.1"), (context) -> new Connector() {

			@Override
			public CheckResult check() throws IOException {
				return CheckResult.ok(String.valueOf(context.http().send(Http.Request.get(uri)).status()));
			}

			@Override
			public WebhookResult handleWebhook(WebhookRequest request) {
				try {
					context.http().send(Http.Request.get(uri));
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
				return WebhookResult.accept(List.of());
			}

		});

		assertThatExceptionOfType(ConnectorFailure.class).isThrownBy(() -> runtime.handleWebhook(webhook()))
			.satisfies((f) -> assertThat(f.kind()).isEqualTo(Kind.ERROR))
			.withMessageContaining("SecurityException")
			.withMessageContaining("network I/O is not allowed while a webhook is handled");
		assertThat(requests).hasValue(0);
		assertThat(runtime.check().value().message()).isEqualTo("204");
		assertThat(requests).hasValue(1);
	}

	@Test
	void closeClosesTheConnectorAndRefusesFurtherCalls() {
		AtomicInteger closed = new AtomicInteger();
		ConnectorRuntime runtime = runtime(policy(1000, 5, 2), (context) -> new Connector() {

			@Override
			public CheckResult check() {
				return CheckResult.ok("fine");
			}

			@Override
			public void close() {
				closed.incrementAndGet();
			}

		});
		runtime.check();
		runtime.close();
		runtime.close();
		assertThat(closed).hasValue(1);
		assertThatIllegalStateException().isThrownBy(runtime::check).withMessageContaining("closed");
	}

	private ConnectorRuntime runtime(CallPolicy policy, Function<ConnectorContext, Connector> create) {
		return runtime(policy, Set.of(), create);
	}

	private ConnectorRuntime runtime(CallPolicy policy, Set<String> extraHosts,
			Function<ConnectorContext, Connector> create) {
		ConnectorRuntime runtime = new ConnectorRuntime(Stubs.loaded(create), "i-1", "acme", CONFIG, Map.of(),
				this.clock, policy, extraHosts, this.logLines::add);
		this.closeables.add(runtime);
		return runtime;
	}

	private static CallPolicy policy(long timeoutMillis, int failuresToOpen, int maxConcurrentCalls) {
		return new CallPolicy(Duration.ofMillis(timeoutMillis), failuresToOpen, Duration.ofSeconds(30),
				maxConcurrentCalls);
	}

	private static Kind kindOf(Runnable call) {
		try {
			call.run();
		}
		catch (ConnectorFailure failure) {
			return failure.kind();
		}
		throw new AssertionError("the call did not fail");
	}

	/** Checks until a slot is free again (the released call returns its slot shortly). */
	private static Call<CheckResult> checkWhenFree(ConnectorRuntime runtime) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (true) {
			try {
				return runtime.check();
			}
			catch (ConnectorFailure failure) {
				if (failure.kind() != Kind.BUSY || System.nanoTime() > deadline) {
					throw failure;
				}
				Thread.sleep(20);
			}
		}
	}

	private static WebhookRequest webhook() {
		return new WebhookRequest("POST", URI.create("https://hooks.example.com/hooks/acme/i-1"), Map.of(),
				"{}".getBytes(StandardCharsets.UTF_8), null, Instant.parse("2026-01-15T10:00:00Z"));
	}

	private HttpServer server() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/ok", (exchange) -> {
			byte[] body = "fine".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.createContext("/moved", (exchange) -> {
			exchange.getResponseHeaders().add("Location", "http://evil.example.net/");
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});
		server.start();
		this.closeables.add(() -> server.stop(0));
		return server;
	}

	/** Reads the committed page, stages the next one. */
	private static final class Poller implements Connector {

		private final ConnectorContext context;

		Poller(ConnectorContext context) {
			this.context = context;
		}

		@Override
		public CheckResult check() {
			return CheckResult.ok("fine");
		}

		@Override
		public PollResult poll(String cursor) {
			String page = this.context.cursors().get("page").orElse("0");
			this.context.cursors().put("page", String.valueOf(Integer.parseInt(page) + 1));
			return PollResult.nothingAfter("read page " + page);
		}

	}

}
