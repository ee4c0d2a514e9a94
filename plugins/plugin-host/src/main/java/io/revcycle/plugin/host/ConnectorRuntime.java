package io.revcycle.plugin.host;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.revcycle.plugin.api.Action;
import io.revcycle.plugin.api.ActionResult;
import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorConfig;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.CursorStore;
import io.revcycle.plugin.api.Http;
import io.revcycle.plugin.api.PollResult;
import io.revcycle.plugin.api.RateLimits;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;

/**
 * One configured connector instance of one tenant, and the only way the host calls it.
 * The plugin's {@link Connector} is created on the first call, with a
 * {@link ConnectorContext} this runtime implements. Every call:
 * <ul>
 * <li>runs on a thread of the instance, with the plugin's class loader as context class
 * loader, and fails as {@link ConnectorFailure.Kind#TIMEOUT} after the policy's timeout
 * (its thread is interrupted);</li>
 * <li>takes one of the instance's {@link CallPolicy#maxConcurrentCalls()} slots, held
 * until the plugin's code returns: when calls hang, further calls fail at once as
 * {@link ConnectorFailure.Kind#BUSY} and no other instance is affected;</li>
 * <li>passes the instance's circuit breaker: after {@link CallPolicy#failuresToOpen()}
 * consecutive failures (timeouts and errors) calls fail at once as
 * {@link ConnectorFailure.Kind#CIRCUIT_OPEN} until {@link CallPolicy#openFor()} has
 * passed on the clock, then one trial call decides.</li>
 * </ul>
 * A successful call returns the connector's answer with the cursor values it staged; the
 * embedder stores its events and those cursors in one transaction, then reports them with
 * {@link #committed(Map)}. The texts of an answer that reach people (the message of a
 * {@link CheckResult} or an {@link ActionResult}, the strings of an action's output, the
 * reason of a {@link WebhookResult}) have every value of a secret configuration field
 * replaced by {@value Secrets#MASK}, as in log lines and failure messages; the connector
 * has leaked a secret then, and the runtime says so in a WARN line. Safe for concurrent
 * use.
 */
public final class ConnectorRuntime implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ConnectorRuntime.class);

	/**
	 * What one successful call of a connector returned.
	 *
	 * @param value the connector's answer
	 * @param cursors the cursor values the connector staged during this call; the
	 * embedder commits them with the call's events, then tells the runtime with
	 * {@link #committed(Map)}
	 * @param <T> the answer's type
	 */
	public record Call<T>(T value, Map<String, String> cursors) {

		public Call {
			cursors = (cursors != null) ? Map.copyOf(cursors) : Map.of();
		}

	}

	/**
	 * The health of one connector instance, as its calls went.
	 *
	 * @param healthy whether the last call succeeded and the circuit is closed
	 * @param state {@value #HEALTHY}, {@value #UNHEALTHY} (the last call failed) or
	 * {@value #OPEN} (calls fail fast until the breaker lets a trial call through)
	 * @param lastError the message of the last failure (secrets masked), or null when
	 * none happened yet; kept after the instance healed
	 * @param since when the instance entered this state
	 * @param consecutiveFailures the failures since the last success
	 */
	public record Health(boolean healthy, String state, String lastError, Instant since, int consecutiveFailures) {

		/** Every call of late succeeded. */
		public static final String HEALTHY = "HEALTHY";

		/** The last call failed; the circuit is still closed. */
		public static final String UNHEALTHY = "UNHEALTHY";

		/** The circuit is open: calls fail fast. */
		public static final String OPEN = "OPEN";

	}

	private final LoadedConnector connector;

	private final String instanceId;

	private final String tenant;

	private final CallPolicy policy;

	private final Secrets secrets;

	private final Breaker breaker;

	private final Semaphore slots;

	private final ExecutorService threads;

	private final Map<String, String> committed = new ConcurrentHashMap<>();

	private final InheritableThreadLocal<CallScope> scope = new InheritableThreadLocal<>();

	private final AtomicInteger webhooksInFlight = new AtomicInteger();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final ConnectorContext context;

	private final Object creation = new Object();

	private volatile Connector instance;

	/**
	 * A runtime whose plugin log lines go to SLF4J only.
	 * @see #ConnectorRuntime(LoadedConnector, String, String, ConnectorConfig, Map,
	 * Clock, CallPolicy, Set, Consumer)
	 */
	public ConnectorRuntime(LoadedConnector connector, String instanceId, String tenant, ConnectorConfig config,
			Map<String, String> committedCursors, Clock clock, CallPolicy policy, Set<String> extraAllowedHosts) {
		this(connector, instanceId, tenant, config, committedCursors, clock, policy, extraAllowedHosts, null);
	}

	/**
	 * A runtime for one configured instance.
	 * @param connector the loaded connector
	 * @param instanceId the instance's id
	 * @param tenant the tenant's slug
	 * @param config the instance's configuration: validated, defaults applied
	 * ({@link LoadedConnector#resolve(Map)}), secrets decrypted
	 * @param committedCursors the cursor values committed so far
	 * @param clock the clock the connector and the circuit breaker use
	 * @param policy timeouts, breaker and bulkhead
	 * @param extraAllowedHosts hosts the operator allows beyond those the descriptor
	 * declares (such as {@code localhost} for a local fake)
	 * @param logTap also receives every line the connector logs, masked, or null
	 */
	public ConnectorRuntime(LoadedConnector connector, String instanceId, String tenant, ConnectorConfig config,
			Map<String, String> committedCursors, Clock clock, CallPolicy policy, Set<String> extraAllowedHosts,
			Consumer<String> logTap) {
		this(connector, instanceId, tenant, config, committedCursors, clock, policy, extraAllowedHosts, logTap,
				new LocalRateLimits(clock));
	}

	/**
	 * A runtime for one configured instance, with rate limits the host shares between its
	 * replicas.
	 * @param rateLimits the instance's rate limits, scoped to it by the host
	 * @see #ConnectorRuntime(LoadedConnector, String, String, ConnectorConfig, Map,
	 * Clock, CallPolicy, Set, Consumer)
	 */
	public ConnectorRuntime(LoadedConnector connector, String instanceId, String tenant, ConnectorConfig config,
			Map<String, String> committedCursors, Clock clock, CallPolicy policy, Set<String> extraAllowedHosts,
			Consumer<String> logTap, RateLimits rateLimits) {
		this.connector = Objects.requireNonNull(connector, "connector");
		this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
		this.tenant = Objects.requireNonNull(tenant, "tenant");
		Objects.requireNonNull(config, "config");
		Objects.requireNonNull(clock, "clock");
		this.policy = Objects.requireNonNull(policy, "policy");
		this.secrets = Secrets.of(connector.spec(), config);
		this.breaker = new Breaker(clock, policy.failuresToOpen(), policy.openFor());
		this.slots = new Semaphore(policy.maxConcurrentCalls());
		AtomicInteger count = new AtomicInteger();
		String threadName = "connector-" + connector.id() + "-" + instanceId + "-";
		ClassLoader pluginLoader = connector.factory().getClass().getClassLoader();
		// grows only as far as the slots allow (plus one for close)
		this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				(task) -> {
					Thread thread = new Thread(task, threadName + count.incrementAndGet());
					thread.setDaemon(true);
					thread.setContextClassLoader(pluginLoader);
					return thread;
				});
		if (committedCursors != null) {
			committed(committedCursors);
		}
		Http http = new HostHttp(connector.id(),
				AllowedHosts.of(connector.descriptor().hosts(),
						(extraAllowedHosts != null) ? extraAllowedHosts : Set.of()),
				policy.timeout(), this::handlingWebhook);
		System.Logger logger = new HostLogger(connector.id(), tenant, instanceId, this.secrets, logTap);
		CursorStore cursors = new HostCursorStore(this.committed, this::currentCall);
		this.context = new Context(instanceId, tenant, config, http, clock, logger, cursors,
				Objects.requireNonNull(rateLimits, "rateLimits"));
	}

	/** Whether the remote system can be reached with this configuration. */
	public Call<CheckResult> check() {
		return invoke("check", false, Connector::check, this.secrets::mask);
	}

	/**
	 * Lets the connector verify and map a webhook; it runs with network I/O refused.
	 * @param request the request as received
	 */
	public Call<WebhookResult> handleWebhook(WebhookRequest request) {
		Objects.requireNonNull(request, "request");
		return invoke("handleWebhook", true, (c) -> c.handleWebhook(request), this.secrets::mask);
	}

	/**
	 * Reads what changed since the cursor.
	 * @param cursor the committed poll cursor, or null for the first poll
	 */
	public Call<PollResult> poll(String cursor) {
		return invoke("poll", false, (c) -> c.poll(cursor), UnaryOperator.identity());
	}

	/**
	 * Performs an action; an action type the descriptor does not declare fails as
	 * {@link ConnectorFailure.Kind#UNSUPPORTED} without calling the connector.
	 * @param action the action
	 */
	public Call<ActionResult> perform(Action action) {
		Objects.requireNonNull(action, "action");
		if (!this.connector.descriptor().actions().contains(action.type())) {
			throw new ConnectorFailure(ConnectorFailure.Kind.UNSUPPORTED, label() + ": action type '" + action.type()
					+ "' is not among the actions it declares " + this.connector.descriptor().actions());
		}
		return invoke("perform", false, (c) -> c.perform(action), this.secrets::mask);
	}

	/**
	 * Tells the runtime which cursor values the embedder committed, so later calls read
	 * them. A null value removes the cursor.
	 * @param cursors the committed values, by cursor name
	 */
	public void committed(Map<String, String> cursors) {
		cursors.forEach((name, value) -> {
			if (value == null) {
				this.committed.remove(name);
			}
			else {
				this.committed.put(name, value);
			}
		});
	}

	/** The committed cursor values, as the runtime knows them. */
	public Map<String, String> cursors() {
		return Map.copyOf(this.committed);
	}

	/** How the instance's calls went. */
	public Health health() {
		return this.breaker.health();
	}

	/** The connector this instance runs. */
	public LoadedConnector connector() {
		return this.connector;
	}

	public String instanceId() {
		return this.instanceId;
	}

	public String tenant() {
		return this.tenant;
	}

	/**
	 * Refuses further calls, waits up to the policy's timeout for calls under way, then
	 * closes the plugin's connector (not if calls still hang: it must never be closed
	 * during a call). Calling it again does nothing.
	 */
	@Override
	public void close() {
		if (this.closed.getAndSet(true)) {
			return;
		}
		try {
			int all = this.policy.maxConcurrentCalls();
			boolean idle = this.slots.tryAcquire(all, this.policy.timeout().toMillis(), TimeUnit.MILLISECONDS);
			Connector created = this.instance;
			if (created != null && idle) {
				FutureTask<Void> closing = new FutureTask<>(created::close, null);
				this.threads.execute(closing);
				closing.get(this.policy.timeout().toMillis(), TimeUnit.MILLISECONDS);
			}
			else if (created != null) {
				log.warn("{}: not closed, calls are still under way after {}", label(), this.policy.timeout());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException | RejectedExecutionException ex) {
			log.warn("{}: closing the connector failed: {}", label(),
					this.secrets.mask((ex.getCause() != null) ? ex.getCause().toString() : ex.toString()));
		}
		finally {
			this.threads.shutdownNow();
		}
	}

	@FunctionalInterface
	private interface PluginCall<T> {

		T call(Connector connector) throws Exception;

	}

	/**
	 * Calls the connector under the instance's rules.
	 * @param call the name of the connector's method, for messages
	 * @param webhook whether network I/O is refused during the call
	 * @param body what calls the connector
	 * @param mask masks the texts of the answer; returns the same answer when it holds no
	 * secret
	 */
	private <T> Call<T> invoke(String call, boolean webhook, PluginCall<T> body, UnaryOperator<T> mask) {
		if (this.closed.get()) {
			throw new IllegalStateException(label() + " is closed");
		}
		Breaker.Permit permit = this.breaker.permit();
		if (permit == Breaker.Permit.REFUSED) {
			Health health = this.breaker.health();
			throw new ConnectorFailure(ConnectorFailure.Kind.CIRCUIT_OPEN,
					label() + ": " + call + " was not made, the circuit is open after " + health.consecutiveFailures()
							+ " consecutive failures (last: " + health.lastError() + "); a trial call is allowed from "
							+ this.breaker.openUntil());
		}
		if (!this.slots.tryAcquire()) {
			this.breaker.neutral(permit);
			throw new ConnectorFailure(ConnectorFailure.Kind.BUSY, label() + ": " + call + " was not made, all "
					+ this.policy.maxConcurrentCalls() + " call slots are taken by calls that have not returned");
		}
		CallScope current = new CallScope(call, webhook);
		AtomicBoolean started = new AtomicBoolean();
		FutureTask<T> task = new FutureTask<>(() -> {
			started.set(true);
			return run(current, body, mask);
		});
		try {
			this.threads.execute(() -> {
				try {
					task.run();
				}
				finally {
					// cancelled before it started: run(..) never released the slot
					if (!started.get()) {
						this.slots.release();
					}
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.slots.release();
			this.breaker.neutral(permit);
			throw new IllegalStateException(label() + " is closed");
		}
		try {
			T value = task.get(this.policy.timeout().toMillis(), TimeUnit.MILLISECONDS);
			this.breaker.succeeded(permit);
			return new Call<>(value, current.staged());
		}
		catch (TimeoutException ex) {
			task.cancel(true);
			throw failed(permit, new ConnectorFailure(ConnectorFailure.Kind.TIMEOUT, label() + ": " + call
					+ " did not answer within " + describe(this.policy.timeout()) + "; its thread was interrupted"));
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof UnsupportedOperationException && thrownByDefaultMethod(cause)) {
				this.breaker.neutral(permit);
				throw new ConnectorFailure(ConnectorFailure.Kind.UNSUPPORTED,
						label() + ": " + call + " is not supported: "
								+ this.secrets.mask(Objects.toString(cause.getMessage(), "no details")));
			}
			throw failed(permit, new ConnectorFailure(ConnectorFailure.Kind.ERROR,
					label() + ": " + call + " failed: " + this.secrets.describe(cause), this.secrets.sanitize(cause)));
		}
		catch (InterruptedException ex) {
			task.cancel(true);
			this.breaker.neutral(permit);
			Thread.currentThread().interrupt();
			throw new ConnectorFailure(ConnectorFailure.Kind.ERROR,
					label() + ": " + call + " was abandoned, the calling thread was interrupted");
		}
	}

	private <T> T run(CallScope current, PluginCall<T> body, UnaryOperator<T> mask) throws Exception {
		this.scope.set(current);
		if (current.webhook()) {
			this.webhooksInFlight.incrementAndGet();
		}
		try {
			T value = body.call(pluginConnector());
			if (value == null) {
				throw new IllegalStateException("the connector returned null from " + current.name());
			}
			// on the call's thread: an answer's collections may be the plugin's own
			T masked = mask.apply(value);
			if (masked != value) {
				log.warn("{}: {} returned the value of a secret configuration field in its answer; it was replaced by "
						+ "{}: report this to the connector's provider", label(), current.name(), Secrets.MASK);
			}
			return masked;
		}
		finally {
			current.end();
			if (current.webhook()) {
				this.webhooksInFlight.decrementAndGet();
			}
			this.scope.remove();
			this.slots.release();
		}
	}

	private Connector pluginConnector() {
		Connector created = this.instance;
		if (created == null) {
			synchronized (this.creation) {
				created = this.instance;
				if (created == null) {
					created = this.connector.factory().create(this.context);
					if (created == null) {
						throw new IllegalStateException("the factory's create(context) returned null");
					}
					this.instance = created;
				}
			}
		}
		return created;
	}

	private ConnectorFailure failed(Breaker.Permit permit, ConnectorFailure failure) {
		this.breaker.failed(permit, failure.getMessage());
		Health health = this.breaker.health();
		if (Health.OPEN.equals(health.state())) {
			log.warn("{} (circuit open until {})", failure.getMessage(), this.breaker.openUntil());
		}
		else {
			log.warn(failure.getMessage());
		}
		return failure;
	}

	/** The call's scope on this thread, if it belongs to a call still under way. */
	private CallScope currentCall() {
		CallScope current = this.scope.get();
		return (current != null && !current.ended()) ? current : null;
	}

	/**
	 * Whether an HTTP call made now must be refused as webhook I/O: always on a webhook
	 * call's thread, and on a thread that belongs to no call while any webhook is
	 * handled.
	 */
	private boolean handlingWebhook() {
		CallScope current = currentCall();
		return (current != null) ? current.webhook() : this.webhooksInFlight.get() > 0;
	}

	private static boolean thrownByDefaultMethod(Throwable thrown) {
		StackTraceElement[] trace = thrown.getStackTrace();
		return trace.length > 0 && Connector.class.getName().equals(trace[0].getClassName());
	}

	private String label() {
		return "Connector '" + this.connector.id() + "' instance " + this.instanceId + " (tenant " + this.tenant + ")";
	}

	private static String describe(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
	}

	private record Context(String instanceId, String tenant, ConnectorConfig config, Http http, Clock clock,
			System.Logger logger, CursorStore cursors, RateLimits rateLimits) implements ConnectorContext {

		@Override
		public String toString() {
			return "ConnectorContext[instance=" + this.instanceId + ", tenant=" + this.tenant + "]";
		}

	}

}
